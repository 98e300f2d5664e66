"""The page showing where an action came from, for the staff who may view its plan."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from learninglab.actionplans.provenance import action_for_provenance, action_provenance
from learninglab.core.permissions import permission_required


@permission_required("actionplans.action.view")
def action_provenance_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = action_for_provenance(request.user, slug, pk)
    context = {"action": action, "provenance": action_provenance(action, request.user)}
    return render(request, "actionplans/provenance_page.html", context)
