"""Pages anyone may open: a published lab, a partner's calendar, the personal RSVP page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.accounts.client_address import client_ip
from learninglab.core import languages
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.ratelimit import rate_limit_exceeded
from learninglab.labs import calendar, selectors
from learninglab.labs.forms.public import ColleagueForm, RsvpForm, colleague_form_blank
from learninglab.labs.forms.questions import QuestionsForm, answers_initial
from learninglab.labs.links import checkin_code, checkin_qr_data_url
from learninglab.labs.models import Invitation, Response
from learninglab.labs.services.answer import (
    link_is_valid,
    rsvp_is_open,
    rsvp_record,
    rsvp_substitute,
)
from learninglab.labs.services.invitation import (
    invitations_are_withdrawn,
    invitations_resubscribe,
    invitations_unsubscribe,
)
from learninglab.labs.services.question import answers_store
from learninglab.labs.views.registration import registration_form
from learninglab.projects.models import Partner
from learninglab.projects.selectors import partner_by_slug
from learninglab.stakeholders.exports import personal_data_response


def lab_public_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = selectors.public_lab(slug)
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        context = {"lab": lab, "language": language, "form": registration_form(lab, language)}
        return render(request, "labs/public.html", context)


def partner_calendar_view(request: HttpRequest, partner_slug: str) -> HttpResponse:
    try:
        partner = partner_by_slug(partner_slug)
    except Partner.DoesNotExist:
        raise Http404 from None
    labs = list(selectors.public_labs_of(partner_slug))
    language = languages.chosen_language(request, partner.main_language)
    urls = {lab.pk: settings.SITE_URL + lab.get_public_url() for lab in labs}
    with translation.override(language):
        body = calendar.partner_feed_ics(
            labs, language=language, name=f"{partner.project.acronym} — {partner.city}", urls=urls
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{partner.slug}.ics"'
    return response


def _link_invalid(request: HttpRequest, *, expired: bool = False) -> HttpResponse:
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        context = {"expired": expired, "language": language}
        return render(request, "labs/link_invalid.html", context, status=404)


def link_cut_view(request: HttpRequest) -> HttpResponse:
    """Explain a personal link that lost its end on the way (some mail programs cut them)."""
    return _link_invalid(request)


def _invitation(
    request: HttpRequest, public_id: str, token: str, purpose: str = "rsvp"
) -> Invitation | None:
    try:
        return selectors.invitation_by_link(
            public_id, token, purpose=purpose, for_page=request.method != "POST"
        )
    except Http404:
        return None


@require_http_methods(["GET", "HEAD", "POST"])
def rsvp_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """Show the lab and the person's answer; only a submitted form changes anything."""
    invitation = _invitation(request, public_id, token)
    if invitation is None:
        return _link_invalid(request)
    if not link_is_valid(invitation):
        return _link_invalid(request, expired=True)
    language = languages.chosen_language(request, invitation.written_language)
    with translation.override(language):
        form = RsvpForm(posted(request), initial=_initial(invitation))
        if request.method == "POST" and form.is_valid():
            try:
                rsvp_record(invitation=invitation, **form.cleaned_data)
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, pgettext("stakeholder", "Thank you, your answer is recorded.")
                )
            return redirect(request.get_full_path())
        return _rsvp_page(request, invitation, token, language=language, form=form)


def _questions_asked(invitation: Invitation) -> bool:
    """Return whether the person is asked the lab's registration questions: once they
    said they will attend (a seat or the waiting list), while answers are open.

    Answering stays one tap: the questions come after it, on the page it leads to.
    """
    return (
        invitation.response in (Response.ATTENDING, Response.WAITLISTED)
        and not invitation.lab.is_cancelled
        and rsvp_is_open(invitation.lab)
    )


def _questions_form(
    invitation: Invitation, *, language: str, data: Any = None
) -> QuestionsForm | None:
    """Return the form of the lab's registration questions with the person's answers,
    or None when there are none to ask (no query for those who are not asked)."""
    if not _questions_asked(invitation):
        return None
    questions = selectors.lab_questions(invitation.lab)
    if not questions:
        return None
    stored = selectors.answers_of([invitation.pk]).get(invitation.pk, {})
    return QuestionsForm(
        data,
        questions=questions,
        language=language,
        initial=answers_initial(questions, stored),
        auto_id="question-%s",
    )


def _rsvp_page(
    request: HttpRequest,
    invitation: Invitation,
    token: str,
    *,
    language: str,
    form: RsvpForm,
    questions_form: QuestionsForm | None = None,
) -> HttpResponse:
    context = {
        "invitation": invitation,
        "lab": invitation.lab,
        "lab_version": selectors.lab_page_version(invitation.lab),
        "form": form,
        "questions_form": questions_form or _questions_form(invitation, language=language),
        "colleague_form": colleague_form_blank(language),
        "is_open": rsvp_is_open(invitation.lab),
        "language": language,
        **_after_answer(invitation, token),
    }
    return render(request, "labs/rsvp.html", context)


@require_POST
def rsvp_questions_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """Keep the person's answers to the lab's registration questions."""
    invitation = _invitation(request, public_id, token)
    if invitation is None or not link_is_valid(invitation):
        return _link_invalid(request, expired=invitation is not None)
    language = languages.chosen_language(request, invitation.written_language)
    url = reverse("labs:rsvp", args=[invitation.public_id, token])
    if request.GET.get("lang"):  # back to the page in the language the person chose
        url += "?" + urlencode({"lang": request.GET["lang"]})
    with translation.override(language):
        form = _questions_form(invitation, language=language, data=request.POST)
        if form is None:
            return redirect(url)
        if form.is_valid():
            try:
                answers_store(
                    invitation=invitation, questions=form.questions, values=form.answers()
                )
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, pgettext("stakeholder", "Thank you, your answers are recorded.")
                )
                return redirect(url)
        rsvp_form = RsvpForm(initial=_initial(invitation))
        response = _rsvp_page(
            request, invitation, token, language=language, form=rsvp_form, questions_form=form
        )
        response.status_code = 400
        return response


def _after_answer(invitation: Invitation, token: str) -> dict[str, str]:
    """Return what a person who may come takes away: the calendar file; the door's QR code.

    Someone on the waiting list keeps the date free; only an attendee gets the code.
    """
    if invitation.lab.is_cancelled or invitation.response not in (
        Response.ATTENDING,
        Response.WAITLISTED,
    ):
        return {}
    after = {"calendar_url": reverse("labs:rsvp_calendar", args=[invitation.public_id, token])}
    if invitation.response == Response.ATTENDING:
        after.update(
            checkin_qr=checkin_qr_data_url(invitation), checkin_code=checkin_code(invitation)
        )
    return after


@require_http_methods(["GET", "HEAD"])
def rsvp_calendar_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """Download the lab's calendar file, the one the confirmation e-mail carries."""
    invitation = _invitation(request, public_id, token)
    if invitation is None:
        return _link_invalid(request)
    if not link_is_valid(invitation):
        return _link_invalid(request, expired=True)
    lab, language = invitation.lab, invitation.written_language
    url = settings.SITE_URL + lab.get_public_url()
    with translation.override(language):
        body = calendar.person_ics(invitation, language=language, url=url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{lab.slug}.ics"'
    return response


def _initial(invitation: Invitation) -> dict[str, str]:
    answers: dict[str, str] = {
        Response.ATTENDING: "attend",
        Response.WAITLISTED: "attend",
        Response.DECLINED: "decline",
    }
    answer = answers.get(invitation.response, "")
    return {"answer": answer, "note": invitation.response_note}


# Sending a colleague: attempts per invitation, and per client address, in an hour. One
# colleague per invitation is the rule; these stop probing which addresses we may write to.
COLLEAGUE_ATTEMPTS_PER_INVITATION = 5
COLLEAGUE_ATTEMPTS_PER_CLIENT = 20
COLLEAGUE_WINDOW_SECONDS = 3600


def _colleague_attempts_exceeded(request: HttpRequest, invitation: Invitation) -> bool:
    """Count this attempt for the invitation and the client; return whether over a limit."""
    window = COLLEAGUE_WINDOW_SECONDS
    by_invitation = rate_limit_exceeded(
        scope="colleague:invitation",
        key=str(invitation.pk),
        limit=COLLEAGUE_ATTEMPTS_PER_INVITATION,
        window_seconds=window,
    )
    by_client = rate_limit_exceeded(
        scope="colleague:client",
        key=client_ip(request) or "",
        limit=COLLEAGUE_ATTEMPTS_PER_CLIENT,
        window_seconds=window,
    )
    return by_invitation or by_client


@require_POST
def rsvp_colleague_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    invitation = _invitation(request, public_id, token)
    if invitation is None or not link_is_valid(invitation):
        return _link_invalid(request, expired=invitation is not None)
    language = languages.chosen_language(request, invitation.written_language)
    with translation.override(language):
        form = ColleagueForm(request.POST)
        if _colleague_attempts_exceeded(request, invitation):
            messages.error(
                request,
                pgettext("stakeholder", "Too many attempts. Please try again in an hour."),
            )
        elif form.is_valid():
            try:
                rsvp_substitute(invitation=invitation, **form.cleaned_data)
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    pgettext(
                        "stakeholder", "Thank you: your colleague gets a personal invitation."
                    ),
                )
        else:
            messages.error(
                request,
                pgettext("stakeholder", "Give your colleague's name and a valid e-mail address."),
            )
    return redirect(reverse("labs:rsvp", args=[invitation.public_id, token]))


# Giving the consent again is no one-click action: it keeps the usual CSRF protection.
_csrf_checked = csrf_protect(lambda request: None)


@csrf_exempt  # RFC 8058: mail programs post the one-click unsubscribe without a form
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """GET asks for confirmation (mail scanners open links); POST withdraws the consent.

    A person who withdrew it is offered to give it again, through this their own link.
    """
    invitation = _invitation(request, public_id, token, purpose="unsubscribe")
    if invitation is None:
        return _link_invalid(request)
    language = languages.chosen_language(request, invitation.written_language)
    with translation.override(language):
        done = resubscribed = False
        if request.method == "POST" and "resubscribe" in request.POST:
            refused = _csrf_checked(request)
            if refused is not None:
                return refused
            resubscribed = invitations_resubscribe(invitation=invitation)
        elif request.method == "POST":
            invitations_unsubscribe(invitation=invitation)
            done = True
        else:
            done = invitations_are_withdrawn(invitation=invitation)
        context = {
            "invitation": invitation,
            "done": done,
            "resubscribed": resubscribed,
            "language": language,
        }
        return render(request, "labs/unsubscribe.html", context)


@require_http_methods(["GET"])
def personal_data_view(
    request: HttpRequest, public_id: str, token: str, purpose: str = "rsvp"
) -> HttpResponse:
    """Download everything held about the person the link is for (GDPR articles 15, 20).

    The personal RSVP link (until it expires) and the unsubscribe link (which does not)
    both lead here; only the person's own data is ever given. It is a read and changes
    nothing, but a person gets it ``PERSONAL_DATA_DOWNLOADS_PER_HOUR`` times an hour.
    """
    invitation = _invitation(request, public_id, token, purpose=purpose)
    if invitation is None or invitation.stakeholder.is_erased:
        return _link_invalid(request)
    if purpose == "rsvp" and not link_is_valid(invitation):
        return _link_invalid(request, expired=True)
    limit = settings.PERSONAL_DATA_DOWNLOADS_PER_HOUR
    if rate_limit_exceeded(
        scope="personal-data", key=str(invitation.stakeholder_id), limit=limit, window_seconds=3600
    ):
        language = languages.chosen_language(request, invitation.written_language)
        with translation.override(language):
            context = {"limit": limit, "language": language}
            return render(request, "labs/personal_data_limit.html", context, status=429)
    return personal_data_response(invitation.stakeholder, filename="my-data.json")
