"""Downloads of the printed documents: a lab's, from its staff page, a good practice's
form, an action plan and its progress reports.

Whoever may see a lab's answers may print its documents: another partner's lab is a
404 (``lab_get``), a facilitator is refused. A practice's form is for staff: any
published practice, and their own partner's in any status.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from learninglab.core.permissions import permission_required
from learninglab.core.spreadsheets import CONTENT_TYPES
from learninglab.labs.selectors import lab_get
from learninglab.practices.selectors import practice_to_export
from learninglab.reports import action_plan, attendance, badges, practice, progress_report, report

PERMISSION = "labs.rsvp.view"
PDF = "application/pdf"


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _blank_rows(request: HttpRequest) -> int:
    """Return the ``?blank=N`` of the request, or the default number of empty rows."""
    value = request.GET.get("blank", "")
    return int(value) if value.isdigit() else attendance.DEFAULT_BLANK_ROWS


@permission_required(PERMISSION)
def attendance_sheet_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_get(request.user, slug, permission=PERMISSION)
    content = attendance.attendance_sheet_pdf(lab, blank_rows=_blank_rows(request))
    filename = attendance.document_filename(lab, "attendance-sheet") + ".pdf"
    return _download(content, content_type=PDF, filename=filename)


@permission_required(PERMISSION)
def attendance_report_view(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    lab = lab_get(request.user, slug, permission=PERMISSION)
    if fmt == "pdf":
        content, content_type = report.attendance_report_pdf(lab), PDF
    elif fmt == "xlsx":
        content, content_type = report.attendance_report_xlsx(lab), CONTENT_TYPES["xlsx"]
    else:
        raise Http404
    filename = attendance.document_filename(lab, "attendance-report") + f".{fmt}"
    return _download(content, content_type=content_type, filename=filename)


@permission_required(PERMISSION)
def badges_view(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_get(request.user, slug, permission=PERMISSION)
    filename = attendance.document_filename(lab, "badges") + ".pdf"
    return _download(badges.badges_pdf(lab), content_type=PDF, filename=filename)


@permission_required("practices.view")
def practice_form_view(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """A good practice as the programme's form, in English or ``?language=`` the partner's:
    any published practice, and those of one's own partner in any status."""
    found = practice_to_export(request.user, slug)
    language = request.GET.get("language", "en")
    if fmt not in practice.WRITERS or language not in practice.document_languages(found):
        raise Http404
    content = practice.practice_document(found, fmt, language=language)
    filename = practice.document_filename(found, language) + f".{fmt}"
    return _download(content, content_type=practice.CONTENT_TYPES[fmt], filename=filename)


@permission_required("actionplans.view")
def plan_export_view(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The plan as the programme's template, in its language with the English summary."""
    plan = action_plan.plan_to_export(request.user, slug)
    if fmt not in action_plan.WRITERS:
        raise Http404
    content = action_plan.action_plan_document(plan, fmt)
    filename = action_plan.document_filename(plan) + f".{fmt}"
    return _download(content, content_type=action_plan.CONTENT_TYPES[fmt], filename=filename)


@permission_required("actionplans.view")
def plan_reports_view(request: HttpRequest) -> HttpResponse:
    """The progress reports of the plans one may see: per partner, each period with its
    due date, whether it is overdue, and its downloads."""
    overview = progress_report.reports_overview(request.user)
    return render(request, "reports/plan_reports.html", {"overview": overview})


@permission_required("actionplans.view")
def progress_report_view(request: HttpRequest, partner: str, period: str, fmt: str) -> HttpResponse:
    """A partner's progress report for a period, generated from the entries dated in it."""
    found = progress_report.report_partner(request.user, partner)
    if fmt not in progress_report.WRITERS:
        raise Http404
    report = progress_report.progress_report(
        request.user, found, progress_report.report_period(period)
    )
    content = progress_report.progress_report_document(report, fmt)
    filename = progress_report.document_filename(report) + f".{fmt}"
    return _download(content, content_type=progress_report.CONTENT_TYPES[fmt], filename=filename)
