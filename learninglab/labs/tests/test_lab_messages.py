"""Messages to a lab's people: one text per language, to a segment, through the outbox."""

from __future__ import annotations

import email
import email.policy
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.links import rsvp_url
from learninglab.labs.models import CheckIn, Invitation, LabMessage, Response, Segment
from learninglab.labs.services.invitation import invitations_unsubscribe
from learninglab.labs.services.message import MessageData, lab_message_deliver, lab_message_send
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.delivery import deliver_due
from learninglab.messaging.models import MessageKind, OutboundMessage
from learninglab.messaging.testing import smtp_server

pytestmark = pytest.mark.django_db

SUBJECT = {"ro": "Despre {lab}", "en": "About the {lab}"}
BODY = {
    "ro": "Stimate {name},\n\nVă așteptăm pe {date}. Linkul dumneavoastră: {rsvp_link}",
    "en": "Dear {name},\n\nWe expect you on {date}. Your link: {rsvp_link}",
}

# Who is in which segment: each person's answer, and whether they came.
PEOPLE = {
    "came": (Response.ATTENDING, True),
    "expected": (Response.ATTENDING, False),
    "waiting": (Response.WAITLISTED, False),
    "silent": (Response.PENDING, False),
    "declined": (Response.DECLINED, False),
    "colleague": (Response.SUBSTITUTED, False),
    "walk-in": (Response.ATTENDING, True),
}
SEGMENTS = {
    Segment.INVITED: set(PEOPLE),
    Segment.ATTENDING: {"came", "expected", "walk-in"},
    Segment.WAITLISTED: {"waiting"},
    Segment.PENDING: {"silent"},
    Segment.DECLINED: {"declined", "colleague"},
    Segment.CHECKED_IN: {"came", "walk-in"},
    Segment.NO_SHOW: {"expected"},
}


@pytest.fixture(autouse=True)
def local_outbox(settings):
    settings.EMAIL_HOST = ""


@pytest.fixture
def lab(partner):
    lab = LabFactory(partner=partner, slug="tim-lll-2")
    LabContactFactory(lab=lab)
    return lab


def person(lab, name: str, *, language: str = "ro", **fields):
    someone = StakeholderFactory(
        partner=lab.partner,
        first_name=name.capitalize(),
        email=fields.pop("email", f"{name}@example.com"),
        language=language,
        **fields,
    )
    ConsentFactory(stakeholder=someone)
    return someone


@pytest.fixture
def people(lab):
    """One person per situation, all reachable, plus two nobody may write to."""
    invitations = {}
    for name, (response, came) in PEOPLE.items():
        invitation = InvitationFactory(lab=lab, stakeholder=person(lab, name), response=response)
        if came:
            CheckIn.objects.create(invitation=invitation, checked_in_at=timezone.now())
        invitations[name] = invitation
    # Attending, but without an address, or unsubscribed.
    InvitationFactory(lab=lab, stakeholder=person(lab, "nomail", email=""), response="attending")
    gone = InvitationFactory(lab=lab, stakeholder=person(lab, "gone"), response="attending")
    invitations_unsubscribe(invitation=gone)
    return invitations


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send a message as staff do, and let the worker queue its e-mails once committed."""

    def sending(lab, staff, segment, *, expected=None, token=None):
        data = MessageData(segment=segment, subject=SUBJECT, body=BODY)
        if expected is None:
            expected = len(SEGMENTS[segment])
        with django_capture_on_commit_callbacks(execute=True):
            return lab_message_send(
                actor=staff, lab=lab, data=data, token=token or uuid.uuid4(), expected=expected
            )

    return sending


def recipients_in_outbox(message) -> set[str]:
    found = OutboundMessage.objects.filter(
        kind=MessageKind.LAB_MESSAGE, key__startswith=f"lab-message:{message.pk}:"
    )
    return {m.recipient.split("@")[0] for m in found}


@pytest.mark.parametrize("segment", list(SEGMENTS))
def test_a_message_to_each_segment_reaches_exactly_its_people_who_may_be_written_to(
    lab, staff, people, segment, send
):
    message = send(lab, staff, segment)

    assert recipients_in_outbox(message) == SEGMENTS[segment]
    assert {i.stakeholder.first_name.lower() for i in message.recipients.all()} == (
        SEGMENTS[segment]
    )


def test_the_write_page_counts_each_segment_before_sending(lab, staff, people):
    page = client_for(staff).get(reverse("labs:message_new", args=[lab.slug]))

    text = page.content.decode()
    assert "Attending — 3 people (and 2 who may not be written to)" in text
    assert "Expected but not checked in — 1 person" in text
    assert "Everyone invited or registered — 7 people (and 2 who may not be written to)" in text


def test_each_person_reads_it_in_their_language_with_their_own_link(lab, staff, people, send):
    david = InvitationFactory(
        lab=lab,
        stakeholder=person(lab, "david", language="en"),
        language="en",
        response="attending",
    )
    message = send(lab, staff, Segment.NO_SHOW, expected=2)

    outbox = {m.recipient: m for m in OutboundMessage.objects.filter(kind=MessageKind.LAB_MESSAGE)}
    subjects = {address: m.subject for address, m in outbox.items()}
    with translation.override("ro"):
        assert subjects["expected@example.com"] == f"Despre {lab.heading}"
    with translation.override("en"):
        assert subjects["david@example.com"] == f"About the {lab.heading}"
    romanian, english = (
        email.message_from_bytes(bytes(outbox[address].raw), policy=email.policy.default)
        for address in ("expected@example.com", "david@example.com")
    )
    ro_text = romanian.get_body(("plain",)).get_content()
    en_text = english.get_body(("plain",)).get_content()
    assert "Stimate Expected" in ro_text and "Vă așteptăm" in ro_text
    assert "Dear David" in en_text and "{" not in en_text
    assert rsvp_url(david) in en_text
    assert message.recipients.count() == 2


def test_nobody_who_unsubscribed_after_the_sending_gets_it(lab, staff, people, settings, send):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    message = send(lab, staff, Segment.ATTENDING)
    invitations_unsubscribe(invitation=people["expected"])

    assert lab_message_deliver(message_id=message.pk) == 2
    assert recipients_in_outbox(message) == {"came", "walk-in"}
    assert lab_message_deliver(message_id=message.pk) == 0  # never twice


def test_a_group_that_changed_since_the_preview_sends_nothing(lab, staff, people, send):
    with pytest.raises(Exception) as refused:
        send(lab, staff, Segment.ATTENDING, expected=4)

    assert refused.value.code == "recipients_changed"
    assert "now holds 3 people" in str(refused.value)
    assert not LabMessage.objects.exists()
    assert not OutboundMessage.objects.filter(kind=MessageKind.LAB_MESSAGE).exists()


def test_sending_the_same_form_twice_sends_once(lab, staff, people, send):
    token = uuid.uuid4()
    first = send(lab, staff, Segment.ATTENDING, token=token)
    second = send(lab, staff, Segment.ATTENDING, token=token)

    assert first == second
    assert LabMessage.objects.count() == 1
    assert OutboundMessage.objects.filter(kind=MessageKind.LAB_MESSAGE).count() == 3


def test_the_lab_and_each_person_keep_it_in_their_history(lab, staff, people, send):
    send(lab, staff, Segment.NO_SHOW)

    lab_page = client_for(staff).get(lab.get_absolute_url()).content.decode()
    assert "Wrote “Despre {lab}” to 1 person of “tim-lll-2”" in lab_page
    assert "Messages to participants" in lab_page
    person_page = client_for(staff).get(people["expected"].stakeholder.get_absolute_url())
    assert "Sent them the message “Despre {lab}” about “tim-lll-2”" in person_page.content.decode()
    others = AuditEntry.objects.filter(action="labs.message.received")
    assert others.count() == 1


def form_data(segment="no_show", **texts):
    data = {
        "segment": segment,
        "token": str(uuid.uuid4()),
        "subject_ro": SUBJECT["ro"],
        "subject_en": SUBJECT["en"],
        "body_ro": BODY["ro"],
        "body_en": BODY["en"],
        "action": "preview",
    }
    data.update(texts)
    return data


def test_preview_then_send_through_the_pages(
    lab, staff, people, django_capture_on_commit_callbacks
):
    client = client_for(staff)
    url = reverse("labs:message_new", args=[lab.slug])

    preview = client.post(url, form_data())
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "Send to 1 person" in text
    assert "In Romanian" in text and "In English" in text
    assert "Stimate Expected" in text  # the Romanian text, its placeholders filled
    assert not LabMessage.objects.exists()

    form = preview.context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**form.data.dict(), "action": "send"}, follow=True)

    (message,) = LabMessage.objects.all()
    assert sent.redirect_chain[-1][0] == message.get_absolute_url()
    assert "Your message is on its way to 1 person" in sent.content.decode()
    assert recipients_in_outbox(message) == {"expected"}


def test_a_text_changed_after_the_preview_is_previewed_again_not_sent(lab, staff, people):
    client = client_for(staff)
    url = reverse("labs:message_new", args=[lab.slug])
    preview = client.post(url, form_data())
    data = {**preview.context["form"].data.dict(), "action": "send", "body_en": "Changed {name}"}

    again = client.post(url, data)

    assert "The message changed since its preview" in again.content.decode()
    assert "Changed Expected" in again.content.decode()
    assert not LabMessage.objects.exists()


def test_bad_texts_are_refused_with_what_to_fix_and_kept(lab, staff, people):
    client = client_for(staff)
    url = reverse("labs:message_new", args=[lab.slug])

    page = client.post(url, form_data(body_ro="Stimate {nmae}", subject_en=""))

    text = page.content.decode()
    assert "Romanian: unknown placeholders {nmae}" in text
    assert "Write it in English too" in text
    assert "Stimate {nmae}" in text  # nothing typed is lost
    assert not LabMessage.objects.exists()


def test_a_segment_nobody_may_be_written_to_is_refused(lab, staff):
    InvitationFactory(lab=lab, stakeholder=person(lab, "nomail", email=""), response="attending")

    page = client_for(staff).post(
        reverse("labs:message_new", args=[lab.slug]), form_data(segment="attending")
    )

    assert "Nobody in “Attending” may be written to" in page.content.decode()


def test_the_message_page_shows_each_recipients_e_mail(lab, staff, people, send):
    message = send(lab, staff, Segment.ATTENDING)
    deliver_due()

    page = client_for(staff).get(message.get_absolute_url())

    text = page.content.decode()
    assert page.status_code == 200
    for name in SEGMENTS[Segment.ATTENDING]:
        assert f"{name.capitalize()}</a>" in text
    assert text.count("delivery-sent") == 3
    assert "Stimate {name}" in text  # as written, placeholders and all


def test_other_partners_and_facilitators_can_neither_see_nor_send(
    lab, people, other_staff, facilitator
):
    new = reverse("labs:message_new", args=[lab.slug])
    for user in (other_staff, facilitator):
        client = client_for(user)
        assert client.get(reverse("labs:messages", args=[lab.slug])).status_code in (403, 404)
        assert client.get(new).status_code in (403, 404)
        assert client.post(new, {**form_data(), "action": "send"}).status_code in (403, 404)
    assert not LabMessage.objects.exists()


def test_it_goes_out_over_smtp_in_each_persons_language(lab, staff, people, settings, send):
    with smtp_server(settings) as server:
        send(lab, staff, Segment.CHECKED_IN)
        assert deliver_due() == 2

    received = {m.rcpt_tos[0]: m.message for m in server.received}
    assert set(received) == {"came@example.com", "walk-in@example.com"}
    for message in received.values():
        assert "Despre" in message["Subject"]
        assert message["List-Unsubscribe"]
        assert "Stimate " in message.get_body(("plain",)).get_content()


def test_everyone_invited_leaves_out_whoever_may_not_be_written_to(lab, staff, people, send):
    message = send(lab, staff, Segment.INVITED)

    assert Invitation.objects.filter(lab=lab).count() == 9
    emails = {i.stakeholder.email for i in message.recipients.all()}
    assert len(emails) == 7
    assert not emails & {"gone@example.com", ""}
