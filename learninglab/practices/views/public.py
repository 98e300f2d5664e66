"""Pages anyone may open: a published practice, its pictures and documents, the map."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from learninglab.core import languages
from learninglab.practices.appearances import appearances
from learninglab.practices.countries import country_name
from learninglab.practices.filters import CatalogueFilterForm
from learninglab.practices.search import practices_search, search_countries, search_partners
from learninglab.practices.selectors import (
    on_map,
    practice_document,
    practice_image,
    public_contact,
    public_practice,
    similar_practices,
    transfers_of,
)
from learninglab.practices.views.files import file_response

CATALOGUE_PAGE_SIZE = 20
# The catalogue draws the practices found on its map up to this many; beyond, it links
# to the map page, which draws them all.
CATALOGUE_MAP_LIMIT = 300


def practice_catalogue_view(request: HttpRequest) -> HttpResponse:
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        countries = {code: country_name(code) for code in search_countries()}
        form = CatalogueFilterForm(
            request.GET or None, partners=search_partners(), countries=countries
        )
        practices = practices_search(form.filters(), language=language)
        page = Paginator(practices, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "form": form,
            "page": page,
            "countries": countries,
            "language": language,
            "map_practices": (
                practices.prefetch_related(None)
                if page.paginator.count <= CATALOGUE_MAP_LIMIT
                else None
            ),
        }
        return render(request, "practices/catalogue.html", context)


def practice_public_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The whole record in the visitor's language; a text not written in it is shown in
    another, marked as such."""
    practice = public_practice(slug)
    language = languages.visitor_language(request, translation.get_language() or "en")
    with translation.override(language):
        context = {
            "practice": practice,
            "language": language,
            "appearances": appearances(practice),
            "transfers": transfers_of(practice),
            "contact": public_contact(practice),
            "similar": similar_practices(practice),
        }
        return render(request, "practices/public_detail.html", context)


def public_image_view(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    return file_response(practice_image(public_practice(slug), pk))


def public_document_view(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    return file_response(practice_document(public_practice(slug), pk))


def practice_map_view(request: HttpRequest) -> HttpResponse:
    language = languages.visitor_language(request, translation.get_language() or "en")
    practices = on_map(
        partner=request.GET.get("partner", ""),
        country=request.GET.get("country", ""),
        topic=request.GET.get("topic", ""),
    )
    with translation.override(language):
        context = {"practices": practices, "language": language}
        return render(request, "practices/map.html", context)
