"""Only people whose newest invitation consent is given may ever be invited."""

import datetime

import pytest
from django.utils import timezone

from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.stakeholders import selectors
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.stakeholder import stakeholder_erase


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def person(partner, name, *, email=None, ledger=()):
    """Create ``name`` with consent entries ``(purpose, given, days_ago)``, oldest first."""
    first, last = name.split()
    someone = StakeholderFactory(
        partner=partner,
        first_name=first,
        last_name=last,
        **({} if email is None else {"email": email}),
    )
    for purpose, given, days in ledger:
        ConsentFactory(stakeholder=someone, purpose=purpose, given=given, at=days_ago(days))
    return someone


@pytest.fixture
def group(partner, staff):
    people = {
        "consenting": person(partner, "Ana Consenting", ledger=[("invitations", True, 10)]),
        "never_asked": person(partner, "Bogdan Never"),
        "withdrew": person(partner, "Carmen Withdrew", ledger=[("invitations", False, 3)]),
        "given_then_withdrawn": person(
            partner,
            "Dan Changed",
            ledger=[("invitations", True, 30), ("invitations", False, 2)],
        ),
        "withdrawn_then_given": person(
            partner,
            "Elena Returned",
            ledger=[("invitations", False, 30), ("invitations", True, 2)],
        ),
        "no_email": person(partner, "Florin Offline", email="", ledger=[("invitations", True, 5)]),
        "photos_only": person(partner, "Gabriela Photos", ledger=[("photos", True, 5)]),
        "withdrew_photos_only": person(
            partner,
            "Horia Photos",
            ledger=[("invitations", True, 20), ("photos", False, 1)],
        ),
        "erased": person(partner, "Ioana Erased", ledger=[("invitations", True, 5)]),
    }
    # Erasing deletes the ledger and the e-mail; both come back behind the service's back
    # to prove that erased people are refused whatever their row says.
    stakeholder_erase(actor=staff, stakeholder=people["erased"])
    Stakeholder.objects.filter(pk=people["erased"].pk).update(email="ioana@example.ro")
    ConsentFactory(stakeholder=people["erased"], given=True, at=days_ago(1))
    return people


ELIGIBLE = {"consenting", "withdrawn_then_given", "withdrew_photos_only"}
REASONS = {
    "never_asked": "not asked yet for consent to invitations",
    "photos_only": "not asked yet for consent to invitations",
    "withdrew": "withdrew consent to invitations",
    "given_then_withdrawn": "withdrew consent to invitations",
    "no_email": "no e-mail address",
    "erased": "data erased",
}


def keys_of(group, people):
    by_pk = {p.pk: key for key, p in group.items()}
    return {by_pk[p.pk] for p in people}


def test_invitation_recipients_are_only_people_whose_newest_consent_is_given(group, partner):
    eligible, _excluded = selectors.invitation_recipients(
        Stakeholder.objects.filter(partner=partner)
    )

    assert keys_of(group, eligible) == ELIGIBLE


def test_every_excluded_person_carries_the_reason(group, partner):
    _eligible, excluded = selectors.invitation_recipients(
        Stakeholder.objects.filter(partner=partner)
    )

    by_pk = {p.pk: key for key, p in group.items()}
    assert {by_pk[e.stakeholder.pk]: e.reason for e in excluded} == REASONS


def test_nobody_is_both_eligible_and_excluded(group, partner):
    eligible, excluded = selectors.invitation_recipients(
        Stakeholder.objects.filter(partner=partner)
    )

    assert len(eligible) + len(excluded) == len(group)


def test_invitable_agrees_with_invitation_recipients(group, partner):
    people = Stakeholder.objects.filter(partner=partner)

    assert keys_of(group, selectors.invitable(people)) == ELIGIBLE


def test_invitable_keeps_the_callers_narrowing(group, partner):
    people = Stakeholder.objects.filter(partner=partner, first_name__in=["Ana", "Bogdan"])

    assert keys_of(group, selectors.invitable(people)) == {"consenting"}


def test_withdrawing_through_the_service_stops_invitations(group, partner, staff):
    consent_record(
        actor=staff,
        stakeholder=group["consenting"],
        purpose="invitations",
        given=False,
        method="unsubscribe",
    )

    people = Stakeholder.objects.filter(partner=partner)
    assert "consenting" not in keys_of(group, selectors.invitable(people))
    _eligible, excluded = selectors.invitation_recipients(people)
    reasons = {e.stakeholder.pk: e.reason for e in excluded}
    assert reasons[group["consenting"].pk] == "withdrew consent to invitations"
