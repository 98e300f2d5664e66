"""The projector page: the join code and its QR code, the question, the ideas and votes.

The page asks for its wall every second (htmx). The answer is "304 Not Modified" until
the session's version in the database moves on, so a second costs one small query,
whichever app process answers it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import quote_etag
from django.utils.safestring import mark_safe
from django.views.decorators.vary import vary_on_cookie

from learninglab.cocreation.contexts import projector_context
from learninglab.cocreation.selectors.session import (
    live_session_for_wall,
    live_session_get,
    wall_version,
)
from learninglab.core.conditional import not_modified, with_etag
from learninglab.core.permissions import permission_required
from learninglab.core.qr import qr_svg


@permission_required("cocreation.run")
def projector_view(request: HttpRequest, slug: str) -> HttpResponse:
    session = live_session_get(request.user, slug)
    join_url = settings.SITE_URL + session.get_join_url()
    context = {
        **projector_context(session),
        "lab": session.lab,
        "join_url": join_url,
        "etag": quote_etag(_etag(session.pk, session.version)),
        # Drawn here from the session's own address, never from anyone's text.
        "qr": mark_safe(qr_svg(join_url)),  # noqa: S308
    }
    return render(request, "cocreation/projector.html", context)


def _etag(session_pk: int, version: int) -> str:
    return f"w{session_pk}-{version}-{translation.get_language()}"


@vary_on_cookie
@permission_required("cocreation.run")
def projector_wall_view(request: HttpRequest, slug: str) -> HttpResponse:
    session_pk, version = wall_version(request.user, slug)
    if response := not_modified(request, _etag(session_pk, version)):
        return response
    session = live_session_for_wall(session_pk)
    response = render(
        request, "cocreation/includes/projector_wall.html", projector_context(session)
    )
    return with_etag(response, _etag(session.pk, session.version))
