"""The transfer log: partners record what they learnt from another partner's practice;
everyone reads, per partner, what it learnt from the others and what they learnt from it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import permission_required
from learninglab.practices.forms import TransferForm
from learninglab.practices.links import public_url
from learninglab.practices.models import GoodPractice
from learninglab.practices.selectors import (
    partner_transfers,
    public_practice,
    transfer_for,
    transfer_partners,
)
from learninglab.practices.services.transfer import transfer_record, transfer_remove
from learninglab.projects.models import Partner
from learninglab.projects.selectors import partner_by_slug


def _back(request: HttpRequest, practice: GoodPractice) -> str:
    """Return the page the form was sent from, if it is ours; else the practice's page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return f"{public_url(practice)}#transfer-record"


@permission_required("practices.transfer")
def transfer_record_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a stage a partner reached with a published practice of another partner."""
    practice = public_practice(slug)
    form = TransferForm(posted(request), partners=transfer_partners(request.user, practice))
    if request.method == "POST" and form.is_valid():
        try:
            transfer_record(actor=request.user, practice=practice, **form.entry())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The transfer log was updated."))
            return redirect(_back(request, practice))
    context = {"practice": practice, "form": form, "next": request.POST.get("next", "")}
    return render(request, "practices/transfer_form.html", context)


@require_POST
@permission_required("practices.transfer")
def transfer_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an entry of the transfer log, recorded by mistake."""
    entry = transfer_for(request.user, pk)
    transfer_remove(actor=request.user, entry=entry)
    messages.success(request, _("The entry was removed from the transfer log."))
    return redirect(_back(request, entry.practice))


def partner_transfers_view(request: HttpRequest, partner_slug: str) -> HttpResponse:
    """What a partner learnt from the others' published practices, and they from its own."""
    try:
        partner = partner_by_slug(partner_slug)
    except Partner.DoesNotExist:
        raise Http404 from None
    learnt, shared = partner_transfers(partner)
    context = {"partner": partner, "learnt": learnt, "shared": shared}
    return render(request, "practices/partner_transfers.html", context)
