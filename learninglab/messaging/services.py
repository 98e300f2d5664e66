"""Queue e-mails in the durable outbox. Nothing is sent except through here."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
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

    def _create_alternatives(self, msg: Any) -> Any:
        msg = super()._create_alternatives(msg)  # type: ignore[misc]
        if not self.inline:
            return msg
        encoding = self.encoding or settings.DEFAULT_CHARSET
        related = SafeMIMEMultipart(_subtype="related", encoding=encoding)
        related.attach(msg)
        for image in self.inline:
            part = MIMEImage(image.content, _subtype=image.mimetype.split("/", 1)[1])
            part["Content-ID"] = f"<{image.content_id}>"
            part.add_header("Content-Disposition", "inline", filename=image.filename)
            related.attach(part)
        return related


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
    return message_id, composed.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]


T = TypeVar("T")


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
    message_id, raw = email_render(email)
    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                key=key,
                kind=kind,
                partner=partner,
                sender=email.sender or settings.DEFAULT_FROM_EMAIL,
                recipient=email.to,
                subject=email.subject[:300],
                message_id=message_id,
                raw=raw,
            )
    except IntegrityError:  # queued concurrently under the same key
        return OutboundMessage.objects.get(key=key), False
    return message, True


def queued_keys(keys: Iterable[str]) -> set[str]:
    """Return which of ``keys`` are already in the outbox."""
    return set(OutboundMessage.objects.filter(key__in=list(keys)).values_list("key", flat=True))


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
    a job that runs again after a stop composes only what is missing.
    """
    items = list(items)
    done = queued_keys(key(item) for item in items)
    count = 0
    for item in items:
        if key(item) in done:
            continue
        _message, created = message_enqueue(
            key=key(item), kind=kind, email=compose(item), partner=partner
        )
        count += created
    return count


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
