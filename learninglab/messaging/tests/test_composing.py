"""Writing e-mails into the outbox: the MIME bytes, and many e-mails at once."""

from __future__ import annotations

import email
import email.policy
import io
import random
import sys
from email.generator import BytesGenerator

import pytest

from learninglab.messaging.models import OutboundMessage
from learninglab.messaging.services import Attachment, Email, email_render, messages_enqueue_each

pytestmark = pytest.mark.django_db


def test_a_text_holding_the_boundary_drawn_for_its_e_mail_is_sent_whole():
    """The boundaries are drawn before the e-mail is written out; one that a text happens
    to hold would cut the e-mail in the wrong place, so another is taken."""
    random.seed(12)
    drawn = "=" * 15 + f"{random.randrange(sys.maxsize):019d}" + "=="
    text = f"Before\n--{drawn}\nafter, and the end: --{drawn}--\n"
    random.seed(12)
    _message_id, raw = email_render(
        Email(
            to="ioana@example.org",
            subject="A boundary in the text",
            text=text,
            html="<p>Hello</p>",
            attachments=[Attachment("invite.ics", b"BEGIN:VCALENDAR\r\n", "text/calendar")],
        )
    )
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [part.get_content_type() for part in parsed.walk()]
    assert parts == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    plain = next(part for part in parsed.walk() if part.get_content_type() == "text/plain")
    assert plain.get_content().replace("\r\n", "\n") == text


def test_many_e_mails_at_once_queue_each_key_once():
    keys = ["a", "b", "a", "c"]
    queued = messages_enqueue_each(
        keys,
        key=lambda item: f"test:{item}",
        kind="invitation",
        compose=lambda item: Email(to=f"{item}@example.org", subject=item, text=item),
    )
    again = messages_enqueue_each(
        ["c", "d"],
        key=lambda item: f"test:{item}",
        kind="invitation",
        compose=lambda item: Email(to=f"{item}@example.org", subject=item, text=item),
    )
    assert (queued, again) == (3, 1)
    assert sorted(OutboundMessage.objects.values_list("recipient", flat=True)) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
        "d@example.org",
    ]


def test_the_images_written_once_are_where_the_writer_puts_them():
    """The logos are written out once per process and put in each e-mail's bytes: the
    e-mail must read back part by part, and be written again to the same bytes."""
    logo, emblem = b"\x89PNG logo" * 200, b"\x89PNG emblem" * 300
    _message_id, raw = email_render(
        Email(
            to="ioana@example.org",
            subject="Logos",
            text="Hello",
            html='<img src="cid:logo@learninglab"><img src="cid:emblem@learninglab">',
            attachments=[
                Attachment("logo.png", logo, "image/png", content_id="logo@learninglab"),
                Attachment("emblem.png", emblem, "image/png", content_id="emblem@learninglab"),
                Attachment("invite.ics", b"BEGIN:VCALENDAR\r\n", "text/calendar"),
            ],
        )
    )
    parsed = email.message_from_bytes(raw)
    assert [part.get_content_type() for part in parsed.walk()] == [
        "multipart/mixed",
        "multipart/related",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "image/png",
        "image/png",
        "text/calendar",
    ]
    images = [part for part in parsed.walk() if part.get_content_maintype() == "image"]
    assert [(part["Content-ID"], part.get_payload(decode=True)) for part in images] == [
        ("<logo@learninglab>", logo),
        ("<emblem@learninglab>", emblem),
    ]
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False).flatten(parsed, linesep="\r\n")
    assert buffer.getvalue() == raw
