"""Pages for the partners' staff and the coordinator: write, review, transfer."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from learninglab.core.permissions import has_perm, permission_required
from learninglab.practices.appearances import appearances
from learninglab.practices.countries import country_name
from learninglab.practices.filters import StaffFilterForm
from learninglab.practices.search import practices_search, search_countries, search_partners
from learninglab.practices.selectors import practice_for
from learninglab.practices.services.practice import practice_missing

STAFF_PAGE_SIZE = 50


@permission_required("practices.view")
def practice_staff_list_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    countries = {code: country_name(code) for code in search_countries(managed_by=user)}
    partners = search_partners(managed_by=user)
    form = StaffFilterForm(request.GET or None, partners=partners, countries=countries)
    language = translation.get_language() or "en"
    practices = practices_search(form.filters(), managed_by=user, language=language)
    page = Paginator(practices, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "practices/staff_list.html", {"form": form, "page": page})


@permission_required("practices.view")
def practice_staff_view(request: HttpRequest, slug: str) -> HttpResponse:
    practice = practice_for(request.user, slug)
    context = {
        "practice": practice,
        "appearances": appearances(practice, request.user),
        "missing": practice_missing(practice) if practice.is_editable else [],
        "may_edit": has_perm(request.user, "practices.edit", practice),
        "may_review": has_perm(request.user, "practices.review", practice),
    }
    return render(request, "practices/staff_detail.html", context)
