"""The product's URLs plus the bare views: the baselines that answers are measured against.

The baseline takes the same request as the RSVP form (a POST with the CSRF cookie and
token, through every middleware) and does the least an answer could: one UPDATE through
the unique index of the invitation's ``public_id``. The bare flow is the person's whole
answer done the least it could be: a page of the site's base layout with no content,
the same UPDATE followed by a redirect to that page, and the page again.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import include, path
from django.views.decorators.http import require_http_methods, require_POST

from learninglab.labs.models import Invitation

_EMPTY_PAGE = engines["django"].from_string('{% extends "base.html" %}')


@require_POST
def baseline_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    Invitation.objects.filter(public_id=public_id).update(
        response_note=request.POST.get("note", "")
    )
    return HttpResponse(status=204)


@require_http_methods(["GET", "POST"])
def bare_page_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """Render the base layout with no content; a POST does the baseline's UPDATE first."""
    if request.method == "POST":
        baseline_view(request, public_id, token)
        return redirect(request.get_full_path())
    return HttpResponse(_EMPTY_PAGE.render({}, request))


urlpatterns = [
    path("bench/baseline/<uuid:public_id>/<str:token>/", baseline_view),
    path("bench/page/<uuid:public_id>/<str:token>/", bare_page_view),
    path("", include("config.urls")),
]
