"""The images of an e-mail's HTML version (``cid:``), as staff see them in the outbox."""

from __future__ import annotations

import base64
import io
import re
from email.message import EmailMessage
from html import unescape
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from learninglab.conftest import client_for
from learninglab.messaging.models import OutboundMessage
from learninglab.messaging.reading import cid_references_resolved
from learninglab.messaging.services import Attachment, Email, message_enqueue

pytestmark = pytest.mark.django_db

QR_CID = "checkin.5f2c@learninglab"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "black").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png()


def confirmation(partner, *, key: str = "test:confirmation") -> OutboundMessage:
    """Queue a message built like an attendee's confirmation: QR image inline, .ics attached."""
    message, _created = message_enqueue(
        key=key,
        kind="confirmation",
        email=Email(
            to="ioana@example.org",
            subject="See you at the Local Learning Lab",
            text="Show the QR code of this e-mail at the door.",
            html=f'<p>Show this at the door:</p><p><img src="cid:{QR_CID}" alt="QR code"></p>',
            attachments=[
                Attachment("checkin.png", PNG, "image/png", content_id=QR_CID),
                Attachment("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
            ],
        ),
        partner=partner,
    )
    return message


def stored(partner, parsed: EmailMessage, *, key: str = "test:crafted") -> OutboundMessage:
    """Queue a message whose stored bytes are exactly ``parsed``, however it was built."""
    message, _created = message_enqueue(
        key=key,
        kind="reminder",
        email=Email(to="a@example.org", subject="-", text="-"),
        partner=partner,
    )
    OutboundMessage.objects.filter(pk=message.pk).update(raw=parsed.as_bytes())
    return OutboundMessage.objects.get(pk=message.pk)


def with_related(html: str, *parts: tuple[bytes | str, str, str, str]) -> EmailMessage:
    """Return text + HTML with ``parts`` (content, type, subtype, content id) related to it."""
    parsed = EmailMessage()
    parsed["Subject"] = "Parts"
    parsed.set_content("Text")
    parsed.add_alternative(html, subtype="html")
    body = parsed.get_body(preferencelist=("html",))
    assert body is not None
    for content, maintype, subtype, cid in parts:
        if isinstance(content, str):
            body.add_related(content, subtype=subtype, cid=f"<{cid}>")
        else:
            body.add_related(content, maintype=maintype, subtype=subtype, cid=f"<{cid}>")
    return parsed


@pytest.fixture
def message(partner) -> OutboundMessage:
    return confirmation(partner)


def data_url(content: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(content).decode()


def image_url(message: OutboundMessage, content_id: str = QR_CID) -> str:
    return reverse("messaging:image", args=[message.pk, content_id])


def html_version(client, message: OutboundMessage) -> str:
    response = client.get(reverse("messaging:message_html", args=[message.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_html_version_shows_the_qr_code_from_its_own_part(staff_client, message):
    body = html_version(staff_client, message)

    assert f'<img src="{data_url(PNG)}" alt="QR code">' in body
    assert "cid:" not in body


def test_the_html_version_still_loads_nothing_from_anywhere(staff_client, message):
    response = staff_client.get(reverse("messaging:message_html", args=[message.pk]))

    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )


def test_the_qr_code_is_served_as_the_png_it_is(staff_client, message):
    response = staff_client.get(image_url(message))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == PNG
    assert response["Content-Disposition"] == 'inline; filename="checkin.png"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_message_page_offers_the_image_and_keeps_the_calendar_an_attachment(
    staff_client, message
):
    response = staff_client.get(reverse("messaging:message", args=[message.pk]))

    text = response.content.decode()
    assert "Images in the HTML version" in text
    assert f'href="{image_url(message)}" download="checkin.png"' in text
    assert [a["filename"] for a in response.context["attachments"]] == ["invite.ics"]
    assert reverse("messaging:attachment", args=[message.pk, 0]) in text


def test_an_unknown_content_id_is_not_found(staff_client, message):
    assert staff_client.get(image_url(message, "nothing@learninglab")).status_code == 404


@pytest.mark.parametrize(
    ("content", "maintype", "subtype"),
    [
        ("<script>alert(1)</script>", "text", "html"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image",
            "svg+xml",
        ),
        (b"%PDF-1.4", "application", "pdf"),
    ],
)
def test_a_part_that_is_not_a_raster_image_is_never_served(
    staff_client, partner, content, maintype, subtype
):
    html = '<img src="cid:part@example.org">'
    message = stored(partner, with_related(html, (content, maintype, subtype, "part@example.org")))

    response = staff_client.get(image_url(message, "part@example.org"))

    assert response.status_code == 404
    assert "cid:part@example.org" in html_version(staff_client, message)  # nothing to show


def test_references_to_other_parts_and_unknown_ids_are_left_alone(staff_client, partner):
    html = (
        '<img src="cid:qr@example.org"><img src="cid:page@example.org">'
        '<img src="cid:gone@example.org">'
    )
    parsed = with_related(
        html,
        (PNG, "image", "png", "qr@example.org"),
        ("<p>A page</p>", "text", "html", "page@example.org"),
    )
    message = stored(partner, parsed)

    body = html_version(staff_client, message)

    assert f'<img src="{data_url(PNG)}">' in body
    assert '<img src="cid:page@example.org">' in body
    assert '<img src="cid:gone@example.org">' in body


def test_another_partners_staff_get_no_image(other_staff, message):
    client = client_for(other_staff)

    assert client.get(image_url(message)).status_code == 404
    assert client.get(reverse("messaging:message_html", args=[message.pk])).status_code == 404


def test_the_coordinator_gets_every_partners_image(coordinator_client, message):
    assert coordinator_client.get(image_url(message)).status_code == 200


def test_facilitators_get_no_image(facilitator, message):
    assert client_for(facilitator).get(image_url(message)).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, message):
    response = client.get(image_url(message))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# Rewriting the references


URLS = {"qr@example.org": "/outbox/1/images/qr@example.org/"}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<img src="cid:qr@example.org">', '<img src="/outbox/1/images/qr@example.org/">'),
        ("<img src='CID:qr@example.org'>", "<img src='/outbox/1/images/qr@example.org/'>"),
        ("<img src=cid:qr@example.org>", "<img src=/outbox/1/images/qr@example.org/>"),
        ('<img src="cid:qr%40example.org">', '<img src="/outbox/1/images/qr@example.org/">'),
        ('<img src="cid:qr&#64;example.org">', '<img src="/outbox/1/images/qr@example.org/">'),
        (
            '<td style="background: url(cid:qr@example.org)">',
            '<td style="background: url(/outbox/1/images/qr@example.org/)">',
        ),
        ("<p>Write to cid:qr@example.org</p>", "<p>Write to cid:qr@example.org</p>"),
        ('<img src="cid:other@example.org">', '<img src="cid:other@example.org">'),
    ],
)
def test_cid_references_point_at_the_image_urls(html, expected):
    assert cid_references_resolved(html, URLS) == expected


def test_a_url_is_escaped_for_the_attribute_it_lands_in():
    urls = {"a'b@example.org": "/outbox/1/images/a'b@example.org/"}

    resolved = cid_references_resolved('<img src="cid:a&#39;b@example.org">', urls)

    assert resolved == '<img src="/outbox/1/images/a&#x27;b@example.org/">'


# Printable ASCII without the characters that quote or comment in a header.
CONTENT_IDS = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters='<>\\"()'),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content_id=CONTENT_IDS)
def test_any_content_id_reaches_its_image(staff_client, partner, content_id):
    html = f'<img src="cid:{quote(content_id, safe="@")}">'
    parsed = with_related(html, (PNG, "image", "png", content_id))
    message = stored(partner, parsed, key=f"test:{content_id}")

    assert f'<img src="{data_url(PNG)}">' in html_version(staff_client, message)
    page = staff_client.get(reverse("messaging:message", args=[message.pk])).content.decode()
    link = re.search(r'<a href="([^"]*/images/[^"]*)"', page)
    assert link is not None
    response = staff_client.get(unescape(link.group(1)))
    assert response.status_code == 200
    assert response.content == PNG
