"""Answer "304 Not Modified" to pages polled every second, from an ETag kept in the database.

The ETag is made from the session's ``version`` (see ``LiveSession``), which every app
process reads from the same database: no process keeps state another one needs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag


def _headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = quote_etag(etag)
    # Kept by the browser, and always asked for again with its ETag.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """Return a 304 response if the client already has the version ``etag``, else None."""
    response = get_conditional_response(request, etag=quote_etag(etag))
    return _headers(response, etag) if response is not None else None


def with_etag(response: HttpResponse, etag: str) -> HttpResponse:
    """Mark a freshly rendered response with its ETag."""
    return _headers(response, etag)
