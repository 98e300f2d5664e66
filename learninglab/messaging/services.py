"""Queue e-mails in the durable outbox. Nothing is sent except through here."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import io
import random
import sys
from collections.abc import Callable, Iterable
from email.generator import BytesGenerator
from email.mime.image import MIMEImage
from email.utils import make_msgid
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart
from django.db import IntegrityError, transaction
from django.utils import timezone

from learninglab.core.audit import Actor, audit_record
from learninglab.core.text import redact_words
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.messaging.reading import message_read


@dataclasses.dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str
    # An image the HTML part shows in its text (<img src="cid:...">): sent beside the
    # HTML in a multipart/related part rather than as a file to open.
    content_id: str = ""


@dataclasses.dataclass
class Email:
    """An e-mail to compose: one recipient, a text part, optionally an HTML part."""

    to: str
    subject: str
    text: str
    html: str = ""
    reply_to: list[str] = dataclasses.field(default_factory=list)
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    attachments: list[Attachment] = dataclasses.field(default_factory=list)
    sender: str = ""


def _domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.rsplit("@", 1)[-1].strip(" >") or "learninglab.invalid"


class _EmailWithInlineImages(EmailMultiAlternatives):
    """Django's e-mail, with inline images next to the text and HTML (RFC 2387).

    The result is multipart/mixed[multipart/related[multipart/alternative[text, html],
    images...], attachments...]: mail programs show the images in the HTML, not as files.
    Django has no public way to nest parts, so this extends the step that builds the
    alternative part.
    """

    def __init__(self, *args: Any, inline: list[Attachment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inline = inline
        # Whether the images are left out of the related part, to be put in its bytes.
        self.images_later = False

    def _create_alternatives(self, msg: Any) -> Any:
        msg = super()._create_alternatives(msg)  # type: ignore[misc]
        if not self.inline:
            return msg
        encoding = self.encoding or settings.DEFAULT_CHARSET
        related = SafeMIMEMultipart(_subtype="related", encoding=encoding)
        related.attach(msg)
        if not self.images_later:
            for image in self.inline:
                related.attach(_inline_part(image))
        return related


def _inline_part(image: Attachment) -> MIMEImage:
    part = MIMEImage(image.content, _subtype=image.mimetype.split("/", 1)[1])
    part["Content-ID"] = f"<{image.content_id}>"
    part.add_header("Content-Disposition", "inline", filename=image.filename)
    return part


@functools.lru_cache(maxsize=32)
def _inline_part_bytes(image: Attachment) -> bytes:
    """Return the bytes of an inline image's part, as the writer writes it inside an e-mail.

    The logos and the emblem are the same in every e-mail of a project: written once.
    """
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False).flatten(_inline_part(image), linesep="\r\n")
    return buffer.getvalue()


def email_render(email: Email) -> tuple[str, bytes]:
    """Return the Message-ID and the complete RFC 5322 bytes of ``email``."""
    message_id = make_msgid(domain=_domain())
    # Inline images belong to the HTML; without one they are ordinary attachments.
    inline = [a for a in email.attachments if a.content_id and email.html]
    attached = [a for a in email.attachments if not (a.content_id and email.html)]
    composed = _EmailWithInlineImages(
        subject=email.subject,
        body=email.text,
        from_email=email.sender or settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=email.reply_to or None,
        headers={"Message-ID": message_id, **email.headers},
        inline=inline,
    )
    if email.html:
        composed.attach_alternative(email.html, "text/html")
    for attachment in attached:
        composed.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message_id, _as_bytes(composed)


def _as_bytes(composed: _EmailWithInlineImages) -> bytes:
    """Return the bytes of ``composed``, with boundaries chosen before it is written out.

    Left to itself, the writer searches each part's text for the boundary it draws, with
    a pattern compiled for that boundary: a fifth of the cost of an e-mail. A boundary of
    the same form drawn here is checked by counting it in the bytes written instead: each
    must open every part of its multipart and close it, exactly. Should a text happen to
    hold one, the e-mail is written again with the writer's own boundaries.

    The inline images are written once per process (``_inline_part_bytes``) and put in
    the related part's bytes, where the writer would have put them: before its
    close-delimiter, each after a delimiter.
    """
    composed.images_later = True
    message = composed.message()
    multiparts = [part for part in message.walk() if part.is_multipart()]
    for part in multiparts:
        # Drawn as the writer draws its own: a boundary need not be secret, only unusual.
        token = random.randrange(sys.maxsize)  # noqa: S311
        part.set_boundary("=" * 15 + f"{token:019d}" + "==")
    raw = message.as_bytes(linesep="\r\n")  # type: ignore[call-arg]
    for part in multiparts:
        delimiter = b"--" + str(part.get_boundary()).encode("ascii")
        if raw.count(delimiter) != len(part.get_payload()) + 1:
            composed.images_later = False
            return composed.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]
        if part.get_content_subtype() == "related":
            images = b"".join(
                b"\r\n" + delimiter + b"\r\n" + _inline_part_bytes(image)
                for image in composed.inline
            )
            close = b"\r\n" + delimiter + b"--"
            raw = raw.replace(close, images + close, 1)
    return raw


T = TypeVar("T")


def _outbound(*, key: str, kind: str, email: Email, partner: Any) -> OutboundMessage:
    message_id, raw = email_render(email)
    return OutboundMessage(
        key=key,
        kind=kind,
        partner=partner,
        sender=email.sender or settings.DEFAULT_FROM_EMAIL,
        recipient=email.to,
        subject=email.subject[:300],
        message_id=message_id,
        raw=raw,
    )


def _insert(message: OutboundMessage) -> bool:
    """Insert ``message``; return False if its key was queued meanwhile."""
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:  # queued concurrently under the same key
        return False
    return True


def message_enqueue(
    *, key: str, kind: str, email: Email, partner: Any = None
) -> tuple[OutboundMessage, bool]:
    """Queue ``email`` under the idempotency ``key``; return (message, created).

    A key that was queued before is never queued again, whatever its state: sending the
    same thing twice sends it once. The message is delivered by the worker.
    """
    existing = OutboundMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    message = _outbound(key=key, kind=kind, email=email, partner=partner)
    if not _insert(message):
        return OutboundMessage.objects.get(key=key), False
    return message, True


def queued_keys(keys: Iterable[str]) -> set[str]:
    """Return which of ``keys`` are already in the outbox."""
    return set(queued_ids(keys))


def queued_ids(keys: Iterable[str]) -> dict[str, int]:
    """Return the id in the outbox of each of ``keys`` that is there."""
    return dict(OutboundMessage.objects.filter(key__in=list(keys)).values_list("key", "pk"))


# E-mails composed and written to the outbox together: one statement and one commit each.
ENQUEUE_CHUNK = 200


def messages_enqueue_each(
    items: Iterable[T],
    *,
    key: Callable[[T], str],
    kind: str,
    compose: Callable[[T], Email],
    partner: Any = None,
) -> int:
    """Queue one e-mail per item under its ``key``; return how many were queued now.

    Items whose key is already in the outbox are skipped before anything is composed, so
    a job that runs again after a stop composes only what is missing. The e-mails are
    written a few hundred at a time, each lot in one statement; a key queued meanwhile
    by someone else is skipped, as ``message_enqueue`` does.
    """
    items = list(items)
    count = 0
    for start in range(0, len(items), ENQUEUE_CHUNK):
        chunk = [(key(item), item) for item in items[start : start + ENQUEUE_CHUNK]]
        done = queued_keys(item_key for item_key, _item in chunk)
        messages = [
            _outbound(key=item_key, kind=kind, email=compose(item), partner=partner)
            for item_key, item in chunk
            if item_key not in done
        ]
        count += _insert_all(messages)
    return count


def _insert_all(messages: list[OutboundMessage]) -> int:
    """Insert ``messages`` in one statement; return how many were inserted.

    Should another process have queued one of their keys meanwhile, they are inserted
    one by one instead, and that one skipped.
    """
    if not messages:
        return 0
    try:
        with transaction.atomic():
            OutboundMessage.objects.bulk_create(messages)
    except IntegrityError:
        for message in messages:
            message.pk = None
        return sum(_insert(message) for message in messages)
    return len(messages)


def message_requeue(*, message: OutboundMessage, actor: Actor = None) -> bool:
    """Put a failed message back in the queue for a new retry window; return whether it was.

    Only a message whose delivery failed for good is requeued (staff action, audited).
    """
    requeued = OutboundMessage.objects.filter(pk=message.pk, state=MessageState.FAILED).update(
        state=MessageState.QUEUED,
        next_attempt_at=timezone.now(),
        first_attempt_at=None,  # a new retry window
        last_error="",
    )
    if requeued:
        audit_record(
            actor=actor,
            action="messaging.message.requeued",
            obj=message,
            extra={"key": message.key},
        )
    return bool(requeued)


def messages_redact(*, message_ids: Iterable[int], words: Iterable[str], replacement: str) -> int:
    """Take ``words`` (an erased person's name, address, phone) out of messages to others.

    For e-mails that name someone without being written to them (a colleague's
    invitation says who suggested them): the subject keeps its other words, and the
    content, which cannot be edited without changing what was sent, is dropped when it
    names the person. A message not delivered yet is dropped whole, as its content is
    no longer what should be sent. Return how many messages changed.
    """
    words = [w for w in words if w and w.strip()]
    changed = 0
    for message in OutboundMessage.objects.filter(pk__in=list(message_ids)):
        read = message_read(message)
        content = " ".join([read.text, read.html, *(value for _name, value in read.headers)])
        named = redact_words(content, words, replacement) != content
        subject = redact_words(message.subject, words, replacement)
        if not named and subject == message.subject:
            continue
        if message.state not in (MessageState.SENT, MessageState.BOUNCED):
            message.delete()
        else:
            message.subject, message.raw = subject, b"" if named else message.raw
            message.save(update_fields=["subject", "raw"])
        changed += 1
    return changed


def messages_forget_content(*, now: datetime.datetime | None = None) -> int:
    """Drop the content of e-mails finished more than ``OUTBOX_CONTENT_DAYS`` days ago.

    An e-mail is finished once sent, bounced or given up. Who it went to, its subject,
    kind and dates stay, as the record that it was sent; its words and attachments,
    which hold the recipient's personal link and often others' names, go. A setting of
    0 keeps them for ever. Return how many e-mails lost their content.
    """
    days = settings.OUTBOX_CONTENT_DAYS
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    finished = (MessageState.SENT, MessageState.BOUNCED, MessageState.FAILED)
    old = OutboundMessage.objects.filter(state__in=finished, created_at__lt=cutoff)
    return old.exclude(raw=b"").update(raw=b"")
