"""Take a stored message apart for reading: headers, text, HTML, images and attachments."""

from __future__ import annotations

import base64
import dataclasses
import email
import email.policy
import html as html_lib
import re
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any, cast
from urllib.parse import unquote

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
# A cid: URL (RFC 2392) where the HTML names a resource: an attribute value (quoted or
# not) or a CSS url(). The same words in the running text are left alone.
_CID = re.compile(r"""(?<=["'=(])cid:([^"'\s)>]+)""", re.IGNORECASE)
# The images of a message that are shown and served. Raster formats only: an SVG is a
# document that can carry script, and a part is never served as anything but an image.
INLINE_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


@dataclasses.dataclass
class ReadMessage:
    """A stored message taken apart for reading."""

    headers: list[tuple[str, str]]
    text: str
    html: str
    attachments: list[EmailMessage]
    # The images the HTML may show by content id (``cid:``), keyed by that id.
    inline_images: dict[str, EmailMessage]


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
        inline_images=_inline_images(parsed),
    )


def _inline_images(parsed: EmailMessage) -> dict[str, EmailMessage]:
    images: dict[str, EmailMessage] = {}
    for part in parsed.walk():
        content_id = str(part.get("Content-ID") or "").strip().strip("<>")
        if content_id and part.get_content_type() in INLINE_IMAGE_TYPES:
            images.setdefault(content_id, cast(EmailMessage, part))
    return images


def cid_references_resolved(html: str, urls: Mapping[str, str]) -> str:
    """Point each ``cid:`` reference of ``html`` at the URL ``urls`` gives its content id.

    A reference to a content id not in ``urls`` is left as it was, a broken image.
    """

    def resolved(match: re.Match[str]) -> str:
        url = urls.get(unquote(html_lib.unescape(match.group(1))))
        return match.group(0) if url is None else html_lib.escape(url)

    return _CID.sub(resolved, html)


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


def data_url(part: EmailMessage) -> str:
    """Return the part as a ``data:`` URL, which a page can show without fetching it."""
    encoded = base64.b64encode(payload(part)).decode("ascii")
    return f"data:{part.get_content_type()};base64,{encoded}"


def image_info(content_id: str, part: EmailMessage) -> dict[str, Any]:
    return {
        "content_id": content_id,
        "filename": part.get_filename() or content_id,
        "content_type": part.get_content_type(),
        "size": len(payload(part)),
    }
