"""Pages anyone may open: the catalogue of published practices and each practice."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from learninglab.practices.appearances import appearances
from learninglab.practices.selectors import public_practice, similar_practices


def practice_public_view(request: HttpRequest, slug: str) -> HttpResponse:
    practice = public_practice(slug)
    context = {
        "practice": practice,
        "appearances": appearances(practice),
        "similar": similar_practices(practice),
    }
    return render(request, "practices/public_detail.html", context)
