"""Pages anyone may open: the catalogue of published practices and each practice."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from learninglab.core import languages
from learninglab.practices.appearances import appearances
from learninglab.practices.countries import country_name
from learninglab.practices.filters import CatalogueFilterForm
from learninglab.practices.search import practices_search, search_countries, search_partners
from learninglab.practices.selectors import public_practice

CATALOGUE_PAGE_SIZE = 20


def practice_catalogue_view(request: HttpRequest) -> HttpResponse:
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        countries = {code: country_name(code) for code in search_countries()}
        form = CatalogueFilterForm(
            request.GET or None, partners=search_partners(), countries=countries
        )
        practices = practices_search(form.filters(), language=language)
        page = Paginator(practices, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"form": form, "page": page, "countries": countries, "language": language}
        return render(request, "practices/catalogue.html", context)


def practice_public_view(request: HttpRequest, slug: str) -> HttpResponse:
    practice = public_practice(slug)
    context = {"practice": practice, "appearances": appearances(practice)}
    return render(request, "practices/public_detail.html", context)
