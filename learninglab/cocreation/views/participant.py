"""The participant's page, on their phone: the open question, an idea to post, votes to give.

A participant is the signed cookie of their browser (``participants``); without it every
page leads to the join page. The page works as plain forms (POST, then a redirect back).
With htmx the forms update the wall in place, and a small status line asks every few
seconds whether the question changed or new ideas came; it is answered "304 Not
Modified" while the session has not changed. The list of ideas itself is fetched only
when the person acts or asks for the new ideas: a long list is not redrawn under their
thumb, nor sent to hundreds of phones every few seconds.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import quote_etag
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_cookie

from learninglab.cocreation.contexts import (
    delta_context,
    page_context,
    status_context,
    vote_context,
)
from learninglab.cocreation.cookies import browser_token, current_participant
from learninglab.cocreation.forms import IdeaForm
from learninglab.cocreation.models import LiveSession, Participant
from learninglab.cocreation.selectors.participant import polling_participant, session_by_code
from learninglab.cocreation.selectors.session import session_idea
from learninglab.cocreation.services.idea import idea_submit
from learninglab.cocreation.services.participant import participant_set_language
from learninglab.cocreation.services.vote import vote_cast, vote_withdraw
from learninglab.core import languages
from learninglab.core.conditional import not_modified, with_etag
from learninglab.core.errors import DomainError


def _participant(request: HttpRequest, code: str) -> tuple[LiveSession, Participant | None]:
    session = session_by_code(code)
    return session, current_participant(request, session)


def _join(session: LiveSession) -> HttpResponse:
    return redirect("cocreation:join_session", session.join_code)


@require_GET
def participant_view(request: HttpRequest, code: str) -> HttpResponse:
    session, participant = _participant(request, code)
    if participant is None:
        return _join(session)
    with translation.override(participant.language):
        return render(request, "cocreation/participant.html", page_context(session, participant))


def _etag(kind: str, participant: Participant, version: int, *params: str) -> str:
    return "-".join([f"{kind}{participant.pk}", str(version), participant.language, *params])


@require_GET
@vary_on_cookie
def participant_status_view(request: HttpRequest, code: str) -> HttpResponse:
    """Return the status line: how many new ideas wait, or the page when it must change.

    Asked by every phone every few seconds: one query when nothing changed.
    """
    participant = polling_participant(code, browser_token(request))
    if participant is None:
        return HttpResponse(status=204)  # never joined: nothing to swap in
    shown_prompt, seen = request.GET.get("prompt", ""), request.GET.get("seen", "")
    etag = _etag("s", participant, participant.session.version, shown_prompt, seen)
    if response := not_modified(request, etag):
        return response
    with translation.override(participant.language):
        context = status_context(participant, shown_prompt=shown_prompt, seen=seen)
        context["etag"] = quote_etag(etag)
        response = render(request, "cocreation/includes/participant_status.html", context)
    return with_etag(response, etag)


@require_GET
@vary_on_cookie
def participant_ideas_view(request: HttpRequest, code: str) -> HttpResponse:
    """Return the ideas that came onto the wall since the version the page has (``seen``)."""
    session, participant = _participant(request, code)
    if participant is None:
        return HttpResponse(status=204)
    seen = request.GET.get("seen", "")
    etag = _etag("i", participant, session.version, seen)
    if response := not_modified(request, etag):
        return response
    with translation.override(participant.language):
        context = delta_context(session, participant, seen=seen)
        response = render(request, "cocreation/includes/participant_delta.html", context)
    return with_etag(response, etag)


def _back(session: LiveSession, anchor: str = "") -> HttpResponse:
    url = reverse("cocreation:participant", args=[session.join_code])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _told(request: HttpRequest, notice: str, *, failed: bool) -> None:
    messages.add_message(request, messages.ERROR if failed else messages.SUCCESS, notice)


def _posted(
    request: HttpRequest,
    session: LiveSession,
    participant: Participant,
    form: IdeaForm,
    *,
    notice: str,
    failed: bool,
) -> HttpResponse:
    """Answer a posted idea: the new ideas and a fresh form for htmx, else the page."""
    if request.headers.get("HX-Request"):
        seen = request.POST.get("seen", "")
        context = delta_context(session, participant, seen=seen, form=form if failed else None)
        context.update(notice=notice, failed=failed, swap_form=True)
        return render(request, "cocreation/includes/participant_delta.html", context)
    if failed:  # shown again with the text typed
        context = page_context(session, participant, form=form, notice=notice)
        return render(request, "cocreation/participant.html", context)
    _told(request, notice, failed=False)
    return _back(session)


@require_POST
def idea_submit_view(request: HttpRequest, code: str) -> HttpResponse:
    session, participant = _participant(request, code)
    if participant is None:
        return _join(session)
    with translation.override(participant.language):
        form = IdeaForm(request.POST)
        if not form.is_valid():
            return _posted(request, session, participant, form, notice="", failed=True)
        prompt = get_object_or_404(session.prompts, pk=form.cleaned_data["prompt"])
        try:
            idea_submit(participant=participant, prompt=prompt, text=form.cleaned_data["text"])
        except DomainError as error:
            return _posted(request, session, participant, form, notice=str(error), failed=True)
        notice = (
            pgettext(
                "stakeholder", "Thank you! Your idea is shown once the facilitator approves it."
            )
            if session.is_moderated
            else pgettext("stakeholder", "Thank you! Your idea is on the wall.")
        )
        return _posted(request, session, participant, form, notice=notice, failed=False)


@require_POST
def votes_view(request: HttpRequest, code: str) -> HttpResponse:
    """Give a vote (``vote=<idea>``) or take one back (``unvote=<idea>``).

    The list of ideas is one form; the button pressed says which idea and what to do.
    """
    session, participant = _participant(request, code)
    if participant is None:
        return _join(session)
    withdraw = "unvote" in request.POST
    pk = request.POST.get("unvote" if withdraw else "vote", "")
    idea = session_idea(session, int(pk) if pk.isdigit() else 0)
    with translation.override(participant.language):
        try:
            if withdraw:
                vote_withdraw(participant=participant, idea=idea)
            else:
                vote_cast(participant=participant, idea=idea)
        except DomainError as error:
            notice, failed = str(error), True
        else:
            notice = (
                pgettext("stakeholder", "Your vote is taken back.")
                if withdraw
                else pgettext("stakeholder", "Your vote is counted.")
            )
            failed = False
        if request.headers.get("HX-Request"):
            context = {**vote_context(session, participant, idea), "notice": notice}
            context["failed"] = failed
            return render(request, "cocreation/includes/participant_vote.html", context)
        _told(request, notice, failed=failed)
        return _back(session, f"idea-{idea.pk}")


@require_POST
def language_view(request: HttpRequest, code: str) -> HttpResponse:
    """Change the language the participant's pages are shown in."""
    session, participant = _participant(request, code)
    language = request.POST.get("language", "")
    if participant is not None and language in languages.written():
        participant_set_language(participant=participant, language=language)
    return redirect("cocreation:participant", session.join_code)
