"""The check-in page at the door of a lab, for a phone: search, tap, scan, walk-ins.

Every action is a plain form POST that works without JavaScript and redirects back to
the page; ``checkin.js`` sends the same forms with ``Accept: application/json`` and gets
a small JSON answer instead, which it shows in place.

Long before the lab's day the page warns and offers no way to check in until it is
confirmed (``?confirm=1``); its forms then carry ``confirm=1``, without which the services
refuse (``too_early``) and nothing changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import time_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learninglab.core.csp import csp_allow
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import permission_required
from learninglab.core.text import one_full_stop
from learninglab.labs import selectors
from learninglab.labs.forms.checkin import CodeForm, WalkInForm
from learninglab.labs.links import invitation_by_checkin_code
from learninglab.labs.models import CheckIn, Invitation, Lab, LabStatus
from learninglab.labs.services.checkin import checkin_record, checkin_undo, walk_in_register

PERMISSION = "labs.checkin"
QUERY_MAX_LENGTH = 100


def _lab(request: HttpRequest, slug: str) -> Lab:
    return selectors.lab_get(request.user, slug, permission=PERMISSION)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _confirmed_early(request: HttpRequest) -> bool:
    """Return whether checking in long before the lab's day was confirmed."""
    return (request.POST if request.method == "POST" else request.GET).get("confirm") == "1"


def _page_url(lab: Lab, *, query: str = "", anchor: str = "", confirmed_early: bool) -> str:
    url = reverse("labs:checkin", args=[lab.slug])
    params = {"q": query} if query else {}
    params |= {"confirm": "1"} if confirmed_early else {}
    url += f"?{urlencode(params)}" if params else ""
    return url + (f"#{anchor}" if anchor else "")


def _render_page(
    request: HttpRequest, lab: Lab, *, walk_in_form: WalkInForm | None = None
) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    is_open = lab.status in (LabStatus.PUBLISHED, LabStatus.HELD)
    is_long_before = lab.is_long_before()
    confirmed_early = is_long_before and _confirmed_early(request)
    context = {
        "lab": lab,
        "query": query,
        "people": selectors.checkin_people(lab, query=query),
        "headcount": selectors.checkin_headcount(lab),
        "walk_in_form": walk_in_form or WalkInForm(lab=lab),
        "code_form": CodeForm(auto_id="code-%s"),
        "is_open": is_open,
        "is_long_before": is_open and is_long_before,
        "confirmed_early": confirmed_early,
        # Long before the day, the buttons that check people in wait for a confirmation.
        "may_check_in": is_open and (not is_long_before or confirmed_early),
    }
    return render(request, "labs/checkin.html", context)


@csp_allow(script_src="'wasm-unsafe-eval'")  # the QR code reader is WebAssembly
@require_GET
@permission_required(PERMISSION)
def checkin_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_page(request, _lab(request, slug))


@require_GET
@permission_required(PERMISSION)
def checkin_headcount_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the headcount alone: the check-in page polls it every few seconds."""
    lab = _lab(request, slug)
    context = {"lab": lab, "headcount": selectors.checkin_headcount(lab)}
    return render(request, "labs/checkin_headcount.html", context)


def _offline_time(request: HttpRequest) -> Any:
    """Return when a phone that was offline made the check-in, if it says so."""
    try:
        at = parse_datetime(request.POST.get("at", "")[:40])
    except ValueError:  # well formed but impossible, such as a 13th month
        return None
    return at if at is not None and timezone.is_aware(at) else None


def _state_text(lab: Lab, arrival: CheckIn | None) -> str:
    """Return what the person's row says: as the page renders it (no answer, ever)."""
    if arrival is None:
        return ""
    time = time_format(timezone.localtime(arrival.checked_in_at, lab.zone))
    state = _("Checked in at %(time)s") % {"time": time}
    return f"{state} · {_('walk-in')}" if arrival.is_walk_in else state


def _result(
    request: HttpRequest,
    lab: Lab,
    *,
    state: str,
    message: str,
    invitation: Invitation | None = None,
    arrival: CheckIn | None = None,
) -> HttpResponse:
    """Answer a check-in, undo or scan: JSON for the script, else a message and the page."""
    ok = state in ("checked_in", "already", "undone", "not_checked_in")
    if _wants_json(request):
        data: dict[str, Any] = {"state": state, "message": message}
        if invitation is not None and ok:
            data |= {
                "invitation": invitation.pk,
                "name": invitation.door_name,
                "checked_in": arrival is not None,
                "state_text": _state_text(lab, arrival),
            }
        headcount = selectors.checkin_headcount(lab)
        data["headcount"] = {"checked_in": headcount.checked_in, "expected": headcount.expected}
        return JsonResponse(data, status=200 if ok else 422)
    (messages.success if ok else messages.error)(request, message)
    anchor = f"invitation-{invitation.pk}" if invitation is not None else ""
    query = request.POST.get("q", "")
    return redirect(
        _page_url(lab, query=query, anchor=anchor, confirmed_early=_confirmed_early(request))
    )


def _check_in(request: HttpRequest, lab: Lab, invitation: Invitation) -> HttpResponse:
    name = invitation.door_name
    try:
        arrival, created = checkin_record(
            actor=request.user,
            invitation=invitation,
            device=request.POST.get("device", ""),
            at=_offline_time(request),
            confirmed_early=_confirmed_early(request),
        )
    except DomainError as error:
        return _result(request, lab, state=error.code, message=str(error), invitation=invitation)
    if created:
        message = one_full_stop(_("%(name)s is checked in.") % {"name": name})
    else:
        message = one_full_stop(_("%(name)s was already checked in.") % {"name": name})
    state = "checked_in" if created else "already"
    return _result(
        request, lab, state=state, message=message, invitation=invitation, arrival=arrival
    )


@require_POST
@permission_required(PERMISSION)
def checkin_record_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = _lab(request, slug)
    return _check_in(request, lab, selectors.checkin_invitation(lab, pk))


@require_POST
@permission_required(PERMISSION)
def checkin_undo_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = _lab(request, slug)
    invitation = selectors.checkin_invitation(lab, pk)
    name = invitation.door_name
    if checkin_undo(actor=request.user, invitation=invitation):
        state, message = "undone", _("The check-in of %(name)s was undone.") % {"name": name}
    else:
        state, message = "not_checked_in", _("%(name)s is not checked in.") % {"name": name}
    return _result(request, lab, state=state, message=message, invitation=invitation)


@require_POST
@permission_required(PERMISSION)
def checkin_scan_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Check in the person whose code was scanned (or typed); refuse other labs' codes."""
    lab = _lab(request, slug)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _result(request, lab, state="code_invalid", message=_("Give a check-in code."))
    try:
        invitation = invitation_by_checkin_code(form.cleaned_data["code"], lab)
    except DomainError as error:
        return _result(request, lab, state=error.code, message=str(error))
    invitation.lab = lab
    return _check_in(request, lab, invitation)


@require_POST
@permission_required(PERMISSION)
def walk_in_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = _lab(request, slug)
    form = WalkInForm(posted(request), lab=lab)
    if not form.is_valid():
        return _render_page(request, lab, walk_in_form=form)
    try:
        arrival = walk_in_register(
            actor=request.user,
            lab=lab,
            person=form.walk_in(),
            consents=form.consents(),
            device=form.cleaned_data["device"],
            confirmed_early=_confirmed_early(request),
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_page(request, lab, walk_in_form=form)
    # The name typed, never the directory's: the address may be someone's already.
    name = f"{form.cleaned_data['first_name']} {form.cleaned_data['last_name']}".strip()
    message = one_full_stop(_("%(name)s is registered and checked in.") % {"name": name})
    messages.success(request, message)
    anchor = f"invitation-{arrival.invitation_id}"
    return redirect(_page_url(lab, anchor=anchor, confirmed_early=_confirmed_early(request)))
