"""Logging in and out: e-mail and password, lockout, two-factor codes, redirects, sessions."""

from __future__ import annotations

import base64
import datetime
import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from learninglab.accounts.models import LoginBackoff
from learninglab.conftest import PASSWORD, client_for

LOGIN_URL = reverse("accounts:login")
PROTECTED_URL = reverse("accounts:security")


def log_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN_URL, {"username": email, "password": password, **extra})


def is_logged_in(client: Client) -> bool:
    """Return whether the client's session opens a page only logged-in staff see."""
    return client.get(PROTECTED_URL).status_code == 200


@pytest.fixture
def password_alone(settings):
    """Let a password alone log in, as in development, for the tests of the password step
    (two-factor authentication is tested below and in ``test_two_factor_required``)."""
    settings.TWO_FACTOR_REQUIRED = False


def wait_out_the_backoff() -> None:
    """Move the account's last wrong password back past the wait it imposes."""
    LoginBackoff.objects.update(last_failure_at=timezone.now() - datetime.timedelta(minutes=2))


def wrong_password(client: Client, email: str = "staff@example.org"):
    """Type a wrong password, after waiting as long as the backoff asks."""
    response = log_in(client, email, "wrong password")
    wait_out_the_backoff()
    return response


# -- e-mail and password ---------------------------------------------------------------


@pytest.mark.usefixtures("password_alone")
@pytest.mark.usefixtures("password_alone")
@pytest.mark.parametrize(
    "typed", ["staff@example.org", "STAFF@Example.ORG", "  staff@example.org  "]
)
def test_log_in_with_email_in_any_case_and_with_spaces(client, staff, typed):
    response = log_in(client, typed)

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert is_logged_in(client)
    assert client.session["_auth_user_id"] == str(staff.pk)


@pytest.mark.usefixtures("password_alone")
def test_wrong_password_is_refused_with_a_clear_error(client, staff):
    response = log_in(client, "staff@example.org", "not the password")

    assert response.status_code == 200
    assert "The e-mail or password is not correct." in response.content.decode()
    assert not is_logged_in(client)


def test_unknown_email_gets_the_same_error(client, staff):
    response = log_in(client, "nobody@example.org")

    assert response.status_code == 200
    assert "The e-mail or password is not correct." in response.content.decode()


def test_switched_off_account_cannot_log_in(client, staff):
    staff.is_active = False
    staff.save()

    log_in(client, "staff@example.org")

    assert not is_logged_in(client)


# -- lockout -------------------------------------------------------------------------------


def assert_locked_out(response) -> None:
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "Too many failed log-ins" in response.content.decode()


def test_sixth_attempt_after_five_wrong_passwords_is_locked_out(client, staff):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        response = wrong_password(client)
        assert "The e-mail or password is not correct." in response.content.decode()
    assert_locked_out(wrong_password(client))

    response = log_in(client, "staff@example.org")  # the right password, too late

    assert_locked_out(response)
    assert not is_logged_in(client)


@pytest.mark.usefixtures("password_alone")
def test_four_wrong_passwords_do_not_lock_the_account(client, staff):
    for _attempt in range(4):
        wrong_password(client)

    response = log_in(client, "staff@example.org")

    assert response.status_code == 302
    assert is_logged_in(client)


def test_lockout_is_not_escaped_by_changing_the_case_of_the_email(client, staff):
    for _attempt in range(5):
        wrong_password(client)

    response = log_in(client, " Staff@Example.org")

    assert_locked_out(response)
    assert not is_logged_in(client)


def test_lockout_counts_wrong_passwords_typed_in_any_case(client, staff):
    for variant in (
        "staff@example.org",
        "STAFF@example.org",
        "Staff@example.org",
        "sTaff@example.org",
        "stAff@example.org",
    ):
        wrong_password(client, variant)

    assert_locked_out(log_in(client, "staff@example.org"))


@pytest.mark.usefixtures("password_alone")
def test_lockout_leaves_other_accounts_alone(client, staff, coordinator):
    for _attempt in range(5):
        wrong_password(client)
    assert_locked_out(log_in(client, "staff@example.org"))

    other = Client()
    response = log_in(other, "coordinator@example.org")

    assert response.status_code == 302
    assert is_logged_in(other)


# -- two-factor authentication -----------------------------------------------------------


@pytest.fixture(autouse=True)
def steady_authenticator_clock():
    """Hold the authenticator's clock in the middle of one 30-second step.

    Codes are computed here and checked by the server a moment later; across a step boundary
    the server would record a drift and refuse the next test's code. A real person's app and
    the server share the wall clock, so holding it still loses nothing the tests should show.
    """
    middle_of_a_step = (int(time.time()) // 30) * 30 + 15
    with mock.patch("django_otp.oath.time", return_value=middle_of_a_step):
        yield


def code(secret: str, *, steps_ahead: int = 0) -> str:
    """Return the code an authenticator app shows for ``secret`` (``steps_ahead`` × 30 s on)."""
    return f"{totp(base64.b32decode(secret), drift=steps_ahead):06d}"


def turn_on_two_factor(client: Client) -> str:
    """Set up two-factor authentication through the security page; return the secret."""
    client.post(reverse("accounts:two_factor_start"))
    secret = client.get(reverse("accounts:security")).context["secret"]
    response = client.post(reverse("accounts:two_factor_confirm"), {"token": code(secret)})
    assert response.status_code == 200
    assert "Your backup codes" in response.content.decode()
    return secret


@pytest.fixture
def two_factor_secret(staff) -> str:
    return turn_on_two_factor(client_for(staff))


def test_set_up_two_factor(staff):
    client = client_for(staff)
    assert TOTPDevice.objects.filter(user=staff).count() == 0

    response = client.post(reverse("accounts:two_factor_start"))

    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    page = client.get(reverse("accounts:security"))
    assert page.context["secret"] in page.content.decode()
    client.post(reverse("accounts:two_factor_confirm"), {"token": "000000"})
    device.refresh_from_db()
    assert not device.confirmed
    client.post(reverse("accounts:two_factor_confirm"), {"token": code(page.context["secret"])})
    device.refresh_from_db()
    assert device.confirmed
    assert "Two-factor authentication is on" in client.get(PROTECTED_URL).content.decode()


def test_security_page_never_creates_a_device(staff):
    client = client_for(staff)

    assert client.get(reverse("accounts:security")).status_code == 200
    assert client.get(reverse("accounts:two_factor_start")).status_code == 405
    assert client.get(reverse("accounts:two_factor_confirm")).status_code == 405
    assert client.get(reverse("accounts:security")).status_code == 200

    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_password_alone_does_not_log_in_with_two_factor(client, two_factor_secret):
    response = log_in(client, "staff@example.org")

    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("accounts:login_otp")
    assert "_auth_user_id" not in client.session
    assert not is_logged_in(client)
    response = client.get(reverse("stakeholders:list"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_wrong_code_is_refused(client, two_factor_secret):
    log_in(client, "staff@example.org")

    response = client.post(reverse("accounts:login_otp"), {"token": "123456"})

    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    assert not is_logged_in(client)


def test_right_code_logs_in(client, staff, two_factor_secret):
    log_in(client, "staff@example.org")

    # The code of the set-up was used once; the app shows the next one.
    response = client.post(
        reverse("accounts:login_otp"), {"token": code(two_factor_secret, steps_ahead=1)}
    )

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert is_logged_in(client)
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_right_code_after_a_wrong_one_logs_in(client, staff, two_factor_secret):
    log_in(client, "staff@example.org")
    client.post(reverse("accounts:login_otp"), {"token": "123456"})
    # Each wrong code makes the next try wait a little; the person waits.
    TOTPDevice.objects.filter(user=staff).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=1)
    )

    client.post(reverse("accounts:login_otp"), {"token": code(two_factor_secret, steps_ahead=1)})

    assert is_logged_in(client)


def test_a_used_code_cannot_be_used_again(client, two_factor_secret):
    log_in(client, "staff@example.org")

    client.post(reverse("accounts:login_otp"), {"token": code(two_factor_secret)})

    assert not is_logged_in(client)


def test_code_page_without_a_password_first_goes_back_to_the_login(client, two_factor_secret):
    response = client.post(
        reverse("accounts:login_otp"), {"token": code(two_factor_secret, steps_ahead=1)}
    )

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert not is_logged_in(client)


def test_a_running_session_cannot_swap_the_authenticator_without_the_password(
    staff, two_factor_secret
):
    """Replacing the device would turn the owner's app off: that needs the password too."""
    client = client_for(staff)
    client.post(reverse("accounts:two_factor_start"))
    pending = TOTPDevice.objects.filter(user=staff, confirmed=False).first()
    if pending is not None:
        client.post(
            reverse("accounts:two_factor_confirm"),
            {"token": f"{totp(pending.bin_key):06d}"},
        )

    device = TOTPDevice.objects.get(user=staff, confirmed=True)
    assert base64.b32encode(device.bin_key).decode() == two_factor_secret


@pytest.mark.usefixtures("password_alone")
def test_turning_two_factor_off_needs_the_password(staff, two_factor_secret):
    client = client_for(staff)

    response = client.post(reverse("accounts:two_factor_disable"), {"password": "guess"})

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=staff).exists()
    # And the password alone logs in again, where two-factor authentication is not required.
    other = Client()
    log_in(other, "staff@example.org")
    assert is_logged_in(other)


def test_replacing_the_app_where_two_factor_is_required_sets_up_a_new_one(staff, two_factor_secret):
    client = client_for(staff)

    response = client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})

    assert urlsplit(response.url).path == reverse("accounts:enrol")
    assert not is_logged_in(client)
    page = client.get(response.url)
    assert page.context["secret"] != two_factor_secret


# -- logging out ---------------------------------------------------------------------------


@pytest.mark.usefixtures("password_alone")
def test_logout_needs_a_post(staff_client):
    response = staff_client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert is_logged_in(staff_client)


def test_logout(staff_client):
    response = staff_client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert not is_logged_in(staff_client)


# -- where the login sends you -------------------------------------------------------------


@pytest.mark.usefixtures("password_alone")
def test_next_page_on_this_site_is_honoured(client, staff):
    response = log_in(client, "staff@example.org", next="/stakeholders/?q=ana")

    assert response.url == "/stakeholders/?q=ana"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/stakeholders/",
        "https:///evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
    ],
)
@pytest.mark.usefixtures("password_alone")
def test_next_page_on_another_site_is_refused(client, staff, target):
    response = log_in(client, "staff@example.org", next=target)

    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_next_page_is_carried_through_the_two_factor_step(client, two_factor_secret):
    response = log_in(client, "staff@example.org", next="/stakeholders/?q=ana&page=2")
    assert parse_qs(urlsplit(response.url).query)["next"] == ["/stakeholders/?q=ana&page=2"]

    response = client.post(response.url, {"token": code(two_factor_secret, steps_ahead=1)})

    assert response.url == "/stakeholders/?q=ana&page=2"


def test_two_factor_step_refuses_a_next_page_on_another_site(client, two_factor_secret):
    log_in(client, "staff@example.org")

    response = client.post(
        reverse("accounts:login_otp") + "?next=https://evil.example/",
        {"token": code(two_factor_secret, steps_ahead=1)},
    )

    assert is_logged_in(client)
    assert response.url == reverse("core:home")


# -- sessions ------------------------------------------------------------------------------


def test_sessions_end_within_a_working_day_and_with_the_browser():
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.mark.usefixtures("password_alone")
def test_session_cookie_ends_with_the_browser(client, staff):
    response = log_in(client, "staff@example.org")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


def later(seconds: int):
    """Move the clock ``seconds`` on, for everything that asks Django the time."""
    moved = timezone.now() + datetime.timedelta(seconds=seconds)
    return mock.patch("django.utils.timezone.now", return_value=moved)


@pytest.mark.usefixtures("password_alone")
def test_session_older_than_the_age_is_logged_out(client, staff):
    log_in(client, "staff@example.org")

    with later(settings.SESSION_COOKIE_AGE - 60):
        assert is_logged_in(client)
    with later(settings.SESSION_COOKIE_AGE + 60):
        response = client.get(reverse("stakeholders:list"))
        assert response.status_code == 302
        assert response.url.startswith(LOGIN_URL)
        assert not is_logged_in(client)
