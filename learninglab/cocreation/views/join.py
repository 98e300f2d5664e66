"""Joining a live session from a phone: the code shown on the screen, then a name (optional)
and a language. No account: the browser gets a signed cookie (``participants``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from learninglab.cocreation.cookies import browser_token, current_participant, new_token, remember
from learninglab.cocreation.forms import JoinCodeForm, JoinForm
from learninglab.cocreation.selectors.participant import (
    normalise_code,
    session_by_code,
    session_code_exists,
)
from learninglab.cocreation.services.participant import participant_join
from learninglab.core import languages
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted


@require_http_methods(["GET", "POST"])
def join_view(request: HttpRequest) -> HttpResponse:
    """Ask for the code shown on the screen; a GET with ``?code=`` works without a script."""
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        form = JoinCodeForm(request.GET if "code" in request.GET else posted(request))
        if form.is_bound and form.is_valid():
            code = normalise_code(form.cleaned_data["code"])
            if session_code_exists(code):
                return redirect("cocreation:join_session", code)
            form.add_error(
                "code",
                pgettext("stakeholder", "No live session has this code. Check it on the screen."),
            )
        context = {"form": form, "language": language, "languages": list(languages.written())}
        return render(request, "cocreation/join.html", context)


@require_http_methods(["GET", "POST"])
def join_session_view(request: HttpRequest, code: str) -> HttpResponse:
    """Join the session: an optional name and a language; no account."""
    session = session_by_code(code)
    if current_participant(request, session) is not None:
        return redirect("cocreation:participant", session.join_code)
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        form = JoinForm(posted(request), initial={"language": language})
        if request.method == "POST" and form.is_valid():
            token = browser_token(request) or new_token()
            try:
                participant_join(session=session, token=token, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                response = redirect("cocreation:participant", session.join_code)
                remember(response, token)
                return response
        context = {
            "session": session,
            "lab": session.lab,
            "form": form,
            "language": language,
            "languages": list(languages.written()),
        }
        return render(request, "cocreation/join_session.html", context)
