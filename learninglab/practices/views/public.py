"""Pages anyone may open: the catalogue of published practices, each practice, the map."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from learninglab.core import languages
from learninglab.practices.appearances import appearances
from learninglab.practices.selectors import on_map, public_practice


def practice_public_view(request: HttpRequest, slug: str) -> HttpResponse:
    practice = public_practice(slug)
    context = {"practice": practice, "appearances": appearances(practice)}
    return render(request, "practices/public_detail.html", context)


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
