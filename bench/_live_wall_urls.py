"""The product's URLs plus one bare view: the baseline that the live wall is measured against.

The baseline takes what a phone's vote takes (a POST with the CSRF cookie and token and the
signed participant cookie, through every middleware) and does the least a vote could: one
UPDATE of the participant's row, found through the unique index of session and token.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from learninglab.cocreation.cookies import browser_token
from learninglab.cocreation.models import Participant


@require_POST
def baseline_view(request: HttpRequest, session: int) -> HttpResponse:
    token = browser_token(request)
    Participant.objects.filter(session_id=session, token=token).update(language="en")
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/live-baseline/<int:session>/", baseline_view),
    path("", include("config.urls")),
]
