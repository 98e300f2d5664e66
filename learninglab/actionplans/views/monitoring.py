"""Staff pages of a plan's implementation: the monitoring page, a progress entry, a
milestone reached, an evidence file.

Every view is guarded by ``core.permissions`` and fetches its plan or action through a
selector of ``actionplans.monitoring``: another partner's plan is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.actionplans.forms.monitoring import MilestoneReachedForm, ProgressForm
from learninglab.actionplans.monitoring import (
    action_for_monitoring,
    action_monitoring,
    evidence_for_download,
    milestone_for_monitoring,
    plan_for_monitoring,
    plan_monitoring,
)
from learninglab.actionplans.services.progress import milestone_mark, progress_record
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import permission_required


@permission_required("actionplans.monitor")
def monitoring_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's roll-up and every action's status, progress, milestones and funds."""
    plan = plan_for_monitoring(request.user, slug)
    context = {"plan": plan, "rollup": plan_monitoring(plan)}
    return render(request, "actionplans/monitoring.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("actionplans.action.monitor")
def progress_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET shows the action's history and the form; POST records an entry."""
    action = action_for_monitoring(request.user, slug, pk)
    form = ProgressForm(posted(request), request.FILES or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            progress_record(actor=request.user, action=action, data=form.entry_data())
        except DomainError as error:
            form.add_error(error.params.get("field") or None, str(error))
        else:
            messages.success(request, _("The progress entry was recorded."))
            return redirect(reverse("actionplans:progress_add", args=[slug, action.pk]))
    context = {
        "plan": action.plan,
        "action": action,
        "form": form,
        "monitoring": action_monitoring(action),
        "milestone_form": MilestoneReachedForm(),
    }
    return render(request, "actionplans/progress_form.html", context)


@require_POST
@permission_required("actionplans.action.monitor")
def milestone_reached_view(
    request: HttpRequest, slug: str, pk: int, milestone: int
) -> HttpResponse:
    action = action_for_monitoring(request.user, slug, pk)
    reached = milestone_for_monitoring(action, milestone)
    form = MilestoneReachedForm(request.POST)
    back = reverse("actionplans:progress_add", args=[slug, action.pk]) + "#milestones"
    if not form.is_valid():
        messages.error(request, _("Give the date as 2025-03-31."))
        return redirect(back)
    try:
        milestone_mark(actor=request.user, milestone=reached, done_on=form.cleaned_data["done_on"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        done = form.cleaned_data["done_on"]
        messages.success(
            request,
            _("“%(milestone)s” is marked reached.") % {"milestone": reached.title}
            if done
            else _("“%(milestone)s” is marked not reached.") % {"milestone": reached.title},
        )
    return redirect(back)


@permission_required("actionplans.view")
def evidence_view(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """Download an evidence file; only staff who may see the plan get it."""
    evidence = evidence_for_download(request.user, slug, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
