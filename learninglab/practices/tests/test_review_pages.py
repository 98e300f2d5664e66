"""A practice's review through its pages: partner staff submit their own, the coordinator
returns, approves, declines, validates and unpublishes any, other partners find nothing,
and the public sees a practice only while it is published."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.messaging.models import MessageKind, OutboundMessage
from learninglab.practices.models import EventKind, GoodPractice, PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def step(client: Client, practice: GoodPractice, name: str, **data: str):
    return client.post(reverse(f"practices:{name}", args=[practice.slug]), data, follow=True)


def status_of(practice: GoodPractice) -> str:
    practice.refresh_from_db()
    return practice.status


def public_status(practice: GoodPractice) -> int:
    return Client().get(reverse("practices:detail", args=[practice.slug])).status_code


def test_a_practice_goes_from_draft_to_validated_through_its_pages(
    staff_client, coordinator_client, draft, staff, coordinator
):
    assert public_status(draft) == 404

    submitted = step(staff_client, draft, "submit", **{"review-comment": "First version."})
    assert "The practice is submitted" in submitted.content.decode()
    assert status_of(draft) == PracticeStatus.SUBMITTED
    assert OutboundMessage.objects.filter(
        kind=MessageKind.PRACTICE, recipient=coordinator.email
    ).exists()

    returned = step(
        coordinator_client, draft, "return", **{"review-comment": "Add the figures of 2023."}
    )
    assert "returned to its partner" in returned.content.decode()
    assert status_of(draft) == PracticeStatus.RETURNED
    mail = OutboundMessage.objects.get(kind=MessageKind.PRACTICE, recipient=staff.email)
    assert "Add the figures of 2023." in mail.raw.decode()

    step(staff_client, draft, "submit")
    approved = step(coordinator_client, draft, "approve")
    assert "approved and published" in approved.content.decode()
    assert status_of(draft) == PracticeStatus.PUBLISHED
    assert public_status(draft) == 200

    validated = step(
        coordinator_client,
        draft,
        "validate",
        **{
            "validation-opinion_en": "Well measured and easy to transfer.",
            "validation-opinion_ro": "Bine măsurată și ușor de transferat.",
        },
    )
    assert "validation is recorded" in validated.content.decode()
    draft.refresh_from_db()
    assert draft.expert_validated_at is not None
    assert draft.expert_opinion == {
        "ro": "Bine măsurată și ușor de transferat.",
        "en": "Well measured and easy to transfer.",
    }

    history = staff_client.get(reverse("practices:staff_detail", args=[draft.slug]))
    content = history.content.decode()
    kinds = [event.kind for event in draft.events.all()]
    assert kinds == [
        EventKind.SUBMITTED,
        EventKind.RETURNED,
        EventKind.SUBMITTED,
        EventKind.APPROVED,
        EventKind.VALIDATED,
    ]
    assert "More information asked" in content
    assert "Add the figures of 2023." in content
    assert str(coordinator) in content


def test_returning_or_declining_without_a_comment_is_refused_and_nothing_changes(
    coordinator_client, draft
):
    draft.status = PracticeStatus.SUBMITTED
    draft.save()

    for name in ("return", "decline"):
        response = step(coordinator_client, draft, name, **{"review-comment": "  "})
        assert response.status_code == 200
        assert "Write a comment: the partner needs to know why" in response.content.decode()
        assert status_of(draft) == PracticeStatus.SUBMITTED
    assert not draft.events.exists()


def test_the_coordinator_declines_with_the_reason_kept_for_the_partner(
    staff_client, coordinator_client, draft
):
    step(staff_client, draft, "submit")

    step(coordinator_client, draft, "decline", **{"review-comment": "Not a policy practice."})

    assert status_of(draft) == PracticeStatus.DECLINED
    assert public_status(draft) == 404
    content = staff_client.get(reverse("practices:staff_detail", args=[draft.slug]))
    assert "Not a policy practice." in content.content.decode()


def test_an_incomplete_practice_is_not_submitted_and_the_comment_is_kept(
    staff_client, partner, staff
):
    practice = PracticeFactory(partner=partner, created_by=staff, evidence={})

    response = step(staff_client, practice, "submit", **{"review-comment": "Please look."})

    content = response.content.decode()
    assert status_of(practice) == PracticeStatus.DRAFT
    assert "Before submitting, add: evidence of success." in content
    assert "Please look.</textarea>" in content


def test_the_experts_opinion_needs_english_and_keeps_what_was_typed(coordinator_client, draft):
    draft.status = PracticeStatus.PUBLISHED
    draft.save()

    response = step(
        coordinator_client, draft, "validate", **{"validation-opinion_ro": "Foarte bună."}
    )

    content = response.content.decode()
    assert "Write it in English." in content
    assert "Foarte bună.</textarea>" in content
    draft.refresh_from_db()
    assert draft.expert_validated_at is None


def test_unpublishing_takes_it_off_the_public_pages(coordinator_client, draft):
    draft.status = PracticeStatus.PUBLISHED
    draft.save()
    assert public_status(draft) == 200

    step(coordinator_client, draft, "unpublish", **{"review-comment": "The figures are wrong."})

    assert status_of(draft) == PracticeStatus.RETURNED
    assert public_status(draft) == 404


def test_partner_staff_cannot_take_the_coordinators_steps(staff_client, draft):
    draft.status = PracticeStatus.SUBMITTED
    draft.save()

    for name in ("approve", "return", "decline", "validate", "unpublish"):
        response = staff_client.post(
            reverse(f"practices:{name}", args=[draft.slug]), {"review-comment": "Fine."}
        )
        assert response.status_code == 403
    assert status_of(draft) == PracticeStatus.SUBMITTED


def test_another_partners_staff_cannot_submit_it(other_staff, draft):
    response = client_for(other_staff).post(reverse("practices:submit", args=[draft.slug]))

    assert response.status_code == 404
    assert status_of(draft) == PracticeStatus.DRAFT


def test_the_coordinator_may_submit_for_a_partner(coordinator_client, draft):
    step(coordinator_client, draft, "submit")

    assert status_of(draft) == PracticeStatus.SUBMITTED


def test_a_step_already_taken_by_someone_else_says_so(coordinator_client, draft):
    draft.status = PracticeStatus.PUBLISHED
    draft.save()

    response = step(coordinator_client, draft, "approve")

    assert response.redirect_chain[-1][0] == reverse("practices:staff_detail", args=[draft.slug])
    assert 'class="message message-error" role="alert"' in response.content.decode()
    assert status_of(draft) == PracticeStatus.PUBLISHED
    assert not draft.events.exists()
