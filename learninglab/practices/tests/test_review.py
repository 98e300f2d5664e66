"""A practice's review: who may take which step, what each step changes, who is told."""

import pytest

from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry
from learninglab.messaging.models import MessageKind, OutboundMessage
from learninglab.practices.models import EventKind, PracticeStatus
from learninglab.practices.services.review import (
    practice_approve,
    practice_decline,
    practice_return,
    practice_submit,
    practice_unpublish,
    practice_validate,
)
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(partner, staff):
    return PracticeFactory(partner=partner, created_by=staff)


def mails_to(user):
    return list(
        OutboundMessage.objects.filter(kind=MessageKind.PRACTICE, recipient=user.email).order_by(
            "pk"
        )
    )


def test_submitting_tells_the_coordinators_and_keeps_the_step(practice, staff, coordinator):
    practice_submit(actor=staff, practice=practice)

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.submitted_at is not None
    assert [e.kind for e in practice.events.all()] == [EventKind.SUBMITTED]
    (mail,) = mails_to(coordinator)
    assert "submitted for review" in mail.subject
    assert mails_to(staff) == []
    assert AuditEntry.objects.filter(action="practices.practice.submitted").count() == 1


def test_an_incomplete_practice_cannot_be_submitted_and_says_what_it_lacks(practice, staff):
    practice.summary = {"ro": "Doar în română"}
    practice.evidence = {}
    practice.save()

    with pytest.raises(DomainError) as refused:
        practice_submit(actor=staff, practice=practice)

    assert "summary in English" in str(refused.value)
    assert "evidence of success" in str(refused.value)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT


def test_the_coordinator_returns_it_with_a_comment_and_the_author_is_told(
    practice, staff, coordinator
):
    practice_submit(actor=staff, practice=practice)

    with pytest.raises(DomainError):
        practice_return(actor=coordinator, practice=practice, comment="  ")
    practice_return(actor=coordinator, practice=practice, comment="Add figures, please.")

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.RETURNED
    assert practice.is_editable
    (mail,) = mails_to(staff)
    assert "Add figures, please." in mail.raw.decode()


def test_approving_publishes_and_validation_records_the_experts_opinion(
    practice, staff, coordinator
):
    practice_submit(actor=staff, practice=practice)
    practice_approve(actor=coordinator, practice=practice)
    practice.refresh_from_db()
    assert practice.is_published and practice.published_at is not None

    practice_validate(
        actor=coordinator, practice=practice, opinion={"en": "Transferable; well measured."}
    )

    practice.refresh_from_db()
    assert practice.expert_validated_at is not None
    assert practice.expert_opinion.get("en") == "Transferable; well measured."
    assert [e.kind for e in practice.events.all()] == [
        EventKind.SUBMITTED,
        EventKind.APPROVED,
        EventKind.VALIDATED,
    ]
    assert len(mails_to(staff)) == 2


def test_a_step_out_of_order_is_refused_and_changes_nothing(practice, staff, coordinator):
    with pytest.raises(DomainError) as refused:
        practice_approve(actor=coordinator, practice=practice)
    assert refused.value.code == "wrong_status"
    practice_submit(actor=staff, practice=practice)
    practice_decline(actor=coordinator, practice=practice, comment="Not a policy practice.")

    with pytest.raises(DomainError):
        practice_validate(actor=coordinator, practice=practice, opinion={"en": "Fine."})

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DECLINED
    assert practice.expert_validated_at is None


def test_unpublishing_takes_it_off_the_catalogue_and_back_to_the_partner(
    practice, staff, coordinator
):
    practice_submit(actor=staff, practice=practice)
    practice_approve(actor=coordinator, practice=practice)

    practice_unpublish(actor=coordinator, practice=practice, comment="The figures are wrong.")

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.RETURNED
    assert practice.published_at is None
