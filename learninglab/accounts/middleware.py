"""The one place that requires the second factor of every session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY


def is_verified(request: HttpRequest) -> bool:
    """Return whether this session passed a second factor (an app's code or a backup code).

    ``django_otp.login`` records the device in the session only after it accepted a code,
    and Django starts a new session whenever another account logs in.
    """
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


class TwoFactorMiddleware:
    """Treat a logged-in session that never passed the second factor as logged out.

    With ``TWO_FACTOR_REQUIRED``, every page and the admin see such a session as a visitor:
    staff pages send it to the login page, and the pages of personal links answer it as
    they answer anyone. The login views themselves never log anybody in before the second
    factor; this covers every other way a session could be logged in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TWO_FACTOR_REQUIRED:
            user = request.user
            request.user = SimpleLazyObject(  # type: ignore[assignment]
                lambda: self._verified_or_anonymous(request, user)
            )
            original_auser = request.auser

            async def auser() -> Any:
                return self._verified_or_anonymous(request, await original_auser())

            request.auser = auser
        return self.get_response(request)

    @staticmethod
    def _verified_or_anonymous(request: HttpRequest, user: Any) -> Any:
        if user.is_authenticated and not is_verified(request):
            return AnonymousUser()
        return user
