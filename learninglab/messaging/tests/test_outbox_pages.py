"""The outbox pages: a delivered invitation read in the browser, and who may read it."""

from __future__ import annotations

import html

import icalendar
import pytest
from django.test import override_settings
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.links import rsvp_url, unsubscribe_url
from learninglab.labs.models import Invitation, Lab
from learninglab.labs.services.invitation import invitations_create, invitations_send
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.messaging.delivery import LocalTransport, deliver_batch
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.messaging.services import Email, message_enqueue
from learninglab.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db

THEME = {
    "ro": "Cum poate deveni programul CEaC o oportunitate?",
    "en": "How can the ECoC programme become an opportunity?",
}


def invite(lab: Lab, person: Stakeholder) -> Invitation:
    """Invite ``person`` through the services and deliver the e-mail to the local outbox."""
    ConsentFactory(stakeholder=person)
    invitations_create(actor=None, lab=lab, people=Stakeholder.objects.filter(pk=person.pk))
    invitations_send(lab_id=lab.pk)
    deliver_batch(worker_id="test-worker", transport=LocalTransport())
    return Invitation.objects.select_related("message").get(lab=lab, stakeholder=person)


@pytest.fixture
def invitation(partner) -> Invitation:
    lab = LabFactory(
        partner=partner,
        slug="timisoara-lll-2",
        theme=THEME,
        invitation_subject={"ro": "Invitație: {lab}, {date}"},
        invitation_body={"ro": "Bună ziua, {name},\n\nRăspundeți aici:\n{rsvp_link}\n"},
    )
    LabContactFactory(lab=lab)
    person = StakeholderFactory(
        partner=partner, first_name="Ioana", last_name="Mureșan", email="ioana@example.org"
    )
    return invite(lab, person)


@pytest.fixture
def other_message(other_partner) -> OutboundMessage:
    lab = LabFactory(partner=other_partner, slug="matera-lll-2", time_zone="Europe/Rome")
    person = StakeholderFactory(
        partner=other_partner, first_name="Giulia", last_name="Rossi", language="it"
    )
    return invite(lab, person).message


def page(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_invitation_is_delivered_to_the_local_outbox(invitation):
    message = invitation.message

    assert message.state == MessageState.SENT
    assert message.sent_at is not None
    assert message.attempts == 1


def test_outbox_lists_the_invitation_and_says_mail_stays_local(staff_client, invitation):
    text = page(staff_client, "messaging:outbox")

    assert "ioana@example.org" in text
    assert html.escape(invitation.message.subject) in text
    assert "Invitation" in text
    assert "Sent" in text
    assert "local outbox" in text
    assert reverse("messaging:message", args=[invitation.message.pk]) in text


@override_settings(EMAIL_HOST="smtp.example.org")
def test_outbox_names_the_smtp_server_when_there_is_one(staff_client, invitation):
    text = page(staff_client, "messaging:outbox")

    assert "smtp.example.org" in text
    assert "local outbox" not in text


def test_outbox_filters_by_state_kind_and_search(staff_client, invitation, partner):
    failed, _created = message_enqueue(
        key="test:failed",
        kind="reminder",
        email=Email(to="bogdan@example.org", subject="Please answer", text="Hello"),
        partner=partner,
    )
    OutboundMessage.objects.filter(pk=failed.pk).update(
        state=MessageState.FAILED, attempts=8, last_error="421 try later"
    )
    url = reverse("messaging:outbox")

    def listed(**query) -> list[int]:
        response = staff_client.get(url, query)
        assert response.status_code == 200
        return [m.pk for m in response.context["page"]]

    assert listed() == [failed.pk, invitation.message.pk]  # newest first
    assert listed(state="failed") == [failed.pk]
    assert listed(kind="invitation") == [invitation.message.pk]
    assert listed(q="BOGDAN") == [failed.pk]
    assert listed(q="please answer") == [failed.pk]
    assert listed(q="nobody") == []
    assert "421 try later" in staff_client.get(url).content.decode()


def test_outbox_query_count_does_not_grow_with_the_messages(
    staff_client, invitation, partner, django_assert_num_queries
):
    url = reverse("messaging:outbox")
    staff_client.get(url)  # warm up the session
    with django_assert_num_queries(5) as one:
        staff_client.get(url)
    for n in range(5):
        message_enqueue(
            key=f"test:{n}",
            kind="reminder",
            email=Email(to=f"p{n}@example.org", subject="Reminder", text="Hello"),
            partner=partner,
        )
    with django_assert_num_queries(len(one.captured_queries)):
        staff_client.get(url)


def test_message_shows_headers_and_text_with_a_clickable_rsvp_link(staff_client, invitation):
    text = page(staff_client, "messaging:message", invitation.message.pk)

    url = rsvp_url(invitation)
    assert f'<a href="{url}"' in text
    assert "Bună ziua, Ioana Mureșan," in text
    for header in (
        "From",
        "To",
        "Reply-To",
        "Subject",
        "Date",
        "Message-ID",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "Content-Language",
    ):
        assert f"<dt>{header}</dt>" in text
    assert "irina.vlad@example.org" in text  # Reply-To: the contact who takes the answers
    assert html.escape(invitation.message.message_id) in text
    unsubscribe = html.escape(f"<{unsubscribe_url(invitation)}>")
    assert f"<dt>List-Unsubscribe</dt><dd>{unsubscribe}</dd>" in text
    assert f"<dt>Subject</dt><dd>{html.escape(invitation.message.subject)}</dd>" in text
    assert "List-Unsubscribe=One-Click" in text
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in text
    assert reverse("messaging:message_html", args=[invitation.message.pk]) in text


def test_message_text_is_escaped(staff_client, partner):
    message, _created = message_enqueue(
        key="test:script",
        kind="reminder",
        email=Email(to="a@example.org", subject="<b>Hi</b>", text="<script>alert(1)</script>"),
        partner=partner,
    )

    text = page(staff_client, "messaging:message", message.pk)

    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>Hi</b>" not in text


def test_ics_attachment_downloads_and_parses(staff_client, invitation):
    text = page(staff_client, "messaging:message", invitation.message.pk)
    url = reverse("messaging:attachment", args=[invitation.message.pk, 0])
    assert url in text
    assert "BEGIN:VCALENDAR" in text  # the calendar is shown inline too

    response = staff_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="invite.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    event = next(iter(calendar.walk("VEVENT")))
    assert event["UID"] == f"lab-{invitation.lab.uid}@learninglab.invalid"
    assert THEME["ro"] in str(event["SUMMARY"])
    assert event.decoded("DTSTART") == invitation.lab.starts_at.replace(microsecond=0)


def test_missing_attachment_is_not_found(staff_client, invitation):
    url = reverse("messaging:attachment", args=[invitation.message.pk, 5])

    assert staff_client.get(url).status_code == 404


def test_html_view_is_locked_down_and_frameable_by_us_only(staff_client, invitation):
    response = staff_client.get(reverse("messaging:message_html", args=[invitation.message.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    body = response.content.decode()
    assert '<base target="_blank">' in body
    assert html.escape(rsvp_url(invitation)) in body


def test_other_pages_stay_unframeable(staff_client, invitation):
    response = staff_client.get(reverse("messaging:message", args=[invitation.message.pk]))

    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("messaging:message", ()),
        ("messaging:message_html", ()),
        ("messaging:attachment", (0,)),
    ],
)
def test_partner_staff_never_see_another_partners_messages(
    staff_client, invitation, other_message, name, extra
):
    response = staff_client.get(reverse(name, args=[other_message.pk, *extra]))

    assert response.status_code == 404
    assert "Giulia" not in response.content.decode()


def test_partner_staff_list_only_their_own_partners_messages(
    staff_client, invitation, other_message
):
    response = staff_client.get(reverse("messaging:outbox"))

    assert [m.pk for m in response.context["page"]] == [invitation.message.pk]
    assert other_message.recipient not in response.content.decode()


def test_coordinator_sees_every_partners_messages(coordinator_client, invitation, other_message):
    response = coordinator_client.get(reverse("messaging:outbox"))

    assert {m.pk for m in response.context["page"]} == {invitation.message.pk, other_message.pk}
    assert (
        coordinator_client.get(reverse("messaging:message", args=[other_message.pk])).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("messaging:outbox", None),
        ("messaging:message", ()),
        ("messaging:message_html", ()),
        ("messaging:attachment", (0,)),
    ],
)
def test_facilitators_are_refused(facilitator, invitation, name, extra):
    args = None if extra is None else [invitation.message.pk, *extra]

    response = client_for(facilitator).get(reverse(name, args=args))

    assert response.status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, invitation):
    response = client.get(reverse("messaging:message", args=[invitation.message.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_outbox_is_in_the_navigation_of_staff_only(staff_client, facilitator):
    outbox = reverse("messaging:outbox")

    assert f'href="{outbox}"' in page(staff_client, "core:home")
    assert f'href="{outbox}"' not in page(client_for(facilitator), "core:home")


@pytest.fixture
def failed(invitation) -> OutboundMessage:
    OutboundMessage.objects.filter(pk=invitation.message.pk).update(
        state=MessageState.FAILED, last_error="421 try later"
    )
    return OutboundMessage.objects.get(pk=invitation.message.pk)


def test_retry_puts_a_failed_message_back_in_the_queue(staff_client, failed):
    page_text = page(staff_client, "messaging:message", failed.pk)
    url = reverse("messaging:retry", args=[failed.pk])
    assert f'action="{url}"' in page_text

    response = staff_client.post(url)

    assert response.status_code == 302
    assert response.url == reverse("messaging:message", args=[failed.pk])
    failed.refresh_from_db()
    assert failed.state == MessageState.QUEUED


def test_retry_only_on_post(staff_client, failed):
    response = staff_client.get(reverse("messaging:retry", args=[failed.pk]))

    assert response.status_code == 405
    failed.refresh_from_db()
    assert failed.state == MessageState.FAILED


def test_retry_leaves_a_sent_message_alone(staff_client, invitation):
    url = reverse("messaging:retry", args=[invitation.message.pk])

    response = staff_client.post(url, follow=True)

    assert "Only a message whose delivery failed" in response.content.decode()
    invitation.message.refresh_from_db()
    assert invitation.message.state == MessageState.SENT


def test_retry_of_another_partners_message_is_not_found(staff_client, other_message):
    OutboundMessage.objects.filter(pk=other_message.pk).update(state=MessageState.FAILED)

    response = staff_client.post(reverse("messaging:retry", args=[other_message.pk]))

    assert response.status_code == 404
    other_message.refresh_from_db()
    assert other_message.state == MessageState.FAILED


def test_facilitators_cannot_retry(facilitator, failed):
    response = client_for(facilitator).post(reverse("messaging:retry", args=[failed.pk]))

    assert response.status_code == 403
    failed.refresh_from_db()
    assert failed.state == MessageState.FAILED
