"""Requests a minute per token (or signed-in account) and per client address without one,
counted in the cache by ``core.ratelimit``: over the limit, 429 with ``Retry-After``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from learninglab.accounts.client_address import client_ip
from learninglab.accounts.models import ApiToken
from learninglab.core.ratelimit import rate_limit_exceeded

WINDOW_SECONDS = 60


class RequestRate(BaseThrottle):
    def allow_request(self, request: Request, view: Any) -> bool:
        if isinstance(request.auth, ApiToken):
            key, limit = f"token:{request.auth.pk}", settings.API_REQUESTS_PER_MINUTE
        elif request.user and request.user.is_authenticated:
            key, limit = f"user:{request.user.pk}", settings.API_REQUESTS_PER_MINUTE
        else:
            address = client_ip(request._request) or "unknown"
            key, limit = f"address:{address}", settings.API_ANONYMOUS_REQUESTS_PER_MINUTE
        return not rate_limit_exceeded(
            scope="api", key=key, limit=limit, window_seconds=WINDOW_SECONDS
        )

    def wait(self) -> float:
        # The window's start is not kept; a client waiting a whole window is never early.
        return WINDOW_SECONDS
