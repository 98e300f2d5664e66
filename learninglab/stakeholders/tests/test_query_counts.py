"""Pinned query counts: a page costs the same number of queries whatever the group's size.

If a change makes one of these numbers move, look for a query inside a loop (a missing
``select_related`` or ``prefetch_related``) before updating the pin.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.stakeholders.models import OrganisationType, Tag
from learninglab.stakeholders.services.consent import consent_record

# Every page starts with two: the session and the user.
# List: tags for the filter, number of partners, number of people, the page's ids, its
# people, their tags, helix coverage.
LIST_QUERIES = 9
# The coordinator's list also fills the partner filter, and reads the partner chosen in it.
COORDINATOR_FILTERED_LIST_QUERIES = 11
# Detail: the person with their consents, tags, consent ledger, history.
DETAIL_QUERIES = 6
# Audit log: number of entries, the page of entries with their actors, the time zones of
# their partners.
AUDIT_QUERIES = 5


def populate(partner, actor, count: int) -> list:
    """Add ``count`` people, each with an organisation, two tags, consents and a history."""
    tags = [Tag.objects.create(partner=partner, name=f"segment {i}") for i in range(3)]
    types = list(OrganisationType.values)
    people = []
    for i in range(count):
        organisation = OrganisationFactory(partner=partner, type=types[i % len(types)])
        person = StakeholderFactory(partner=partner, organisation=organisation)
        person.tags.add(tags[i % 3], tags[(i + 1) % 3])
        ConsentFactory(stakeholder=person, purpose="invitations", given=i % 2 == 0)
        ConsentFactory(stakeholder=person, purpose="photos", given=True)
        consent_record(
            actor=actor, stakeholder=person, purpose="public_listing", given=True, method="email"
        )
        people.append(person)
    return people


def count_queries(client, url: str, *, rows: str, **query) -> int:
    """Return how many queries the page ran; check that it showed some ``rows`` first."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    assert len(response.context[rows]) > 0
    return len(captured)


@pytest.mark.parametrize("size", [5, 40])
def test_list_page_queries_do_not_grow_with_the_group(staff_client, staff, partner, size):
    populate(partner, staff, size)

    assert count_queries(staff_client, reverse("stakeholders:list"), rows="page") == LIST_QUERIES


@pytest.mark.parametrize("size", [5, 40])
def test_filtered_list_page_queries_do_not_grow_with_the_group(
    coordinator_client, staff, partner, size
):
    populate(partner, staff, size)

    queries = count_queries(
        coordinator_client,
        reverse("stakeholders:list"),
        rows="page",
        partner="timisoara",
        tag="segment 1",
        consent="yes",
        q="popescu",
    )

    assert queries == COORDINATOR_FILTERED_LIST_QUERIES


@pytest.mark.parametrize("size", [5, 40])
def test_detail_page_queries_do_not_grow_with_the_history(staff_client, staff, partner, size):
    (person,) = populate(partner, staff, 1)
    for i in range(size):
        consent_record(
            actor=staff, stakeholder=person, purpose="photos", given=i % 2 == 0, method="form"
        )

    url = reverse("stakeholders:detail", args=[person.pk])
    assert count_queries(staff_client, url, rows="history") == DETAIL_QUERIES


@pytest.mark.parametrize("size", [5, 40])
def test_audit_log_queries_do_not_grow_with_the_log(staff_client, staff, partner, size):
    populate(partner, staff, size)

    assert count_queries(staff_client, reverse("core:audit"), rows="page") == AUDIT_QUERIES
