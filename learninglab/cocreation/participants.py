"""Who a participant is: a secret token in a signed cookie of their browser, and a language.

Participants have no account. The token is made when a browser first joins a session,
kept for the day in an HTTP-only cookie signed with ``SECRET_KEY``, and is the only thing
that ties the browser to its ideas and votes.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from learninglab.cocreation import selectors_participants as phones
from learninglab.cocreation.models import LiveSession, Participant

COOKIE_NAME = "livewall"
_SALT = "learninglab.cocreation.participant"
_MAX_AGE = 24 * 60 * 60


def new_token() -> str:
    return secrets.token_urlsafe(32)


def browser_token(request: HttpRequest) -> str | None:
    """Return the token of the browser's signed cookie; None if absent or tampered with."""
    return request.get_signed_cookie(COOKIE_NAME, default=None, salt=_SALT, max_age=_MAX_AGE)


def remember(response: HttpResponse, token: str) -> None:
    """Keep ``token`` in the browser's cookie for the rest of the day."""
    response.set_signed_cookie(
        COOKIE_NAME,
        token,
        salt=_SALT,
        max_age=_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def current_participant(request: HttpRequest, session: LiveSession) -> Participant | None:
    """Return the participant the browser joined ``session`` as, if it did."""
    return phones.participant_by_token(session, browser_token(request))


def languages() -> dict[str, str]:
    return {code: str(name) for code, name in settings.STAKEHOLDER_LANGUAGES}


def visitor_language(request: HttpRequest, default: str) -> str:
    """Return ``?lang=`` if offered, else the browser's first language offered, else ``default``.

    The languages offered are every language a stakeholder may prefer, more than the staff
    interface speaks.
    """
    offered = languages()
    chosen = request.GET.get("lang", "")
    if chosen in offered:
        return chosen
    for code in _accepted(request.headers.get("Accept-Language", "")):
        if code in offered:
            return code
        if code.split("-")[0] in offered:
            return code.split("-")[0]
    return default


def _accepted(header: str) -> list[str]:
    """Return the languages of an Accept-Language header, most wanted first."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        code, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if code and code != "*" and quality > 0:
            weighted.append((-quality, position, code.lower()))
    return [code for _q, _p, code in sorted(weighted)]
