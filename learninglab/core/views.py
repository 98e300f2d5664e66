"""The dashboard, the audit log, the health check and the pages for a wrong or refused address."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation

from learninglab.core import languages
from learninglab.core.audit_sentences import describe
from learninglab.core.permissions import permission_required
from learninglab.core.selectors import audit_entries_for


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@permission_required("core.audit.view")
def audit_log_view(request: HttpRequest) -> HttpResponse:
    entries = audit_entries_for(request.user, action_prefix=request.GET.get("action", ""))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit_log.html", {"page": page, "lines": describe(page.object_list)}
    )


def health_view(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database answers; for load balancers and monitoring."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """Render an error page in the visitor's language: ``?lang=``, else a logged-in
    person's own language, else the browser's."""
    if request.user.is_authenticated:
        language = languages.chosen_language(request, request.user.language)
    else:
        language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        return render(request, template, {"language": language}, status=status)


def page_not_found_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Say that nothing is at this address, in the visitor's language, with a way back.

    Stakeholders arrive here from links in e-mails, so the partners' languages count too,
    not only the staff interface's. What the code raised (``exception``) is not shown: it
    may tell whether something exists.
    """
    return _error_page(request, "404.html", 404)


def permission_denied_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Say that this page is not for the visitor, in their language, with a way back.

    What the code raised (the permission's name) is not shown.
    """
    return _error_page(request, "403.html", 403)
