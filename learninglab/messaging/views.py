"""The outbox pages: every e-mail, its state, and exactly what it says.

Without a mail server (``EMAIL_HOST`` unset, as in the demo) the outbox is where mail is
delivered, so staff read the messages here as their recipients would: headers, text,
the HTML version with its images, and the attachments, all taken from the stored bytes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from learninglab.core.permissions import permission_required
from learninglab.messaging.forms import OutboxFilterForm
from learninglab.messaging.models import MessageState
from learninglab.messaging.reading import (
    attachment_info,
    cid_references_resolved,
    data_url,
    image_info,
    links_in_new_tab,
    message_read,
    payload,
)
from learninglab.messaging.selectors import (
    PERMISSION,
    message_get,
    messages_for,
    outbox_filtered,
    outbox_kinds,
)
from learninglab.messaging.services import message_requeue

PAGE_SIZE = 50
# The HTML of an e-mail is someone else's markup: no script, no remote content, no forms.
# Its own images are written into it as data: URLs (see message_html_view).
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# A part is served as a file, never as a page of this site.
PART_POLICY = "default-src 'none'; sandbox"


@permission_required(PERMISSION)
def outbox_view(request: HttpRequest) -> HttpResponse:
    outbox = messages_for(request.user)
    kinds = outbox_kinds(outbox)
    form = OutboxFilterForm(request.GET or None, kinds=kinds)
    form.is_valid()  # an invalid filter is shown with its error; the valid ones still apply
    data = getattr(form, "cleaned_data", {})
    outbox = outbox_filtered(
        outbox, state=data.get("state", ""), kind=data.get("kind", ""), query=data.get("q", "")
    )
    context = {
        "form": form,
        "page": Paginator(outbox, PAGE_SIZE).get_page(request.GET.get("page")),
        "email_host": settings.EMAIL_HOST,
    }
    return render(request, "messaging/outbox.html", context)


@permission_required(PERMISSION)
def message_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_get(request.user, pk)
    read = message_read(message)
    context = {
        "message": message,
        "kind": message.get_kind_display(),
        "headers": read.headers,
        "text": read.text,
        "has_html": bool(read.html),
        "attachments": [attachment_info(n, part) for n, part in enumerate(read.attachments)],
        "images": [image_info(cid, part) for cid, part in read.inline_images.items()],
        "may_retry": message.state == MessageState.FAILED,
        "content_kept": bool(message.raw),
    }
    return render(request, "messaging/message.html", context)


@xframe_options_sameorigin
@permission_required(PERMISSION)
def message_html_view(request: HttpRequest, pk: int) -> HttpResponse:
    read = message_read(message_get(request.user, pk))
    if not read.html:
        raise Http404(_("This message has no HTML version."))
    # The sandboxed frame has no origin, so the browser would fetch image_view's URLs
    # without the session cookie: the images travel inside the HTML instead.
    images = {cid: data_url(part) for cid, part in read.inline_images.items()}
    html = cid_references_resolved(read.html, images)
    response = HttpResponse(links_in_new_tab(html), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = HTML_POLICY
    response["Referrer-Policy"] = "no-referrer"
    return response


@permission_required(PERMISSION)
def attachment_view(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    attachments = message_read(message_get(request.user, pk)).attachments
    if index >= len(attachments):
        raise Http404(_("No such attachment."))
    part = attachments[index]
    info = attachment_info(index, part)
    content_type = part.get_content_type()
    if part.get_content_charset():
        content_type += f"; charset={part.get_content_charset()}"
    response = HttpResponse(payload(part), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, info["filename"])
    response["Content-Security-Policy"] = PART_POLICY
    return response


@permission_required(PERMISSION)
def image_view(request: HttpRequest, pk: int, content_id: str) -> HttpResponse:
    """Serve an image of the HTML version, by content id, for staff to open or save.

    Only the raster images of ``message_read`` are served: any other part is not found.
    """
    part = message_read(message_get(request.user, pk)).inline_images.get(content_id)
    if part is None:
        raise Http404(_("No such image."))
    response = HttpResponse(payload(part), content_type=part.get_content_type())
    filename = image_info(content_id, part)["filename"]
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    response["Content-Security-Policy"] = PART_POLICY
    return response


@require_POST
@permission_required(PERMISSION)
def message_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_get(request.user, pk)
    if message.state != MessageState.FAILED:
        messages.error(request, _("Only a message whose delivery failed can be tried again."))
    else:
        message_requeue(message=message, actor=request.user)
        messages.success(request, _("The message is back in the queue for one more try."))
    return redirect("messaging:message", pk=message.pk)
