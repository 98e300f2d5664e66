"""The consent to invitations stored with each person agrees with their ledger's newest
entry, whatever changed the ledger: a consent recorded (even one dated before the newest),
two people merged, a person erased, and the migration that first filled it."""

from __future__ import annotations

import datetime
import importlib

from django.apps import apps
from django.utils import timezone

from learninglab.factories import StakeholderFactory
from learninglab.stakeholders.models import Consent, Stakeholder
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.stakeholder import stakeholder_erase, stakeholder_merge


def stored(person) -> bool | None:
    return Stakeholder.objects.get(pk=person.pk).invitation_consent


def test_the_newest_entry_counts_not_the_last_recorded(partner, staff):
    person = StakeholderFactory(partner=partner)
    assert stored(person) is None

    consent_record(
        actor=staff, stakeholder=person, purpose="invitations", given=False, method="email"
    )
    assert stored(person) is False
    # A signed form found later, dated before the withdrawal: the withdrawal still counts.
    consent_record(
        actor=staff,
        stakeholder=person,
        purpose="invitations",
        given=True,
        method="form",
        at=timezone.now() - datetime.timedelta(days=30),
    )
    assert stored(person) is False
    consent_record(actor=staff, stakeholder=person, purpose="photos", given=True, method="form")
    assert stored(person) is False
    assert person.invitation_consent is False  # the caller's copy too


def test_merging_brings_the_duplicates_newer_consent(partner, staff):
    keep = StakeholderFactory(partner=partner)
    duplicate = StakeholderFactory(partner=partner)
    consent_record(
        actor=staff, stakeholder=keep, purpose="invitations", given=False, method="email"
    )
    consent_record(
        actor=staff, stakeholder=duplicate, purpose="invitations", given=True, method="form"
    )

    stakeholder_merge(actor=staff, keep=keep, remove=duplicate)

    assert stored(keep) is True


def test_erasing_forgets_the_consent(partner, staff):
    person = StakeholderFactory(partner=partner)
    consent_record(
        actor=staff, stakeholder=person, purpose="invitations", given=True, method="form"
    )

    stakeholder_erase(actor=staff, stakeholder=person)

    assert stored(person) is None


def test_the_migration_fills_it_from_every_ledger(partner):
    given, withdrawn, never = (StakeholderFactory(partner=partner) for _n in range(3))
    at = timezone.now()
    Consent.objects.bulk_create(
        [
            Consent(stakeholder=given, purpose="invitations", given=True, at=at, method="form"),
            Consent(stakeholder=withdrawn, purpose="invitations", given=True, at=at, method="form"),
            Consent(
                stakeholder=withdrawn,
                purpose="invitations",
                given=False,
                at=at + datetime.timedelta(days=1),
                method="email",
            ),
            Consent(stakeholder=never, purpose="photos", given=True, at=at, method="form"),
        ]
    )
    migration = importlib.import_module(
        "learninglab.stakeholders.migrations.0005_invitation_consent"
    )

    migration.invitation_consent_fill(apps, None)

    assert [stored(p) for p in (given, withdrawn, never)] == [True, False, None]
