"""Pages for the partners' staff and the coordinator: write, review, transfer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from learninglab.core.permissions import has_perm, permission_required
from learninglab.practices.appearances import appearances
from learninglab.practices.selectors import practice_for, similar_practices
from learninglab.practices.services.practice import practice_missing


@permission_required("practices.view")
def practice_staff_view(request: HttpRequest, slug: str) -> HttpResponse:
    practice = practice_for(request.user, slug)
    context = {
        "practice": practice,
        "appearances": appearances(practice, request.user),
        "missing": practice_missing(practice) if practice.is_editable else [],
        "may_edit": has_perm(request.user, "practices.edit", practice),
        "may_review": has_perm(request.user, "practices.review", practice),
        "similar": similar_practices(practice, user=request.user),
    }
    return render(request, "practices/staff_detail.html", context)
