"""Who calls the API: a personal token (``Authorization: Bearer ll_…``) or a session.

A token stands for its owner: the API then sees what the owner sees on the pages. A
browser signed in (both login steps) uses its session, with the CSRF check on writes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from learninglab.accounts.client_address import client_ip
from learninglab.accounts.models import ApiToken, User
from learninglab.accounts.tokens import api_token_use
from learninglab.core.ratelimit import rate_limit_exceeded

WINDOW_SECONDS = 60


class BearerTokenAuthentication(BaseAuthentication):
    """Authenticate ``Authorization: Bearer <token>``; a revoked or unknown token, or the
    token of an account switched off, is refused with 401."""

    keyword = "bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        kind, _sep, key = get_authorization_header(request).decode("latin-1").partition(" ")
        if kind.lower() != self.keyword:
            return None
        token = api_token_use(key=key.strip())
        if token is None:
            # Wrong keys count against the address as anonymous calls do: guessing is slowed
            # like any other flood (permissions and throttles come after authentication).
            address = client_ip(request._request) or "unknown"
            if rate_limit_exceeded(
                scope="api_bad_token",
                key=address,
                limit=settings.API_ANONYMOUS_REQUESTS_PER_MINUTE,
                window_seconds=WINDOW_SECONDS,
            ):
                raise exceptions.Throttled(wait=WINDOW_SECONDS)
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, or it was revoked."), code="token_invalid"
            )
        if not token.owner.is_active:
            raise exceptions.AuthenticationFailed(
                _("The token's account is switched off."), code="account_inactive"
            )
        return token.owner, token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'
