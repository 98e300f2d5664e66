"""The product's URLs plus one bare view: the baseline that answers are measured against.

The baseline takes the same request as the RSVP form (a POST with the CSRF cookie and
token, through every middleware) and does the least an answer could: one UPDATE through
the unique index of the invitation's ``public_id``.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from learninglab.labs.models import Invitation


@require_POST
def baseline_view(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    Invitation.objects.filter(public_id=public_id).update(
        response_note=request.POST.get("note", "")
    )
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/baseline/<uuid:public_id>/<str:token>/", baseline_view),
    path("", include("config.urls")),
]
