"""Every error of the API in one JSON shape::

    {"error": {"code": "email_taken", "message": "…", "fields": {"email": ["…"]}}}

``code`` is machine-readable: a domain error's own code (``core.errors.DomainError``,
raised by the services), or ``invalid`` (``fields`` then says what is wrong with each
field), ``not_authenticated``, ``token_invalid``, ``account_inactive``,
``permission_denied``, ``read_only_token``, ``not_found``, ``method_not_allowed``,
``unsupported_media_type``, ``parse_error``, ``throttled``, ``server_error``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from learninglab.core.errors import DomainError

logger = logging.getLogger("django.request")


def error_body(code: str, message: Any, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the one shape of every error."""
    error: dict[str, Any] = {"code": code, "message": str(message)}
    if fields:
        error["fields"] = fields
    return {"error": error}


def _messages(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _messages(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_messages(value) for value in detail]
    return str(detail)


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer an error raised in an API view in the one shape."""
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or _("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(_("You may not do this."))
    response = drf_exception_handler(exc, context)
    if response is None:
        # A fault of ours: logged with its traceback as Django logs one, and answered in
        # the same shape, without details.
        request = context.get("request")
        logger.error(
            "Internal Server Error: %s",
            getattr(request, "path", ""),
            exc_info=exc,
            extra={"status_code": 500, "request": getattr(request, "_request", None)},
        )
        return Response(
            error_body("server_error", _("Something went wrong on our side.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body("invalid", _("Some values are not valid."), _messages(detail))
    else:
        response.data = error_body(_code(exc), exc.detail)
    return response


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Answer an address under the API that names nothing."""
    return JsonResponse(
        error_body("not_found", _("There is nothing at this address of the API.")), status=404
    )
