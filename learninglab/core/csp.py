"""The Content-Security-Policy every page is sent with.

One policy, ``CONTENT_SECURITY_POLICY`` in the settings, is added to every response that
has none of its own (``ContentSecurityPolicyMiddleware``): scripts and styles come from
the site's own files only, never from inline code, ``eval`` or another site. A view that
needs more for one page says so with ``csp_allow``; a view that sets a policy of its own
(the outbox's view of an e-mail) keeps it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

View = Callable[..., HttpResponse]


def site_policy() -> str:
    """Return the site's policy, from the settings; empty when switched off."""
    return str(settings.CONTENT_SECURITY_POLICY).strip()


def policy_allowing(**sources: str) -> str:
    """Return the site's policy with ``sources`` added to directives (``script_src=...``)."""
    directives: dict[str, list[str]] = {}
    for directive in site_policy().split(";"):
        name, *values = directive.split()
        if name:
            directives[name] = values
    for key, source in sources.items():
        name = key.replace("_", "-")
        values = directives.setdefault(name, list(directives.get("default-src", [])))
        values.extend(value for value in source.split() if value not in values)
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def csp_allow(**sources: str) -> Callable[[View], View]:
    """Decorate a view whose page needs more than the site's policy allows.

    For instance ``@csp_allow(script_src="'wasm-unsafe-eval'")`` for a page that compiles
    WebAssembly. The sources are added to the site's policy when the page is answered.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if site_policy() and HEADER not in response:
                response[HEADER] = policy_allowing(**sources)
            return response

        return wrapped

    return decorator


class ContentSecurityPolicyMiddleware:
    """Send the site's policy with every response that does not carry its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = site_policy()
        if policy and HEADER not in response:
            response[HEADER] = policy
        return response
