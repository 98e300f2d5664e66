"""The audit log: every change through a service is written down, and shown to whom it concerns."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from learninglab.accounts.services import user_create
from learninglab.conftest import client_for
from learninglab.core.audit import audit_record, audit_scrub
from learninglab.core.models import AuditEntry, Via
from learninglab.core.roles import Role
from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.organisation import (
    organisation_get_or_create,
    organisation_update,
)
from learninglab.stakeholders.services.stakeholder import (
    StakeholderData,
    stakeholder_create,
    stakeholder_erase,
    stakeholder_merge,
    stakeholder_update,
)


def entries_about(person) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type__model="stakeholder", object_id=str(person.pk)
        ).order_by("id")
    )


@pytest.fixture
def person(staff, partner):
    return stakeholder_create(
        actor=staff,
        partner=partner,
        data=StakeholderData(
            first_name="Ioana",
            last_name="Marin",
            email="ioana.marin@example.ro",
            language="ro",
            tags=["mentors"],
        ),
    )


def test_create_is_audited_with_the_new_values(staff, partner, person):
    (entry,) = entries_about(person)

    assert entry.action == "stakeholders.stakeholder.created"
    assert entry.actor == staff
    assert entry.partner_id == partner.pk
    assert entry.via == Via.WEB
    assert entry.object_repr == "Ioana Marin"
    assert "before" not in entry.changes
    assert entry.changes["after"]["email"] == "ioana.marin@example.ro"
    assert entry.changes["after"]["tags"] == ["mentors"]


def test_update_is_audited_with_what_changed_before_and_after(coordinator, person):
    stakeholder_update(
        actor=coordinator,
        stakeholder=person,
        data=StakeholderData(
            first_name="Ioana",
            last_name="Marin-Pop",
            email="ioana.marin@example.ro",
            language="ro",
            tags=["mentors", "round 1"],
        ),
    )

    entry = entries_about(person)[-1]
    assert entry.action == "stakeholders.stakeholder.updated"
    assert entry.actor == coordinator
    assert entry.changes["before"] == {"last_name": "Marin", "tags": ["mentors"]}
    assert entry.changes["after"] == {"last_name": "Marin-Pop", "tags": ["mentors", "round 1"]}


def test_update_that_changes_nothing_writes_nothing(staff, person):
    changed = stakeholder_update(
        actor=staff,
        stakeholder=person,
        data=StakeholderData(
            first_name="Ioana", last_name="Marin", email="ioana.marin@example.ro", language="ro"
        ),
    )

    assert changed is False
    assert len(entries_about(person)) == 1


@pytest.mark.parametrize(
    ("given", "action"),
    [
        (True, "stakeholders.consent.given"),
        (False, "stakeholders.consent.withdrawn"),
    ],
)
def test_consent_is_audited(staff, person, given, action):
    consent_record(
        actor=staff,
        stakeholder=person,
        purpose="invitations",
        given=given,
        method="email",
        text_version="2019-10",
    )

    entry = entries_about(person)[-1]
    assert entry.action == action
    assert entry.actor == staff
    assert entry.changes["after"] == {
        "purpose": "invitations",
        "given": given,
        "method": "email",
        "text_version": "2019-10",
    }


def test_merge_is_audited_with_the_duplicate_that_went(staff, partner, person):
    organisation = OrganisationFactory(partner=partner, name="Banat IT")
    duplicate = StakeholderFactory(
        partner=partner,
        first_name="Ioana",
        last_name="Marin",
        email="",
        phone="+40731540977",
        organisation=organisation,
    )
    duplicate_pk = duplicate.pk

    stakeholder_merge(actor=staff, keep=person, remove=duplicate)

    entry = entries_about(person)[-1]
    assert entry.action == "stakeholders.stakeholder.merged"
    assert entry.actor == staff
    assert entry.changes["before"] == {"phone": "", "organisation": None}
    assert entry.changes["after"] == {"phone": "+40731540977", "organisation": organisation.pk}
    assert entry.changes["extra"]["merged_id"] == duplicate_pk
    assert entry.changes["extra"]["merged"]["phone"] == "+40731540977"


def test_erase_is_audited_and_leaves_no_personal_data_in_the_log(staff, person):
    consent_record(actor=staff, stakeholder=person, purpose="photos", given=True, method="form")

    stakeholder_erase(actor=staff, stakeholder=person)

    *earlier, entry = entries_about(person)
    assert entry.action == "stakeholders.stakeholder.erased"
    assert entry.actor == staff
    assert entry.partner_id == person.partner_id
    assert [e.action for e in earlier] == [
        "stakeholders.stakeholder.created",
        "stakeholders.consent.given",
    ]
    log = json.dumps(list(AuditEntry.objects.values("object_repr", "changes")))
    assert "Ioana" not in log
    assert "ioana.marin@example.ro" not in log
    assert "mentors" not in log


def test_organisation_changes_are_audited(staff, partner):
    organisation, created = organisation_get_or_create(
        actor=staff, partner=partner, name="Banat IT", type="sme"
    )
    organisation_update(actor=staff, organisation=organisation, city="Timișoara")

    create, update = AuditEntry.objects.filter(
        content_type__model="organisation", object_id=str(organisation.pk)
    ).order_by("id")
    assert created
    assert (create.action, create.actor, create.changes["after"]["name"]) == (
        "stakeholders.organisation.created",
        staff,
        "Banat IT",
    )
    assert update.action == "stakeholders.organisation.updated"
    assert update.changes == {"before": {"city": ""}, "after": {"city": "Timișoara"}}


def test_changes_through_the_pages_are_audited_with_the_user(staff_client, staff, person):
    response = staff_client.post(
        reverse("stakeholders:edit", args=[person.pk]),
        {
            "first_name": "Ioana",
            "last_name": "Marinescu",
            "email": "ioana.marin@example.ro",
            "language": "ro",
            "tags": "mentors",
        },
    )

    assert response.status_code == 302
    entry = entries_about(person)[-1]
    assert (entry.action, entry.actor, entry.via) == (
        "stakeholders.stakeholder.updated",
        staff,
        Via.WEB,
    )
    assert entry.changes["after"] == {"last_name": "Marinescu"}


# -- the audit log page --------------------------------------------------------------------


@pytest.fixture
def log(coordinator, staff, other_staff, partner, other_partner):
    """One change in Timișoara, one in Matera, and one of no partner (a new account)."""
    stakeholder_create(
        actor=staff,
        partner=partner,
        data=StakeholderData(first_name="Ioana", last_name="Marin"),
    )
    stakeholder_create(
        actor=other_staff,
        partner=other_partner,
        data=StakeholderData(first_name="Giulia", last_name="Rossi"),
    )
    user_create(
        actor=coordinator,
        email="new.coordinator@example.org",
        full_name="Nina Coordinator",
        role=Role.COORDINATOR,
    )


def shown(client, **query) -> list[str]:
    response = client.get(reverse("core:audit"), query)
    assert response.status_code == 200
    return [entry.object_repr for entry in response.context["page"]]


def test_coordinator_sees_the_whole_log(coordinator_client, log):
    objects = shown(coordinator_client)

    assert sorted(objects) == ["Giulia Rossi", "Ioana Marin", "Nina Coordinator"]


def test_partner_staff_see_only_their_partners_entries(staff_client, request, log):
    assert shown(staff_client) == ["Ioana Marin"]
    other_client = client_for(request.getfixturevalue("other_staff"))
    assert shown(other_client) == ["Giulia Rossi"]


def test_filtering_the_log_does_not_widen_it(staff_client, log):
    assert shown(staff_client, action="stakeholders.") == ["Ioana Marin"]
    assert shown(staff_client, action="accounts.") == []


def test_log_page_shows_who_did_what(staff_client, staff, log):
    page = staff_client.get(reverse("core:audit")).content.decode()

    assert "Added Ioana Marin to the stakeholder group" in page
    assert "stakeholders.stakeholder.created" not in page
    assert str(staff) in page
    assert "Giulia" not in page
    assert "Nina" not in page


def test_scrubbing_replaces_only_the_personal_values_in_the_entries_about_the_objects(
    partner, staff
):
    ana = StakeholderFactory(partner=partner, first_name="Ana", last_name="Țepeș")
    other = StakeholderFactory(partner=partner, first_name="Dan", last_name="Țepeș")
    about_ana = audit_record(
        actor=staff,
        action="test.noted",
        obj=ana,
        after={"text": "ANA ȚEPEȘ wrote from ana@example.ro", "count": 3, "list": ["Ana Țepeș"]},
    )
    about_other = audit_record(
        actor=staff, action="test.noted", obj=other, after={"t": "Ana Țepeș"}
    )

    changed = audit_scrub(
        model=type(ana),
        object_ids=[ana.pk],
        values=["Ana Țepeș", "ana@example.ro"],
        replacement="—",
    )

    about_ana.refresh_from_db()
    about_other.refresh_from_db()
    assert changed == 1
    assert about_ana.object_repr == "—"
    assert about_ana.changes["after"] == {"text": "— wrote from —", "count": 3, "list": ["—"]}
    assert (about_ana.action, about_ana.actor) == ("test.noted", staff)
    assert about_other.changes["after"] == {"t": "Ana Țepeș"}
