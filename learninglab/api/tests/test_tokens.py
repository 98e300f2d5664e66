"""Personal API tokens: made, shown once, stored hashed, revoked, and their last use."""

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from learninglab.accounts.models import ApiToken
from learninglab.accounts.tokens import api_token_create, api_token_revoke, api_token_use
from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry
from learninglab.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_token_key(staff):
    """The key of a token of Timișoara's staff member, whose prefix guesses may share."""
    _token, key = api_token_create(actor=staff, owner=staff, name="CRM sync")
    return key


def test_a_token_is_kept_only_as_a_digest(staff):
    token, key = api_token_create(actor=staff, owner=staff, name="CRM sync", scope="write")

    prefix, secret = key.removeprefix("ll_").split("_", 1)
    assert token.prefix == prefix
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert AuditEntry.objects.filter(action="accounts.api_token.created").count() == 1


def test_a_token_opens_until_revoked(staff):
    token, key = api_token_create(actor=staff, owner=staff, name="CRM sync")

    assert api_token_use(key=key) == token
    api_token_revoke(actor=staff, token=token)

    assert api_token_use(key=key) is None
    assert AuditEntry.objects.filter(action="accounts.api_token.revoked").count() == 1


@pytest.mark.parametrize("wrong", ["", "ll_", "ll_abc", "Bearer", "ll_nothere_secret"])
def test_keys_that_are_no_token_open_nothing(staff, wrong):
    api_token_create(actor=staff, owner=staff, name="CRM sync")

    assert api_token_use(key=wrong) is None


def test_the_right_prefix_with_a_wrong_secret_opens_nothing(staff):
    _token, key = api_token_create(actor=staff, owner=staff, name="CRM sync")

    assert api_token_use(key=key[:-2] + "xx") is None


def test_the_last_use_is_written_at_most_once_a_minute(staff):
    token, key = api_token_create(actor=staff, owner=staff, name="CRM sync")
    api_token_use(key=key)
    first = ApiToken.objects.get().last_used_at
    assert first is not None

    api_token_use(key=key)
    assert ApiToken.objects.get().last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    api_token_use(key=key)
    assert ApiToken.objects.get().last_used_at > first


@pytest.mark.parametrize(
    ("name", "scope", "code"),
    [
        ("  ", "read", "name_required"),
        ("x" * 101, "read", "name_too_long"),
        ("Sync", "admin", "unknown_scope"),
    ],
)
def test_bad_tokens_are_refused_with_a_code(staff, name, scope, code):
    with pytest.raises(DomainError) as refused:
        api_token_create(actor=staff, owner=staff, name=name, scope=scope)

    assert refused.value.code == code
    assert not ApiToken.objects.exists()


def test_the_command_prints_a_token_that_works(staff, capsys):
    call_command(
        "create_api_token",
        "--user",
        staff.email.upper(),
        "--scope",
        "write",
        "--name",
        "Nightly export",
    )

    key = capsys.readouterr().out.strip()
    token = api_token_use(key=key)
    assert token is not None
    assert (token.owner, token.scope, token.name) == (staff, "write", "Nightly export")
    assert AuditEntry.objects.get(action="accounts.api_token.created").via == "cli"


def test_the_command_refuses_an_unknown_or_inactive_account(db):
    inactive = UserFactory(is_active=False)

    with pytest.raises(CommandError, match="No staff account"):
        call_command("create_api_token", "--user", "nobody@example.org")
    with pytest.raises(CommandError, match="switched off"):
        call_command("create_api_token", "--user", inactive.email)
    assert not ApiToken.objects.exists()


# -- the security page ----------------------------------------------------------------


def test_staff_make_a_token_on_their_security_page_and_see_it_once(staff_client, staff):
    response = staff_client.post(
        reverse("accounts:api_token_create"), {"name": "CRM sync", "scope": "read"}
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = response.context["new_api_key"]
    assert key in response.content.decode()
    assert api_token_use(key=key).owner == staff
    page = staff_client.get(reverse("accounts:security")).content.decode()
    assert "CRM sync" in page
    assert key not in page


def test_a_token_without_a_name_is_not_made_and_the_page_says_why(staff_client):
    response = staff_client.post(
        reverse("accounts:api_token_create"), {"name": "", "scope": "read"}
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_staff_revoke_their_own_token_but_not_anothers(staff_client, staff, other_staff):
    own, _key = api_token_create(actor=staff, owner=staff, name="Mine")
    theirs, _key = api_token_create(actor=other_staff, owner=other_staff, name="Theirs")

    assert (
        staff_client.post(reverse("accounts:api_token_revoke", args=[theirs.pk])).status_code == 404
    )
    response = staff_client.post(reverse("accounts:api_token_revoke", args=[own.pk]), follow=True)

    assert "The API token “Mine” is revoked." in response.content.decode()
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.is_revoked and not theirs.is_revoked


def test_revoking_needs_a_post(staff_client, staff):
    own, _key = api_token_create(actor=staff, owner=staff, name="Mine")

    assert staff_client.get(reverse("accounts:api_token_revoke", args=[own.pk])).status_code == 405


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(key=st.text(max_size=120))
def test_no_key_but_the_one_made_opens_a_token(api_token_key, key):
    """Neither any text nor the real token's prefix with another secret opens it."""
    with_prefix = api_token_key[: len("ll_") + 13] + key
    assume(api_token_key not in (key, with_prefix))

    assert api_token_use(key=key) is None
    assert api_token_use(key=with_prefix) is None
