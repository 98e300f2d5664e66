"""What every e-mail to a person on a mailing list shares: the programme's identity at
its top, the footer and unsubscribing.

The footer says why the person receives the e-mail and links to the page that stops
these e-mails; the headers let a mail program offer one-click unsubscribing (RFC 8058).
An HTML template shows the footer with ``{% include "messaging/email/list_footer.html" %}``
and the identity with ``{% include "messaging/email/identity_header.html" %}``.

The logos and the EU emblem travel inside the e-mail as inline images (``cid:``), not as
addresses on the site: mail programs (Outlook, Thunderbird, Apple Mail, many webmails)
hold back images from the web until the reader allows them, and show the inline ones
at once; an e-mail read offline or forwarded keeps them; and nobody learns when the
e-mail is opened. They are PNGs, since few mail programs show an SVG.
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import pgettext

from learninglab.messaging.services import Attachment, Email
from learninglab.projects.emblem import emblem_png
from learninglab.projects.logos import email_png
from learninglab.projects.models import Project
from learninglab.projects.selectors import programme_identity

# Pixels high of the pictures at the top of an e-mail: shown 40 high, sharp on screens
# with twice as many pixels, and a few kilobytes each.
HEADER_HEIGHT = 40
EMBLEM_CID = "eu-emblem@learninglab"


@functools.lru_cache(maxsize=16)
def _logo_png(rendition_name: str) -> bytes:
    # A logo's file name changes with every upload, so its name is a safe key.
    with default_storage.open(rendition_name, "rb") as file:
        return email_png(file.read(), height=HEADER_HEIGHT * 2)


@functools.cache
def _emblem_png() -> bytes:
    return emblem_png(height=HEADER_HEIGHT * 2)


def identity_header(project: Project, *, language: str) -> tuple[dict[str, Any], list[Attachment]]:
    """Return the context of ``messaging/email/identity_header.html`` and the inline
    images it shows: the project's and programme's logos, the EU emblem, the statement
    in ``language``."""
    identity = programme_identity(project, language=language)
    images, attachments = [], []
    for logo in identity.logos:
        content = _logo_png(str(logo.rendition.name))
        cid = f"logo-{logo.kind}@learninglab"
        attachments.append(Attachment(f"{logo.kind}-logo.png", content, "image/png", cid))
        width = round(logo.width * HEADER_HEIGHT / logo.height)
        images.append({"cid": cid, "owner": logo.owner_name, "width": width})
    attachments.append(Attachment("eu-emblem.png", _emblem_png(), "image/png", EMBLEM_CID))
    context = {
        "identity_logos": images,
        "identity_emblem_cid": EMBLEM_CID,
        "identity_height": HEADER_HEIGHT,
        "identity_emblem_width": round(HEADER_HEIGHT * 1.5),
        "identity_co_funded": identity.co_funded,
    }
    return context, attachments


def list_email(
    *,
    to: str,
    subject: str,
    body: str,
    template: str,
    context: dict[str, Any],
    language: str,
    reason: str,
    unsubscribe_url: str,
    stop: str = "",
    project: Project | None = None,
    **fields: Any,
) -> Email:
    """Return an e-mail in ``language`` with the footer and the unsubscribe headers.

    The text part is ``body`` and the footer; the HTML part is ``template`` rendered with
    ``context``, ``body``, ``language``, ``list_reason``, ``list_stop`` and ``unsubscribe_url``
    (``stop`` names the link: "Stop these invitations" unless given). ``fields``
    are the other fields of ``Email`` (``reply_to``, ``attachments``). With a ``project``,
    the HTML part also gets the context of ``identity_header`` and its images. Call it
    with the person's language active: the footer is written in the active language.
    """
    context = {
        **context,
        "body": body,
        "language": language,
        "list_reason": reason,
        "unsubscribe_url": unsubscribe_url,
    }
    stop = stop or pgettext("stakeholder", "Stop these invitations")
    context["list_stop"] = stop
    if project is not None:
        header, images = identity_header(project, language=language)
        context.update(header)
        fields["attachments"] = [*fields.get("attachments", []), *images]
    return Email(
        to=to,
        subject=subject,
        text=f"{body}\n\n-- \n{reason}\n{stop}: {unsubscribe_url}\n",
        html=render_to_string(template, context),
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language,
        },
        **fields,
    )
