"""Two-factor authentication is required of every account before any staff page opens."""

from __future__ import annotations

import base64
import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from learninglab.conftest import PASSWORD, client_for
from learninglab.labs.links import rsvp_url, unsubscribe_url
from learninglab.labs.tests.factories import InvitationFactory

LOGIN_URL = reverse("accounts:login")
ENROL_URL = reverse("accounts:enrol")
CODE_URL = reverse("accounts:login_otp")


def log_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN_URL, {"username": email, "password": password, **extra})


def password_only_client(user) -> Client:
    """Return a client whose session passed the password but never a second factor."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def backup_codes_in(response) -> list[str]:
    return re.findall(
        r'<li class="backup-code"><code>([a-z2-7]+)</code></li>', response.content.decode()
    )


def enrol(client: Client) -> tuple[str, list[str]]:
    """Follow the enrolment page after the password; return the secret and the backup codes."""
    page = client.get(ENROL_URL)
    assert page.status_code == 200
    secret = page.context["secret"]
    response = client.post(ENROL_URL, {"token": f"{totp(base64.b32decode(secret)):06d}"})
    assert response.status_code == 200
    return secret, backup_codes_in(response)


# -- an unverified session opens no staff page ------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("core:home"),
        reverse("stakeholders:list"),
        reverse("accounts:security"),
        reverse("core:audit"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
    ],
)
def test_a_session_without_the_second_factor_is_sent_to_log_in(coordinator, url):
    client = password_only_client(coordinator)

    response = client.get(url)

    assert response.status_code == 302
    assert urlsplit(response.url).path in (LOGIN_URL, reverse("admin:login"))


def test_the_admin_is_refused_to_a_session_without_the_second_factor(coordinator):
    response = password_only_client(coordinator).get(reverse("admin:index"), follow=True)

    assert response.templates[0].name == "accounts/login.html"


def test_a_verified_session_opens_the_staff_pages(coordinator):
    client = client_for(coordinator)

    assert client.get(reverse("stakeholders:list")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_personal_link_pages_are_untouched(staff, partner):
    """The RSVP and unsubscribe links open without a login, with or without a staff session."""
    invitation = InvitationFactory(lab__partner=partner)
    for client in (Client(), password_only_client(staff), client_for(staff)):
        rsvp = client.get(urlsplit(rsvp_url(invitation)).path)
        assert rsvp.status_code == 200
        assert invitation.stakeholder.first_name in rsvp.content.decode()
        assert client.get(urlsplit(unsubscribe_url(invitation)).path).status_code == 200


# -- first login: enrolment ----------------------------------------------------------------


def test_a_user_without_a_device_is_sent_to_enrol_after_the_password(client, staff):
    response = log_in(client, "staff@example.org", next="/stakeholders/")

    assert response.status_code == 302
    assert urlsplit(response.url).path == ENROL_URL
    assert "_auth_user_id" not in client.session
    # Until enrolled, nothing but the enrolment page (and logging out) opens.
    assert client.get(reverse("stakeholders:list")).url.startswith(LOGIN_URL)
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'alt="QR code' in page.content.decode()
    assert page.context["secret"]


def test_enrolment_logs_in_and_shows_ten_backup_codes_once(client, staff):
    log_in(client, "staff@example.org", next="/stakeholders/")

    _secret, codes = enrol(client)

    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert StaticToken.objects.filter(device__user=staff).count() == 10
    assert client.get(reverse("stakeholders:list")).status_code == 200
    # Shown once: the security page tells how many are left, never the codes.
    security = client.get(reverse("accounts:security")).content.decode()
    assert codes[0] not in security
    assert "10 backup codes left" in security


def test_a_wrong_code_at_enrolment_is_refused_and_keeps_the_page(client, staff):
    log_in(client, "staff@example.org")

    response = client.post(ENROL_URL, {"token": "000000"})

    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    assert response.context["secret"]
    assert "_auth_user_id" not in client.session


def test_the_enrolment_page_needs_the_password_first(client, staff):
    response = client.get(ENROL_URL)

    assert response.status_code == 302
    assert response.url == LOGIN_URL


# -- backup codes --------------------------------------------------------------------------


def test_a_backup_code_logs_in_once(staff):
    first = Client()
    log_in(first, "staff@example.org")
    _secret, codes = enrol(first)

    second = Client()
    response = log_in(second, "staff@example.org")
    assert urlsplit(response.url).path == CODE_URL
    response = second.post(CODE_URL, {"token": codes[3]})
    assert response.status_code == 302
    assert second.get(reverse("stakeholders:list")).status_code == 200

    third = Client()
    log_in(third, "staff@example.org")
    response = third.post(CODE_URL, {"token": codes[3]})
    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    assert third.get(reverse("stakeholders:list")).status_code == 302
    assert StaticToken.objects.filter(device__user=staff).count() == 9


def test_new_backup_codes_need_the_password_and_replace_the_old_ones(staff):
    client = Client()
    log_in(client, "staff@example.org")
    _secret, old = enrol(client)

    refused = client.post(reverse("accounts:backup_codes"), {"codes-password": "guess"})
    assert refused.status_code == 302
    assert StaticToken.objects.filter(device__user=staff, token=old[0]).exists()

    response = client.post(reverse("accounts:backup_codes"), {"codes-password": PASSWORD})

    new = backup_codes_in(response)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert set(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    ) == set(new)


# -- the development relaxation and the deploy check ---------------------------------------


def test_relaxed_setting_lets_a_password_only_login_through(client, staff, settings):
    settings.TWO_FACTOR_REQUIRED = False

    response = log_in(client, "staff@example.org")

    assert response.url == reverse("core:home")
    assert client.get(reverse("stakeholders:list")).status_code == 200
    assert password_only_client(staff).get(reverse("stakeholders:list")).status_code == 200


def test_deploy_check_fails_when_two_factor_is_not_required(settings):
    settings.TWO_FACTOR_REQUIRED = False

    with pytest.raises(SystemCheckError, match="TWO_FACTOR_REQUIRED"):
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())


def test_deploy_check_is_silent_about_two_factor_when_required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    out = io.StringIO()

    try:
        call_command("check", "--deploy", stdout=out, stderr=out)
    except SystemCheckError as error:
        assert "TWO_FACTOR_REQUIRED" not in str(error)
