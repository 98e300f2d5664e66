"""Fixtures shared by every app's tests: a project, two partners, one user per role."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from learninglab.accounts.models import User
from learninglab.accounts.services import BACKUP_CODES_DEVICE
from learninglab.core.roles import Role
from learninglab.factories import PartnerFactory, ProjectFactory, TimisoaraFactory, UserFactory
from learninglab.projects.models import Partner

pytest_plugins = ["learninglab.browser_testing"]

PASSWORD = "correct horse battery"  # noqa: S105


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with empty caches: counted attempts (rate limits) and parts of pages
    do not carry over."""
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def project(db):
    return ProjectFactory()


@pytest.fixture
def partner(project) -> Partner:
    return TimisoaraFactory(project=project)


@pytest.fixture
def other_partner(project) -> Partner:
    return PartnerFactory(
        project=project,
        slug="matera",
        city="Matera",
        institution="Materahub",
        country="IT",
        time_zone="Europe/Rome",
        languages=["it", "en"],
    )


@pytest.fixture
def lead_partner(project) -> Partner:
    return PartnerFactory(
        project=project,
        slug="uef",
        city="Joensuu",
        institution="University of Eastern Finland",
        country="FI",
        time_zone="Europe/Helsinki",
        languages=["fi", "en"],
        role="lead",
    )


@pytest.fixture
def coordinator(lead_partner) -> User:
    return UserFactory(
        email="coordinator@example.org",
        role=Role.COORDINATOR,
        partner=lead_partner,
        is_staff=True,
    )


@pytest.fixture
def staff(partner) -> User:
    return UserFactory(email="staff@example.org", role=Role.PARTNER_STAFF, partner=partner)


@pytest.fixture
def other_staff(other_partner) -> User:
    return UserFactory(email="other@example.org", role=Role.PARTNER_STAFF, partner=other_partner)


@pytest.fixture
def facilitator(partner) -> User:
    return UserFactory(email="facilitator@example.org", role=Role.FACILITATOR, partner=partner)


def backup_codes_of(user: User) -> StaticDevice:
    """Return the user's backup codes device, as enrolment creates it."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_DEVICE, defaults={"confirmed": True}
    )
    return device


def backup_code_for(user: User) -> str:
    """Give ``user`` one more backup code and return it, to pass the login's second step."""
    token = StaticToken.random_token()
    backup_codes_of(user).token_set.create(token=token)
    return token


def client_for(user: User | None) -> Client:
    """Return a test client logged in as ``user`` (anonymous for ``None``).

    The session has passed the second factor with the user's backup codes device, as after
    a real login; ``Client.force_login`` alone gives a password-only session, which the
    staff pages refuse.
    """
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        verify_session(client, user)
    return client


def verify_session(client: Client, user: User) -> None:
    """Mark the logged-in session of ``client`` as having passed ``user``'s second factor."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = backup_codes_of(user).persistent_id
    session.save()


@pytest.fixture
def staff_client(staff) -> Client:
    return client_for(staff)


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    return client_for(coordinator)
