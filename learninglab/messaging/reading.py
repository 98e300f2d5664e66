"""Take a stored message apart for reading: headers, text, HTML and attachments."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import re
from email.message import EmailMessage
from typing import Any, cast

from django.utils.translation import gettext as _

from learninglab.messaging.models import OutboundMessage

HEADERS = (
    "From",
    "To",
    "Reply-To",
    "Subject",
    "Date",
    "Message-ID",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "Content-Language",
)
# Links of the framed HTML open in a new tab: inside the frame they would load our own
# pages, which refuse to be framed.
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
_BASE = '<base target="_blank">'


@dataclasses.dataclass
class ReadMessage:
    """A stored message taken apart for reading."""

    headers: list[tuple[str, str]]
    text: str
    html: str
    attachments: list[EmailMessage]


def message_read(message: OutboundMessage) -> ReadMessage:
    """Parse the exact bytes that were (or will be) sent."""
    parsed = cast(
        EmailMessage, email.message_from_bytes(bytes(message.raw), policy=email.policy.default)
    )
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    return ReadMessage(
        headers=[(name, str(parsed[name]).strip()) for name in HEADERS if parsed[name] is not None],
        text=text.get_content() if text is not None else "",
        html=html.get_content() if html is not None else "",
        attachments=list(parsed.iter_attachments()),
    )


def links_in_new_tab(html: str) -> str:
    if _HEAD.search(html):
        return _HEAD.sub(lambda match: match.group(0) + _BASE, html, count=1)
    return _BASE + html


def payload(part: EmailMessage) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def attachment_info(index: int, part: EmailMessage) -> dict[str, Any]:
    data = payload(part)
    info = {
        "index": index,
        "filename": part.get_filename() or _("attachment-%(number)s") % {"number": index + 1},
        "content_type": part.get_content_type(),
        "size": len(data),
        "inline_text": "",
    }
    if part.get_content_type() == "text/calendar":
        info["inline_text"] = data.decode(part.get_content_charset() or "utf-8", "replace")
    return info
