"""Staff pages that write to a lab's people: write, preview, send, and look back.

A message is sent only from its preview: the form carries the number of recipients and a
digest of the texts staff saw, and the service refuses a number that changed since.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.multilingual import language_name
from learninglab.core.permissions import permission_required
from learninglab.labs import selectors
from learninglab.labs.emails import email_parts, lab_message_email
from learninglab.labs.forms.message import LabMessageForm
from learninglab.labs.models import Invitation, Lab, LabMessage
from learninglab.labs.services.message import lab_message_send
from learninglab.messaging.models import MessageState

PERMISSION = "labs.invite"
RECIPIENTS_PER_PAGE = 100
# What staff check in a preview; the outbox shows every header of what was sent.
PREVIEW_HEADERS = ("From", "To", "Reply-To", "Subject")


@permission_required(PERMISSION)
def lab_messages_view(request: HttpRequest, slug: str) -> HttpResponse:
    """List the messages sent to the lab's people."""
    lab = selectors.lab_get(request.user, slug, permission=PERMISSION)
    context = {"lab": lab, "sent": selectors.lab_messages(lab)}
    return render(request, "labs/messages/list.html", context)


@permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def lab_message_new_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Write a message; "Preview" shows it per language with its recipients; "Send" sends
    what the preview showed."""
    lab = selectors.lab_get(request.user, slug, permission=PERMISSION)
    form = LabMessageForm(posted(request), lab=lab, counts=selectors.segment_counts(lab))
    if not form.is_valid():
        return render(request, "labs/messages/new.html", {"lab": lab, "form": form})
    recipients = list(selectors.message_recipients(lab, form.cleaned_data["segment"]))
    if request.POST.get("action") == "send":
        if form.was_previewed:
            return _send(request, lab, form)
        messages.warning(request, _("The message changed since its preview: check it, then send."))
    return _preview(request, lab, form, recipients)


def _send(request: HttpRequest, lab: Lab, form: LabMessageForm) -> HttpResponse:
    try:
        sent = lab_message_send(
            actor=request.user,
            lab=lab,
            data=form.message_data,
            token=form.cleaned_data["token"],
            expected=form.cleaned_data["expected"],
        )
    except DomainError as error:
        messages.error(request, str(error))
        recipients = list(selectors.message_recipients(lab, form.cleaned_data["segment"]))
        return _preview(request, lab, form, recipients)
    count = sent.recipients.count()
    text = ngettext(
        "Your message is on its way to %(count)s person; the outbox shows its e-mail.",
        "Your message is on its way to %(count)s people; the outbox shows each e-mail.",
        count,
    )
    messages.success(request, text % {"count": count})
    return redirect(sent)


def _preview(
    request: HttpRequest, lab: Lab, form: LabMessageForm, recipients: list[Invitation]
) -> HttpResponse:
    """Show the message in each of the lab's languages as one of its readers receives it,
    and who receives it; the form now carries what was shown."""
    data = form.message_data
    unsent = LabMessage(lab=lab, segment=data.segment, subject=data.subject, body=data.body)
    readers: dict[str, list[Invitation]] = {code: [] for code in form.languages}
    for invitation in recipients:
        # The text each person reads: theirs, else the fallback the e-mail takes.
        readers.setdefault(data.body.in_(invitation.written_language).language, []).append(
            invitation
        )
    previews = []
    for code in form.languages:
        shown = (readers[code] or recipients)[0]
        email = lab_message_email(shown, message=unsent, language=code)
        previews.append(
            {
                "language": code,
                "language_label": language_name(code),
                "readers": len(readers[code]),
                "person": shown.stakeholder,
                **email_parts(email),
            }
        )
    carried = request.POST.copy()  # the form goes on with what the preview showed
    carried["previewed"], carried["expected"] = form.digest, str(len(recipients))
    form.data = carried
    context = {
        "lab": lab,
        "form": form,
        "previews": previews,
        "recipients": recipients,
        "shown_headers": PREVIEW_HEADERS,
    }
    return render(request, "labs/messages/new.html", context)


@permission_required(PERMISSION)
def lab_message_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Show a message as it was sent, and each recipient's e-mail in the outbox."""
    lab = selectors.lab_get(request.user, slug, permission=PERMISSION)
    message = selectors.lab_message_get(lab, pk)
    page = Paginator(selectors.message_deliveries(message), RECIPIENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    texts: list[dict[str, Any]] = [
        {
            "language": code,
            "language_label": language_name(code),
            "subject": message.subject.get(code),
            "body": message.body.get(code),
        }
        for code in message.body.languages
    ]
    context = {
        "lab": lab,
        "message": message,
        "texts": texts,
        "page": page,
        "states": MessageState.choices,
    }
    return render(request, "labs/messages/detail.html", context)
