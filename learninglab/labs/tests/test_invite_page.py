"""Inviting people from the lab's page, sending in the background, previewing the e-mail."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from learninglab.core.models import AuditEntry
from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.labs.models import Invitation, Lab, LabStatus
from learninglab.labs.tasks import send_lab_invitations
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.messaging.models import OutboundMessage
from learninglab.stakeholders.models import Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab(partner) -> Lab:
    lab = LabFactory(
        partner=partner,
        slug="timisoara-lll-2",
        invitation_subject={"ro": "Invitație: {lab}", "en": "Invitation: {lab}"},
        invitation_body={
            "ro": "Bună ziua, {name},\n\nRăspundeți aici: {rsvp_link}",
            "en": "Dear {name},\n\nPlease answer here: {rsvp_link}",
        },
    )
    LabContactFactory(lab=lab, phone="+40731540977")
    return lab


@pytest.fixture
def group(partner, other_partner):
    """Timișoara's group: two who agreed, one who withdrew, one never asked, one without
    an e-mail address; and a consenting person of Matera."""
    org = OrganisationFactory(partner=partner, name="Banat IT", type="sme")
    mentors = Tag.objects.create(partner=partner, name="mentors")
    people = {
        "ioana": StakeholderFactory(
            partner=partner, first_name="Ioana", last_name="Marin", organisation=org
        ),
        "dan": StakeholderFactory(
            partner=partner, first_name="Dan", last_name="Stoica", language="en"
        ),
        "mihai": StakeholderFactory(partner=partner, first_name="Mihai", last_name="Dinu"),
        "radu": StakeholderFactory(partner=partner, first_name="Radu", last_name="Pop"),
        "elena": StakeholderFactory(
            partner=partner, first_name="Elena", last_name="Lupu", email=""
        ),
        "giulia": StakeholderFactory(
            partner=other_partner, first_name="Giulia", last_name="Rossi", language="it"
        ),
    }
    people["ioana"].tags.add(mentors)
    for name in ("ioana", "dan", "mihai", "elena", "giulia"):
        ConsentFactory(stakeholder=people[name])
    ConsentFactory(stakeholder=people["mihai"], given=False, method="unsubscribe")
    return people


def invite_url(lab: Lab) -> str:
    return reverse("labs:invite", args=[lab.slug])


def test_the_plan_shows_who_is_invited_and_who_is_excluded_and_why(staff_client, lab, group):
    response = staff_client.get(invite_url(lab))

    assert response.status_code == 200
    plan = response.context["plan"]
    assert {p.first_name for p in plan.to_invite} == {"Ioana", "Dan"}
    assert (plan.answered, plan.waiting, plan.unsent) == ([], [], [])
    reasons = {e.stakeholder.first_name: e.reason for e in plan.excluded}
    assert reasons == {
        "Mihai": "withdrew consent to invitations",
        "Radu": "not asked yet for consent to invitations",
        "Elena": "no e-mail address",
    }
    page = html.unescape(response.content.decode())
    for reason in reasons.values():
        assert reason in page
    assert "Giulia" not in page
    assert 'name="people"' in page


def test_the_directory_filters_choose_the_people(staff_client, lab, group):
    def invited(**query):
        plan = staff_client.get(invite_url(lab), query).context["plan"]
        return {p.first_name for p in plan.to_invite}

    assert invited(tag="mentors") == {"Ioana"}
    assert invited(type="sme") == {"Ioana"}
    assert invited(q="stoica") == {"Dan"}
    plan = staff_client.get(invite_url(lab), {"consent": "unknown"}).context["plan"]
    assert [e.stakeholder.first_name for e in plan.excluded] == ["Radu"]


def test_post_invites_only_consenting_people_once_and_queues_their_e_mails(
    staff_client, lab, group, staff, django_capture_on_commit_callbacks
):
    everyone = [p.pk for name, p in group.items() if name != "giulia"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(invite_url(lab), {"people": everyone})

    assert response.status_code == 302
    assert response.url == lab.get_absolute_url()
    assert len(callbacks) == 1
    invitations = Invitation.objects.filter(lab=lab).select_related("stakeholder", "message")
    assert {i.stakeholder.first_name for i in invitations} == {"Ioana", "Dan"}
    assert all(i.invited_by == staff for i in invitations)
    # One e-mail per invitation, in the person's language.
    messages = OutboundMessage.objects.filter(kind="invitation")
    assert messages.count() == 2
    assert {i.message.recipient for i in invitations} == {i.stakeholder.email for i in invitations}
    subjects = {i.stakeholder.first_name: i.message.subject for i in invitations}
    assert subjects == {
        "Ioana": "Invitație: Atelierul Local de Învățare, sesiunea 2",
        "Dan": "Invitation: Local Learning Lab, round 2",
    }
    entry = AuditEntry.objects.get(action="labs.invitations.created")
    assert entry.actor == staff
    assert entry.changes["extra"]["count"] == 2

    page = staff_client.get(response.url).content.decode()
    assert "2 people invited." in page
    assert "0 of 2 invitations sent." in page


def test_posting_twice_invites_nobody_twice_and_sends_nothing_twice(
    staff_client, lab, group, django_capture_on_commit_callbacks
):
    chosen = {"people": [group["ioana"].pk, group["dan"].pk]}
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(invite_url(lab), chosen)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(invite_url(lab), chosen, follow=True)

    assert Invitation.objects.filter(lab=lab).count() == 2
    assert OutboundMessage.objects.count() == 2
    assert "Nobody new to invite" in response.content.decode()
    assert AuditEntry.objects.filter(action="labs.invitations.created").count() == 1


def test_only_the_ticked_people_are_invited(
    staff_client, lab, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(invite_url(lab), {"people": [group["dan"].pk]})

    assert [i.stakeholder for i in lab.invitations.all()] == [group["dan"]]


def test_a_posted_person_without_consent_is_not_invited(
    staff_client, lab, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(invite_url(lab), {"people": [group["radu"].pk, group["mihai"].pk]})

    assert not Invitation.objects.exists()
    assert not OutboundMessage.objects.exists()


def test_another_partners_person_cannot_be_invited(staff_client, lab, group):
    response = staff_client.post(invite_url(lab), {"people": [group["giulia"].pk]})

    assert response.status_code == 200
    assert response.context["form"].errors["people"]
    assert not Invitation.objects.exists()


def test_choosing_nobody_is_explained(staff_client, lab, group):
    response = staff_client.post(invite_url(lab), {})

    assert response.status_code == 200
    assert (
        "Tick at least one person to invite or to remind of their answer."
        in response.content.decode()
    )
    assert not Invitation.objects.exists()


def test_a_draft_lab_invites_nobody_and_says_why(staff_client, lab, group):
    Lab.objects.filter(pk=lab.pk).update(status=LabStatus.DRAFT)

    page = staff_client.get(invite_url(lab)).content.decode()
    assert "publish it before inviting people" in page

    response = staff_client.post(invite_url(lab), {"people": [group["ioana"].pk]}, follow=True)

    assert "Publish the lab before inviting people." in response.content.decode()
    assert not Invitation.objects.exists()
    assert not OutboundMessage.objects.exists()


def test_the_send_task_queues_one_message_per_invitation_and_is_idempotent(
    staff_client, lab, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # as if no worker ran yet
        staff_client.post(invite_url(lab), {"people": [group["ioana"].pk, group["dan"].pk]})
    assert lab.invitations.count() == 2
    assert not OutboundMessage.objects.exists()
    page = staff_client.get(lab.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page

    first = send_lab_invitations.enqueue(lab.pk)
    second = send_lab_invitations.enqueue(lab.pk)

    assert (first.return_value, second.return_value) == (2, 0)
    assert OutboundMessage.objects.count() == 2
    assert not lab.invitations.filter(message__isnull=True).exists()


# The preview


def preview_url(lab: Lab) -> str:
    return reverse("labs:invitation_preview", args=[lab.slug])


def test_the_preview_shows_exactly_what_a_person_gets(staff_client, lab, group):
    response = staff_client.get(preview_url(lab), {"person": group["dan"].pk})

    assert response.status_code == 200
    email = response.context["email"]
    assert email.to == group["dan"].email
    assert email.subject == "Invitation: Local Learning Lab, round 2"
    headers = dict(response.context["headers"])
    assert headers["Reply-To"] == "irina.vlad@example.org"
    assert headers["List-Unsubscribe"].startswith("<http")
    assert headers["Content-Language"] == "en"
    assert "From" in headers
    page = response.content.decode()
    assert "Dear Dan Stoica," in html.unescape(page)
    assert '<iframe sandbox="" srcdoc="&lt;!doctype html&gt;' in page
    assert "BEGIN:VCALENDAR" in page
    assert "METHOD:PUBLISH" in page


def test_the_preview_writes_in_the_persons_language(staff_client, lab, group):
    response = staff_client.get(preview_url(lab), {"person": group["ioana"].pk})

    assert response.context["email"].subject == "Invitație: Atelierul Local de Învățare, sesiunea 2"
    assert response.context["language"] == "ro"


def test_the_preview_changes_nothing(staff_client, lab, group):
    staff_client.get(preview_url(lab), {"person": group["ioana"].pk})
    staff_client.get(preview_url(lab))

    assert not Invitation.objects.exists()
    assert not OutboundMessage.objects.exists()


def test_the_preview_offers_the_invited_and_the_eligible_only(
    staff_client, lab, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(invite_url(lab), {"people": [group["dan"].pk]})

    response = staff_client.get(preview_url(lab))

    groups = dict(response.context["form"].fields["person"].choices)
    assert [pk for pk, _label in groups["Invited"]] == [group["dan"].pk]
    assert [pk for pk, _label in groups["Not invited yet"]] == [group["ioana"].pk]
    assert response.context["person"] == group["dan"]


def test_the_preview_refuses_another_partners_person(staff_client, lab, group):
    response = staff_client.get(preview_url(lab), {"person": group["giulia"].pk})

    assert response.context["form"].errors
    assert "Giulia" not in response.content.decode()


def test_the_preview_shows_a_text_with_an_unknown_placeholder(staff_client, lab, group):
    # Saved before the check existed, or through the database: the page says what is wrong.
    Lab.objects.filter(pk=lab.pk).update(invitation_body={"en": "Dear {nmae}"})

    response = staff_client.get(preview_url(lab), {"person": group["dan"].pk})

    page = html.unescape(response.content.decode())
    assert "Invitation text (English) uses unknown placeholders, sent as written: {nmae}." in page
    assert "Dear {nmae}" in page


def test_the_preview_without_anyone_to_invite(staff_client, partner):
    lab = LabFactory(partner=partner)

    response = staff_client.get(preview_url(lab))

    assert response.status_code == 200
    assert "record people's consent first" in html.unescape(response.content.decode())
