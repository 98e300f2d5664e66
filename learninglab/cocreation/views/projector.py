"""The projector page: the join code and its QR code, the question, the ideas and votes.

The room reads it, not the facilitator: it speaks the lab's language (its partner's
main language), whatever the facilitator's own, unless ``?lang=`` asks for another.

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
from learninglab.cocreation.models import LiveSession
from learninglab.cocreation.selectors.session import (
    live_session_for_wall,
    live_session_get,
    wall_version,
)
from learninglab.core import languages
from learninglab.core.conditional import not_modified, with_etag
from learninglab.core.permissions import permission_required
from learninglab.core.qr import qr_svg


@permission_required("cocreation.run")
def projector_view(request: HttpRequest, slug: str) -> HttpResponse:
    session = live_session_get(request.user, slug)
    join_url = settings.SITE_URL + session.get_join_url()
    language = _room_language(request, session)
    with translation.override(language):
        context = {
            **projector_context(session),
            "lab": session.lab,
            "language": language,
            "join_url": join_url,
            "etag": quote_etag(_etag(session.pk, session.version)),
            # Drawn here from the session's own address, never from anyone's text.
            "qr": mark_safe(qr_svg(join_url)),  # noqa: S308
        }
        return render(request, "cocreation/projector.html", context)


def _room_language(request: HttpRequest, session: LiveSession) -> str:
    """Return ``?lang=`` when we write in it, else the lab's language."""
    return languages.chosen_language(request, session.lab.partner.main_language)


def _etag(session_pk: int, version: int) -> str:
    return f"w{session_pk}-{version}-{translation.get_language()}"


@vary_on_cookie
@permission_required("cocreation.run")
def projector_wall_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the wall alone; the page asks for it with its language (``?lang=``)."""
    session_pk, version = wall_version(request.user, slug)
    asked = request.GET.get("lang", "")
    if asked in languages.written():
        # The page always says its language: a second costs no look-up of the lab's.
        with translation.override(asked):
            if response := not_modified(request, _etag(session_pk, version)):
                return response
    session = live_session_for_wall(session_pk)
    language = _room_language(request, session)
    with translation.override(language):
        context = {**projector_context(session), "language": language}
        response = render(request, "cocreation/includes/projector_wall.html", context)
        return with_etag(response, _etag(session.pk, session.version))
