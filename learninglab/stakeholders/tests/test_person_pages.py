"""Adding and merging people through the directory's pages, as staff do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.core.models import AuditEntry
from learninglab.factories import StakeholderFactory
from learninglab.stakeholders.models import Organisation, Stakeholder

pytestmark = pytest.mark.django_db


# Adding a person with an organisation typed in: one user action, all or nothing


@pytest.mark.parametrize("email", ["ana@example.ro", " ANA@example.RO "])
def test_a_person_refused_for_a_taken_email_leaves_no_new_organisation(
    partner, staff_client, email
):
    StakeholderFactory(partner=partner, first_name="Ana", email="ana@example.ro")
    organisations, entries = Organisation.objects.count(), AuditEntry.objects.count()

    response = staff_client.post(
        reverse("stakeholders:create"),
        {
            "first_name": "Ana",
            "last_name": "Pop",
            "email": email,
            "language": "ro",
            "new_organisation": "Casa Artelor",
            "new_organisation_type": "cultural",
        },
    )

    assert response.status_code == 200
    assert "already belongs to someone" in " ".join(response.context["form"].errors["email"])
    assert 'value="Casa Artelor"' in response.content.decode()  # nothing typed is lost
    assert Organisation.objects.count() == organisations
    assert AuditEntry.objects.count() == entries
    assert Stakeholder.objects.filter(partner=partner).count() == 1


def test_editing_a_person_refused_for_a_taken_email_leaves_no_new_organisation(
    partner, staff_client
):
    StakeholderFactory(partner=partner, email="ana@example.ro")
    person = StakeholderFactory(partner=partner, first_name="Ioana", email="ioana@example.ro")
    organisations, entries = Organisation.objects.count(), AuditEntry.objects.count()

    response = staff_client.post(
        reverse("stakeholders:edit", args=[person.pk]),
        {
            "first_name": "Ioana",
            "last_name": "Pop",
            "email": "ana@example.ro",
            "language": "ro",
            "new_organisation": "Casa Artelor",
        },
    )

    assert response.status_code == 200
    assert "already belongs to someone" in " ".join(response.context["form"].errors["email"])
    assert Organisation.objects.count() == organisations
    assert AuditEntry.objects.count() == entries


# Merging a duplicate who went through labs: invited, answered, checked in, gave feedback


@pytest.fixture
def story(partner, staff):
    """Ana, twice: once from a list (invited, no answer), once as she came to labs."""
    from django.utils import timezone

    from learninglab.cocreation.tests.factories import IdeaFactory, PromptFactory
    from learninglab.labs.models import Response
    from learninglab.labs.services.checkin import checkin_record
    from learninglab.labs.tests.factories import InvitationFactory, LabFactory
    from learninglab.results.models import FeedbackAnswer, FeedbackReceipt

    keep = StakeholderFactory(partner=partner, first_name="Ana", email="ana@example.ro")
    duplicate = StakeholderFactory(partner=partner, first_name="Ana", email="ana.p@example.ro")
    held, next_lab = (
        LabFactory(partner=partner, slug="timisoara-lll-1"),
        LabFactory(partner=partner),
    )
    listed = InvitationFactory(lab=held, stakeholder=keep)  # invited, never answered
    came = InvitationFactory(
        lab=held,
        stakeholder=duplicate,
        response=Response.ATTENDING,
        responded_at=timezone.now(),
        response_note="Vegetarian, please.",
    )
    checkin_record(actor=staff, invitation=came, confirmed_early=True)
    FeedbackReceipt.objects.create(invitation=came, answered_at=timezone.now())
    FeedbackAnswer.objects.create(lab=held, usefulness=5, learned_usable=4)
    prompt = PromptFactory(session__lab=held)
    IdeaFactory.create_batch(2, prompt=prompt, participant__display_name="Ana P.")
    declined = InvitationFactory(lab=next_lab, stakeholder=duplicate, response="declined")
    colleague = InvitationFactory(lab=held, substitute_for=listed)
    return keep, duplicate, listed, came, declined, colleague


def test_merging_a_person_who_went_through_labs_moves_it_all_to_the_person_kept(
    staff_client, story
):
    from learninglab.cocreation.models import Idea
    from learninglab.labs.models import Invitation
    from learninglab.results.models import FeedbackReceipt

    keep, duplicate, listed, came, declined, colleague = story

    response = staff_client.post(
        reverse("stakeholders:merge", args=[keep.pk]), {"duplicate": duplicate.pk}
    )

    assert response.status_code == 302
    assert not Stakeholder.objects.filter(pk=duplicate.pk).exists()
    invitations = Invitation.objects.filter(stakeholder=keep)
    assert {i.pk for i in invitations} == {came.pk, declined.pk}
    # One invitation per lab: the one answered, with its check-in and its feedback.
    (kept,) = [i for i in invitations if i.lab.slug == "timisoara-lll-1"]
    assert kept.response == "attending" and kept.response_note == "Vegetarian, please."
    assert kept.checkin is not None
    assert FeedbackReceipt.objects.get().invitation == kept
    assert not Invitation.objects.filter(pk=listed.pk).exists()
    # The colleague sent in the dropped invitation's place now stands for the kept one.
    assert Invitation.objects.get(pk=colleague.pk).substitute_for == kept
    assert Idea.objects.count() == 2  # the live wall knows no person: nothing to move
    entry = AuditEntry.objects.get(action="labs.invitation.combined")
    assert entry.changes["extra"]["dropped"] == listed.pk
