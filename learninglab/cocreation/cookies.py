"""Who a participant is: a secret token in a signed cookie of their browser, and a language.

Participants have no account. The token is made when a browser first joins a session,
kept for the day in an HTTP-only cookie signed with ``SECRET_KEY``, and is the only thing
that ties the browser to its ideas and votes.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from learninglab.cocreation.models import LiveSession, Participant
from learninglab.cocreation.selectors.participant import participant_by_token

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
    return participant_by_token(session, browser_token(request))
