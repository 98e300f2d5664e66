"""Record progress from a spreadsheet: the template, the upload, the preview, the commit."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.actionplans.forms.monitoring import ProgressUploadForm
from learninglab.actionplans.importing import COLUMNS, template_xlsx
from learninglab.actionplans.models import ProgressImport
from learninglab.actionplans.monitoring import plan_for_monitoring
from learninglab.actionplans.services.progress_import import (
    progress_import_commit,
    progress_import_create,
    progress_import_preview,
)
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import permission_required
from learninglab.core.spreadsheets import CONTENT_TYPES


def _kept(plan_pk: int, token: str) -> ProgressImport:
    try:
        return ProgressImport.objects.select_related("plan").get(plan_id=plan_pk, token=token)
    except ProgressImport.DoesNotExist:
        raise Http404 from None


@permission_required("actionplans.monitor")
def progress_template_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_monitoring(request.user, slug)
    response = HttpResponse(template_xlsx(plan), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-progress.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required("actionplans.monitor")
def progress_import_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_monitoring(request.user, slug)
    form = ProgressUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            kept, _sheet = progress_import_create(
                actor=request.user,
                plan=plan,
                content=form.file_content(),
                filename=form.file_name(),
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            return redirect("actionplans:progress_import_preview", plan.slug, kept.token)
    columns = [str(label) for label in COLUMNS.values()]
    context = {"plan": plan, "form": form, "columns": columns}
    return render(request, "actionplans/progress_import.html", context)


@permission_required("actionplans.monitor")
def progress_import_preview_view(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    plan = plan_for_monitoring(request.user, slug)
    kept = _kept(plan.pk, token)
    try:
        sheet = progress_import_preview(kept)
    except DomainError as error:  # the limits may have changed since the upload
        messages.error(request, str(error))
        return redirect("actionplans:progress_import", plan.slug)
    context = {"plan": plan, "kept": kept, "sheet": sheet}
    return render(request, "actionplans/progress_import_preview.html", context)


@require_POST
@permission_required("actionplans.monitor")
def progress_import_commit_view(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    plan = plan_for_monitoring(request.user, slug)
    kept = _kept(plan.pk, token)
    try:
        count = progress_import_commit(actor=request.user, kept=kept)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("actionplans:progress_import_preview", plan.slug, kept.token)
    messages.success(
        request,
        ngettext("%(count)s entry was recorded.", "%(count)s entries were recorded.", count)
        % {"count": count},
    )
    return redirect("actionplans:monitoring", plan.slug)
