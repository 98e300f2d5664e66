"""Read what a participant's phone shows: their session, the ideas, their own votes.

A phone loads the wall's ideas once, then only the changes: the ideas whose
``wall_version`` is above the version it has seen (``wall_delta``). Rows are plain
dictionaries (``pk``, ``text``, ``my_votes``), newest on the wall first: a phone's list
may hold hundreds of ideas.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from learninglab.cocreation.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Idea,
    IdeaStatus,
    LiveSession,
    Participant,
    Prompt,
    PromptStatus,
)


def normalise_code(code: str) -> str:
    """Return a typed join code in its stored form: capitals, no spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch not in " -")


def session_by_code(code: str) -> LiveSession:
    """Return the live session with the join code ``code`` (as typed), or raise 404."""
    code = normalise_code(code)
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        raise Http404(_("No such live session."))
    session = LiveSession.objects.select_related("lab__partner").filter(join_code=code).first()
    if session is None:
        raise Http404(_("No such live session."))
    return session


def session_code_exists(code: str) -> bool:
    """Return whether a live session has this (normalised) join code."""
    return LiveSession.objects.filter(join_code=code).exists()


def participant_by_token(session: LiveSession, token: str | None) -> Participant | None:
    if not token:
        return None
    return Participant.objects.filter(session=session, token=token).first()


def polling_participant(code: str, token: str | None) -> Participant | None:
    """Return the browser's participant in the session of ``code``, in one query.

    With their ``session`` and, as ``open_prompt_id``, the id of its open question: what a
    phone's status line, asked for every few seconds, needs to know.
    """
    if not token:
        return None
    open_prompt = Prompt.objects.filter(session=OuterRef("session"), status=PromptStatus.OPEN)
    return (
        Participant.objects.select_related("session")
        .annotate(open_prompt_id=Subquery(open_prompt.values("pk")[:1]))
        .filter(session__join_code=normalise_code(code), token=token)
        .first()
    )


def own_pending_ideas(participant: Participant, prompt: Prompt) -> QuerySet[Idea]:
    """Return the person's ideas still waiting for the facilitator's approval."""
    return prompt.ideas.filter(participant=participant, status=IdeaStatus.PENDING)


@dataclasses.dataclass(frozen=True)
class WallIdeas:
    """Ideas for a phone: ``ideas`` on the wall, newest first, and the version seen.

    In a change since some version, ``removed`` says that an idea left the wall (hidden or
    merged): the phone then needs the whole list again.
    """

    ideas: list[dict[str, Any]]
    seen: int
    removed: bool = False


def _rows(ideas: QuerySet[Idea], participant: Participant) -> list[dict[str, Any]]:
    rows: Any = (
        ideas.annotate(my_votes=Count("votes", filter=Q(votes__participant=participant)))
        .order_by("-wall_version", "-pk")
        .values("pk", "text", "status", "merged_into", "wall_version", "my_votes")
    )
    return list(rows)


def _shown(row: dict[str, Any]) -> bool:
    return row["status"] == IdeaStatus.VISIBLE and row["merged_into"] is None


def wall_list(prompt: Prompt, participant: Participant) -> WallIdeas:
    """Return every idea of the prompt on the wall, and the version they show."""
    # One query for the ideas and the version, so that none can fall between the two.
    rows = _rows(prompt.ideas.all(), participant)
    seen = max((row["wall_version"] for row in rows), default=0)
    return WallIdeas(ideas=[row for row in rows if _shown(row)], seen=seen)


def wall_delta(prompt: Prompt, participant: Participant, since: int) -> WallIdeas:
    """Return the ideas that came onto the wall after version ``since``."""
    rows = _rows(prompt.ideas.filter(wall_version__gt=since), participant)
    return WallIdeas(
        ideas=[row for row in rows if _shown(row)],
        seen=max((row["wall_version"] for row in rows), default=since),
        removed=any(
            row["status"] == IdeaStatus.HIDDEN or row["merged_into"] is not None for row in rows
        ),
    )


def wall_changes(prompt_id: int, since: int) -> tuple[int, bool]:
    """Return how many ideas came onto the wall after version ``since``, and if any left it."""
    counts = Idea.objects.filter(prompt_id=prompt_id, wall_version__gt=since).aggregate(
        new=Count("pk", filter=Q(status=IdeaStatus.VISIBLE, merged_into__isnull=True)),
        removed=Count("pk", filter=Q(status=IdeaStatus.HIDDEN) | Q(merged_into__isnull=False)),
    )
    return counts["new"], counts["removed"] > 0


def wall_idea(idea: Idea, participant: Participant) -> dict[str, Any] | None:
    """Return the idea as a phone's row, or None when it is not on the wall."""
    rows = _rows(Idea.objects.filter(pk=idea.pk), participant)
    return rows[0] if rows and _shown(rows[0]) else None
