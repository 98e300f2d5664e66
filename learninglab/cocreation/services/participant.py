"""Join a live session from a phone, and change the language the phone shows.

Participants are anonymous: a browser is known by a random token in its cookie, and
nothing here is audited.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from learninglab.cocreation.models import (
    DISPLAY_NAME_MAX_LENGTH,
    LiveSession,
    Participant,
)
from learninglab.cocreation.services.wall import (
    not_open,
    wall_changed,
)
from learninglab.core.text import clean_spaces


def participant_join(
    *,
    session: LiveSession,
    token: str,
    language: str,
    display_name: str = "",
    now: datetime.datetime | None = None,
) -> Participant:
    """Return the browser's participant in the session, created on its first visit.

    A second visit with the same token changes the name and language it gave. A new
    participant joined at ``now``, the present unless given.
    """
    if not session.is_open:
        raise not_open()
    display_name = clean_spaces(display_name)[:DISPLAY_NAME_MAX_LENGTH]
    with transaction.atomic():
        participant, created = Participant.objects.get_or_create(
            session=session,
            token=token,
            defaults={
                "display_name": display_name,
                "language": language,
                "created_at": now or timezone.now(),
            },
        )
        if created:
            wall_changed(session.pk)  # the projector counts the people taking part
        elif (participant.display_name, participant.language) != (display_name, language):
            participant.display_name, participant.language = display_name, language
            participant.save(update_fields=["display_name", "language"])
    return participant


def participant_set_language(*, participant: Participant, language: str) -> Participant:
    participant.language = language
    participant.save(update_fields=["language"])
    return participant
