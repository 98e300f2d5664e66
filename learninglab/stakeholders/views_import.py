"""Import pages: upload, preview with a verdict per row, commit."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learninglab.core.models import Via
from learninglab.core.permissions import permission_required
from learninglab.projects.selectors import partners_for
from learninglab.stakeholders import importing
from learninglab.stakeholders.importing.forms import ImportUploadForm

PREVIEW_PAGE_SIZE = 500


@permission_required("stakeholders.import")
def import_upload_view(request: HttpRequest) -> HttpResponse:
    partners = partners_for(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            batch, _report = importing.import_batch_create(
                actor=request.user,
                partner=form.chosen_partner(),
                content=form.file_content(),
                filename=form.file_name(),
                options=form.import_options(),
            )
        except importing.ImportRejected as error:
            form.add_error("file", str(error))
        else:
            return redirect("stakeholders:import_preview", pk=batch.pk)
    context = {"form": form, "fields": importing.recognised_headers()}
    return render(request, "stakeholders/import_upload.html", context)


@permission_required("stakeholders.import")
def import_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = importing.import_batch_get(request.user, pk)
    if batch.committed_at is not None or batch.expired_at is not None:
        # Only the counts are kept once a batch is committed or expired.
        return render(request, "stakeholders/import_preview.html", {"batch": batch})
    report = importing.import_batch_preview(batch)
    problems_only = request.GET.get("show") == "problems"
    rows = report.problems if problems_only else report.rows
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"batch": batch, "report": report, "page": page, "problems_only": problems_only}
    return render(request, "stakeholders/import_preview.html", context)


@require_POST
@permission_required("stakeholders.import")
def import_commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = importing.import_batch_get(request.user, pk)
    try:
        report = importing.import_commit(actor=request.user, batch=batch, via=Via.IMPORT)
    except importing.ImportRejected as error:
        messages.error(request, str(error))
        return redirect("stakeholders:import_preview", pk=batch.pk)
    messages.success(
        request,
        _("Imported: %(created)s new, %(updated)s updated.")
        % {"created": report.created, "updated": report.updated},
    )
    return redirect("stakeholders:list")
