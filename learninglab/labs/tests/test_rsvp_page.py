"""The personal RSVP page through HTTP: one click answers, then the calendar and the QR code."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from learninglab.labs.jobs import confirmations_queue
from learninglab.labs.links import checkin_code, rsvp_token, rsvp_url
from learninglab.labs.models import Response
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.models import OutboundMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(partner):
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    LabContactFactory(lab=lab)
    return InvitationFactory(lab=lab, language="en", stakeholder__language="en")


def buttons(html: str) -> list[str]:
    """Return the answer buttons of the page: ``name=answer`` submit buttons, in order."""
    return re.findall(r'<button type="submit" name="answer" value="(\w+)"', html)


def test_the_page_offers_two_answer_buttons_before_the_note(client, invitation):
    html = client.get(rsvp_url(invitation)).content.decode()
    assert buttons(html) == ["attend", "decline"]
    assert 'type="radio"' not in html
    # The buttons come first; the note, sent with either of them, below.
    assert html.index('value="attend"') < html.index('name="note"')
    form = html[html.index('value="attend"') :]
    assert form.index('name="note"') < form.index("</form>")


@pytest.mark.parametrize(
    ("answer", "response"), [("attend", Response.ATTENDING), ("decline", Response.DECLINED)]
)
def test_one_button_records_the_answer_with_the_note(client, invitation, answer, response):
    url = rsvp_url(invitation)
    posted = client.post(url, {"answer": answer, "note": "Step-free access, please."})
    assert posted.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == response
    assert invitation.response_note == "Step-free access, please."


def test_after_attending_the_page_shows_the_qr_code_and_the_calendar(client, invitation):
    url = rsvp_url(invitation)
    before = client.get(url).content.decode()
    assert "Add to your calendar" not in before
    assert checkin_code(invitation) not in before

    client.post(url, {"answer": "attend"})
    page = client.get(url).content.decode()
    calendar = reverse("labs:rsvp_calendar", args=[invitation.public_id, rsvp_token(invitation)])
    assert f'href="{calendar}"' in page
    assert "Add to your calendar" in page
    assert re.search(r'<img src="data:image/png;base64,[^"]+"[^>]* alt="QR code', page)
    assert checkin_code(invitation) in page

    download = client.get(calendar)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in download.content


def test_after_declining_the_page_offers_no_qr_code(client, invitation):
    url = rsvp_url(invitation)
    client.post(url, {"answer": "decline"})
    page = client.get(url).content.decode()
    assert checkin_code(invitation) not in page
    assert "data:image/png" not in page
    assert buttons(page) == ["attend", "decline"]  # the answer can still be changed


def test_the_calendar_download_needs_the_personal_link(client, invitation):
    bad = reverse("labs:rsvp_calendar", args=[invitation.public_id, "not-the-token"])
    assert client.get(bad).status_code == 404


def html_part(message: OutboundMessage) -> str:
    parsed = email.message_from_bytes(bytes(message.raw), policy=email.policy.default)
    return parsed.get_body(preferencelist=("html",)).get_content()  # type: ignore[attr-defined]


def test_the_confirmation_e_mail_offers_to_change_the_answer(invitation):
    rsvp_record(invitation=invitation, answer="attend")
    confirmations_queue()  # the worker writes the confirmation
    confirmation = OutboundMessage.objects.get(kind="confirmation")
    html = html_part(confirmation)
    assert "Change your answer" in html
    assert "Answer the invitation" not in html


def test_each_person_sees_the_colleague_form_in_their_own_language(client, partner):
    lab = LabFactory(partner=partner, slug="timisoara-lll-3")
    english = InvitationFactory(lab=lab, language="en", stakeholder__language="en")
    romanian = InvitationFactory(lab=lab, language="ro", stakeholder__language="ro")

    for invitation, label in [
        (english, "Colleague's first name"),
        (romanian, "Prenumele colegului"),
        (english, "Colleague's first name"),
    ]:
        html = client.get(rsvp_url(invitation)).content.decode()
        assert f'<label for="colleague-first_name">{escape(label)}' in html
        assert 'id="colleague-email"' in html
