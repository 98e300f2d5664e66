"""Refuse an oversized upload before reading it (the content policy is in ``core.csp``)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

Handler = Callable[[HttpRequest], HttpResponse]


def upload_too_large(request: HttpRequest, *, status: int) -> HttpResponse:
    """Render the page that explains the upload limit, with ``status`` (413 or 411)."""
    limit = filesizeformat(settings.UPLOAD_MAX_REQUEST_BYTES)
    context = {"limit": limit, "no_length": status == 411}
    return render(request, "core/upload_too_large.html", context, status=status)


class UploadLimitMiddleware:
    """Refuse a request body larger than ``UPLOAD_MAX_REQUEST_BYTES`` before reading it.

    The announced ``Content-Length`` is enough to refuse (413), so an oversized upload
    costs neither the time to receive it nor the disk to keep it. An upload (a multipart
    form) without a length, sent in chunks, is refused too (411): Django would read none of
    it, and the form would only say that no file came.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        announced = request.META.get("CONTENT_LENGTH") or ""
        if announced.isdigit() and int(announced) > settings.UPLOAD_MAX_REQUEST_BYTES:
            return upload_too_large(request, status=413)
        is_upload = request.content_type == "multipart/form-data"
        if is_upload and not announced and "HTTP_TRANSFER_ENCODING" in request.META:
            return upload_too_large(request, status=411)
        return self.get_response(request)
