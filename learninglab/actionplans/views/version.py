"""A plan's versions: the list, two of them side by side, and the signed document.

The signed document is served to the staff who may see the plan, never publicly.
"""

from __future__ import annotations

from pathlib import PurePath

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from learninglab.actionplans.forms.plan import CURRENT, CompareForm
from learninglab.actionplans.selectors.plan import (
    plan_for,
    plan_history,
    plan_version,
    plan_versions,
)
from learninglab.actionplans.versions import plan_snapshot, versions_compare
from learninglab.core.audit_sentences import describe
from learninglab.core.permissions import permission_required


@permission_required("actionplans.view")
def versions_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request.user, slug)
    versions = list(plan_versions(plan))
    context = {
        "plan": plan,
        "versions": versions,
        "form": CompareForm(versions=versions, current=plan.is_editable, initial=_pair(versions)),
        "history": describe(plan_history(plan)[:50], zone=plan.partner.time_zone),
    }
    return render(request, "actionplans/plan_versions.html", context)


def _pair(versions: list) -> dict[str, str]:
    """Return the two versions compared by default: the last but one and the last."""
    if len(versions) < 2:
        return {}
    return {"a": str(versions[-2].number), "b": str(versions[-1].number)}


@permission_required("actionplans.view")
def version_compare_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request.user, slug)
    versions = list(plan_versions(plan))
    form = CompareForm(request.GET or None, versions=versions, current=plan.is_editable)
    comparison = sides = None
    if form.is_bound and form.is_valid():
        by_number = {str(version.number): version for version in versions}
        sides = [by_number.get(form.cleaned_data[name]) for name in ("a", "b")]
        contents = [
            version.content if version is not None else plan_snapshot(plan) for version in sides
        ]
        comparison = versions_compare(*contents, languages=plan.languages)
    context = {
        "plan": plan,
        "form": form,
        "comparison": comparison,
        "sides": sides,
        "current": CURRENT,
        "has_versions": bool(versions),
    }
    return render(request, "actionplans/plan_compare.html", context)


@permission_required("actionplans.view")
def version_document_view(request: HttpRequest, slug: str, number: int) -> FileResponse:
    plan = plan_for(request.user, slug)
    version = plan_version(plan, number)
    if not version.signed_document:
        raise Http404("This version has no signed document.")
    name = (
        f"{plan.slug}-v{version.number}-signed{PurePath(version.signed_document.name or '').suffix}"
    )
    return FileResponse(
        version.signed_document.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf",
    )
