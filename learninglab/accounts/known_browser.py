"""A signed cookie that marks a browser which completed a login to an account before.

The backoff makes every other browser wait after wrong passwords for the account, so that a
stranger's guesses slow the guessing, never the account's owner on their usual browser.
The cookie proves nothing on its own: the password and the second factor are still asked.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "learninglab_known_browser"
SALT = "learninglab.accounts.known_browser"


def _max_age() -> int:
    return settings.KNOWN_BROWSER_DAYS * 24 * 60 * 60


def known_browser_remember(response: HttpResponse, *, user_pk: int) -> None:
    """Mark the browser receiving ``response`` as known to the account ``user_pk``."""
    response.set_signed_cookie(
        COOKIE,
        str(user_pk),
        salt=SALT,
        max_age=_max_age(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def known_browser_of(request: HttpRequest) -> int | None:
    """Return the account the request's browser completed a login to before, if any."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=_max_age())
    return int(value) if value and value.isdigit() else None
