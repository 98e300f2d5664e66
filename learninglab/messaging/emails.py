"""What every e-mail to a person on a mailing list shares: the footer and unsubscribing.

The footer says why the person receives the e-mail and links to the page that stops
these e-mails; the headers let a mail program offer one-click unsubscribing (RFC 8058).
An HTML template shows the footer with ``{% include "messaging/email/list_footer.html" %}``.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import pgettext

from learninglab.messaging.services import Email


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
    **fields: Any,
) -> Email:
    """Return an e-mail in ``language`` with the footer and the unsubscribe headers.

    The text part is ``body`` and the footer; the HTML part is ``template`` rendered with
    ``context``, ``body``, ``language``, ``list_reason``, ``list_stop`` and ``unsubscribe_url``
    (``stop`` names the link: "Stop these invitations" unless given). ``fields``
    are the other fields of ``Email`` (``reply_to``, ``attachments``). Call it with the
    person's language active: the footer is written in the active language.
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
