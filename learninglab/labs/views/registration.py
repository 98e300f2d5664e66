"""Registering for an open lab without an invitation: the form on its public page, the
link that confirms the address, and the staff page that accepts or declines registrations.
"""

from __future__ import annotations

import ipaddress

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.accounts.client_address import client_ip
from learninglab.core import languages
from learninglab.core.errors import DomainError
from learninglab.core.permissions import permission_required
from learninglab.core.ratelimit import rate_limit_exceeded
from learninglab.labs import selectors
from learninglab.labs.forms.registration import RegistrationForm
from learninglab.labs.links import registration_token_matches, rsvp_url
from learninglab.labs.models import Lab, Registration, RegistrationState
from learninglab.labs.services.registration import (
    registration_confirm,
    registration_decide,
    registration_is_open,
    registration_link_is_valid,
    registration_request,
)

# Registrations per e-mail address, and per network (an IPv4 /24, an IPv6 /64), an hour.
REGISTRATIONS_PER_ADDRESS = 3
REGISTRATIONS_PER_NETWORK = 20
REGISTRATION_WINDOW_SECONDS = 3600


def _network(request: HttpRequest) -> str:
    """Return the client's network: a neighbour's address counts as the same sender."""
    address = client_ip(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _refusal(request: HttpRequest, email: str) -> str:
    """Count this registration; return why it is refused for flooding, or ""."""
    window = REGISTRATION_WINDOW_SECONDS
    if rate_limit_exceeded(
        scope="registration:address",
        key=email.strip().lower(),
        limit=REGISTRATIONS_PER_ADDRESS,
        window_seconds=window,
    ):
        return pgettext(
            "stakeholder",
            "This e-mail address was used for several registrations in the last hour. Look for "
            "our e-mail in your inbox (and your spam folder), or try again in an hour.",
        )
    if rate_limit_exceeded(
        scope="registration:network",
        key=_network(request),
        limit=REGISTRATIONS_PER_NETWORK,
        window_seconds=window,
    ):
        return pgettext(
            "stakeholder",
            "Too many registrations came from your network in the last hour. Try again in an "
            "hour, or ask the lab's contact person to register you.",
        )
    return ""


def registration_form(lab: Lab, language: str) -> RegistrationForm | None:
    """Return the registration form the lab's public page shows, if it is open."""
    if not registration_is_open(lab):
        return None
    return RegistrationForm(lab=lab, language=language)


@require_POST
def lab_register_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Take a registration from the public page and send the link that confirms it."""
    lab = selectors.public_lab(slug)
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        form = RegistrationForm(request.POST, lab=lab, language=language)
        refusal = ""
        if form.is_valid():
            refusal = _refusal(request, form.cleaned_data["email"])
            if not refusal:
                try:
                    registration_request(lab=lab, data=form.registration_data())
                except DomainError as error:
                    refusal = str(error)
                else:
                    return redirect("labs:registration_sent", slug=lab.slug)
        context = {"lab": lab, "language": language, "form": form, "refusal": refusal}
        return render(request, "labs/public.html", context, status=400 if refusal else 200)


def registration_sent_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = selectors.public_lab(slug)
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        return render(request, "labs/registration_sent.html", {"lab": lab, "language": language})


def _registration(public_id: str, token: str) -> Registration | None:
    registration = (
        Registration.objects.select_related("lab__partner__project", "stakeholder")
        .filter(public_id=public_id)
        .first()
    )
    if registration is None or not registration_token_matches(registration, token):
        return None
    return registration


@require_http_methods(["GET", "POST"])
def registration_confirm_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """Show the button that confirms the address (a POST: mail scanners open links), then
    where the registration stands."""
    registration = _registration(public_id, token)
    language = registration.language if registration else "en"
    language = languages.chosen_language(request, language)
    with translation.override(language):
        context = {"registration": registration, "language": language, "error": ""}
        if registration is None:
            return render(request, "labs/registration_confirm.html", context, status=404)
        if request.method == "POST":
            try:
                registration = registration_confirm(registration=registration)
            except DomainError as error:
                context["error"] = str(error)
            else:
                return redirect(request.path)
        elif not registration_link_is_valid(registration):
            context["error"] = pgettext(
                "stakeholder",
                "This link has expired: a registration must be confirmed within a day. "
                "Please register again.",
            )
        if registration.invitation is not None:
            context["rsvp_url"] = rsvp_url(registration.invitation)
        context["registration"] = registration
        return render(request, "labs/registration_confirm.html", context)


@permission_required("labs.rsvp.view")
def lab_registrations_view(request: HttpRequest, slug: str) -> HttpResponse:
    """List the lab's registrations that await a decision, and those decided."""
    lab = selectors.lab_get(request.user, slug, permission="labs.rsvp.view")
    questions = selectors.lab_questions(lab, asked_only=False)
    language = translation.get_language() or "en"
    awaiting = [
        (registration, selectors.registration_answers(registration, questions, language))
        for registration in selectors.lab_registrations(
            lab, state=RegistrationState.AWAITING_APPROVAL
        )
    ]
    context = {
        "lab": lab,
        "awaiting": awaiting,
        "has_questions": bool(questions),
        "decided": selectors.lab_registrations_decided(lab),
    }
    return render(request, "labs/staff_registrations.html", context)


@require_POST
@permission_required("labs.rsvp.record")
def registration_decide_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lab = selectors.lab_get(request.user, slug, permission="labs.rsvp.record")
    registration = selectors.lab_registration_get(lab, pk)
    accept = request.POST.get("decision") == "accept"
    try:
        decided = registration_decide(actor=request.user, registration=registration, accept=accept)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        name = decided.stakeholder.full_name if decided.stakeholder else ""
        if accept and decided.invitation and decided.invitation.response == "waitlisted":
            text = _("%(name)s is registered, on the waiting list: the lab is full.")
        elif accept:
            text = _("%(name)s is registered and gets the confirmation by e-mail.")
        else:
            text = _("%(name)s’s registration was declined; they are told by e-mail.")
        messages.success(request, text % {"name": name})
    return redirect("labs:registrations", slug=lab.slug)
