"""What every change of a live wall shares: row locks, the open-session guard, the version.

Every change the facilitator makes is audited. Every change the wall shows ends with
``wall_changed``, which moves the session's ``version`` on: the projector's cue to fetch
the wall again.

Rows are locked in one order, so that two transactions never wait for each other: a
participant, then ideas (by id), then the session. The session is locked last, and only
for the commit, by everything that changes ideas or votes; the session's own services
(``services.session``), which change no idea, lock it first.
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import pgettext_lazy

from learninglab.cocreation.models import (
    Idea,
    LiveSession,
    Participant,
    Prompt,
    PromptStatus,
)
from learninglab.core.errors import DomainError


def wall_changed(session_id: int) -> int:
    """Move the session's version on and return it: what shows the wall must fetch it again.

    The row stays locked until the transaction ends, so versions are handed out in the
    order the transactions commit: whoever reads version V can read every change up to V.
    """
    sessions = LiveSession.objects.filter(pk=session_id)
    sessions.update(version=F("version") + 1)
    return sessions.values_list("version", flat=True).get()


def lock_session(session: LiveSession) -> LiveSession:
    locked = LiveSession.objects.select_for_update(of=("self",)).select_related("lab")
    return locked.get(pk=session.pk)


def lock_participant(participant: Participant) -> Participant:
    locked = Participant.objects.select_for_update(of=("self",)).select_related("session")
    return locked.get(pk=participant.pk)


def lock_idea(idea: Idea) -> Idea:
    locked = Idea.objects.select_for_update(of=("self",)).select_related("prompt")
    return locked.get(pk=idea.pk)


def lock_ideas(*ideas: Idea) -> list[Idea]:
    """Lock the ideas in the order of their ids; return them fresh, in the order given."""
    pks = [idea.pk for idea in ideas]
    locked = Idea.objects.select_for_update(of=("self",)).select_related("prompt")
    found = {idea.pk: idea for idea in locked.filter(pk__in=pks).order_by("pk")}
    return [found[pk] for pk in pks]


def not_open() -> DomainError:
    return DomainError(
        "session_closed", pgettext_lazy("stakeholder", "This live session is not open.")
    )


def check_open(session: LiveSession, prompt: Prompt) -> None:
    if not session.is_open:
        raise not_open()
    if prompt.session_id != session.pk:
        raise DomainError(
            "wrong_session",
            pgettext_lazy("stakeholder", "This question belongs to another session."),
        )
    if prompt.status != PromptStatus.OPEN:
        raise DomainError("prompt_closed", pgettext_lazy("stakeholder", "This question is closed."))
