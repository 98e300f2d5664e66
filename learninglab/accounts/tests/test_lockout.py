"""Lockout and backoff: guessing is slowed and stopped without locking the owner out."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learninglab.accounts.models import LoginBackoff
from learninglab.conftest import PASSWORD, backup_code_for

LOGIN_URL = reverse("accounts:login")
CODE_URL = reverse("accounts:login_otp")
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
PROXY = "10.0.0.2"


def behind_proxy(client_address: str, forged: str = "") -> Client:
    """Return a client reaching the site through the reverse proxy from ``client_address``."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def log_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def wait_out_the_backoff() -> None:
    """Move every account's last failure back past the longest wait."""
    LoginBackoff.objects.update(last_failure_at=timezone.now() - datetime.timedelta(minutes=2))


def log_in_fully(client: Client, user) -> None:
    response = log_in(client, user.email)
    assert response.status_code == 302, response.content.decode()[:500]
    response = client.post(CODE_URL, {"token": backup_code_for(user)})
    assert response.status_code == 302
    assert client.get(reverse("stakeholders:list")).status_code == 200


def is_locked_out(response) -> bool:
    return response.status_code == 429 and "Too many failed log-ins" in response.content.decode()


@pytest.fixture
def proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_an_attacker_behind_the_proxy_does_not_lock_out_the_coordinator(proxy, coordinator):
    owner = behind_proxy(OWNER)
    log_in_fully(owner, coordinator)
    owner.post(reverse("accounts:logout"))
    attacker = behind_proxy(ATTACKER)
    for _attempt in range(5):
        log_in(attacker, coordinator.email, "wrong password")
        wait_out_the_backoff()
    assert is_locked_out(log_in(attacker, coordinator.email))
    attacker_again = behind_proxy(ATTACKER, forged=OWNER)
    assert is_locked_out(log_in(attacker_again, coordinator.email))

    log_in(attacker, coordinator.email, "another wrong guess")  # and the guessing goes on
    log_in_fully(owner, coordinator)


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_lockout(staff):
    for attempt in range(5):
        log_in(behind_proxy(f"192.0.2.{attempt}"), staff.email, "wrong password")
        wait_out_the_backoff()

    assert is_locked_out(log_in(behind_proxy("192.0.2.99"), staff.email))


def test_one_client_is_locked_after_five_failures(proxy, staff):
    attacker = behind_proxy(ATTACKER)
    for _attempt in range(4):
        assert log_in(attacker, staff.email, "wrong password").status_code == 200
        wait_out_the_backoff()
    assert is_locked_out(log_in(attacker, staff.email, "wrong password"))
    wait_out_the_backoff()

    assert is_locked_out(log_in(attacker, staff.email))
    # Another client, unknown too, may still try once the wait is over.
    assert log_in(behind_proxy(OWNER), staff.email).status_code == 302


def test_guesses_on_one_account_are_slowed_from_every_address(proxy, staff):
    log_in(behind_proxy(ATTACKER), staff.email, "wrong password")

    for client in (behind_proxy(ATTACKER), behind_proxy("192.0.2.44")):
        response = log_in(client, staff.email)  # even the right password waits
        assert response.status_code == 429
        text = response.content.decode()
        assert "Wait 2 seconds" in text
        assert 'value="staff@example.org"' in text
        assert "_auth_user_id" not in client.session

    # A wait never counts as a failure, and each failure doubles it.
    log_in(behind_proxy(ATTACKER), staff.email, "wrong password")
    assert LoginBackoff.objects.get(username=staff.email).failures == 1
    wait_out_the_backoff()
    log_in(behind_proxy(ATTACKER), staff.email, "wrong password")
    assert "Wait 4 seconds" in log_in(behind_proxy(ATTACKER), staff.email).content.decode()


def test_the_wait_is_capped(proxy, staff, settings):
    settings.LOGIN_BACKOFF_MAX_SECONDS = 30
    LoginBackoff.objects.create(username=staff.email, failures=12, last_failure_at=timezone.now())

    assert "Wait 30 seconds" in log_in(behind_proxy(OWNER), staff.email).content.decode()


def test_after_the_wait_the_right_password_gets_in(proxy, staff):
    log_in(behind_proxy(ATTACKER), staff.email, "wrong password")
    wait_out_the_backoff()

    assert log_in(behind_proxy(OWNER), staff.email).status_code == 302


def test_a_browser_that_logged_in_before_is_not_made_to_wait(proxy, staff):
    owner = behind_proxy(OWNER)
    log_in_fully(owner, staff)
    owner.post(reverse("accounts:logout"))
    log_in(behind_proxy(ATTACKER), staff.email, "wrong password")

    log_in_fully(owner, staff)


def test_a_full_login_clears_the_backoff(proxy, staff):
    log_in(behind_proxy(ATTACKER), staff.email, "wrong password")
    wait_out_the_backoff()

    log_in_fully(behind_proxy(OWNER), staff)

    assert not LoginBackoff.objects.filter(username=staff.email).exists()


def test_an_address_without_an_account_waits_the_same(proxy, staff):
    """The wait tells nothing about which addresses have an account."""
    for email in ("nobody@example.org", staff.email):
        log_in(behind_proxy(ATTACKER), email, "wrong password")

        assert "Wait 2 seconds" in log_in(behind_proxy(OWNER), email).content.decode()


def test_counts_out_of_the_window_are_forgotten(proxy, staff):
    LoginBackoff.objects.create(
        username="typed-once@example.org",
        failures=3,
        last_failure_at=timezone.now() - datetime.timedelta(hours=1),
    )

    log_in(behind_proxy(ATTACKER), staff.email, "wrong password")

    assert list(LoginBackoff.objects.values_list("username", flat=True)) == [staff.email]
