"""Fixtures shared by every app's tests: a project, two partners, one user per role."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from learninglab.accounts.models import User
from learninglab.core.roles import Role
from learninglab.factories import PartnerFactory, ProjectFactory, TimisoaraFactory, UserFactory
from learninglab.projects.models import Partner

pytest_plugins = ["learninglab.browser_testing"]

PASSWORD = "correct horse battery"  # noqa: S105


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: rate limits count there, per process."""
    cache.clear()


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


def client_for(user: User | None) -> Client:
    """Return a test client logged in as ``user`` (anonymous for ``None``)."""
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def staff_client(staff) -> Client:
    return client_for(staff)


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    return client_for(coordinator)
