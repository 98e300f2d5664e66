"""Read live sessions, their prompts, ideas and the ranked results.

``ranked_ideas``, ``themes_with_ideas`` and ``session_results`` are what other apps (a
lab's results, the action plan) read; their shapes are part of this app's interface.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from learninglab.cocreation.models import (
    Idea,
    IdeaStatus,
    LiveSession,
    Participant,
    Prompt,
    PromptStatus,
    Theme,
    Vote,
)
from learninglab.core.permissions import scope
from learninglab.labs.models import Lab
from learninglab.labs.selectors import lab_get

# -- results -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ThemeResult:
    """A theme's ideas, best first. ``theme`` is None for the ideas in no theme."""

    theme: Theme | None
    ideas: list[Idea]
    votes: int

    @property
    def name(self) -> str:
        return self.theme.name if self.theme is not None else str(_("Not grouped"))


@dataclasses.dataclass(frozen=True)
class PromptResult:
    prompt: Prompt
    themes: list[ThemeResult]
    ideas: int
    votes: int


@dataclasses.dataclass(frozen=True)
class SessionResults:
    session: LiveSession
    prompts: list[PromptResult]
    participants: int


def ranked_ideas(prompt: Prompt) -> QuerySet[Idea]:
    """Return the prompt's ideas on the wall, most votes first, then the earliest.

    Each idea carries ``vote_count``, its ``theme``, its ``participant`` and the
    ``duplicates`` merged into it (their votes are already counted in the idea's).
    """
    return (
        Idea.objects.shown()
        .filter(prompt=prompt)
        .annotate(vote_count=Count("votes"))
        .select_related("theme", "participant")
        .prefetch_related(
            Prefetch("duplicates", queryset=Idea.objects.order_by("created_at", "pk"))
        )
        .order_by("-vote_count", "created_at", "pk")
    )


def lab_ideas_shown(lab: Lab) -> QuerySet[Idea]:
    """Return the ideas on the walls of the lab's questions, question by question, most
    votes first; each with ``vote_count``, its ``prompt`` and its ``theme``."""
    return (
        Idea.objects.shown()
        .filter(prompt__session__lab=lab)
        .annotate(vote_count=Count("votes"))
        .select_related("prompt", "theme")
        .order_by("prompt__position", "prompt_id", "-vote_count", "created_at", "pk")
    )


def themes_with_ideas(prompt: Prompt) -> list[ThemeResult]:
    """Return the prompt's themes, most votes first, each with its ranked ideas.

    Themes the facilitator made but left empty are included (with no votes); the ideas in
    no theme come last, as a group whose ``theme`` is None, when there are any.
    """
    ideas = list(ranked_ideas(prompt))
    by_theme: dict[int | None, list[Idea]] = {}
    for idea in ideas:
        by_theme.setdefault(idea.theme_id, []).append(idea)
    groups = [
        ThemeResult(theme=theme, ideas=by_theme.get(theme.pk, []), votes=_votes(by_theme, theme.pk))
        for theme in prompt.themes.all()
    ]
    groups.sort(key=lambda group: -group.votes)  # stable: equal themes keep their order
    if None in by_theme:
        groups.append(ThemeResult(theme=None, ideas=by_theme[None], votes=_votes(by_theme, None)))
    return groups


def _votes(by_theme: dict[int | None, list[Idea]], key: int | None) -> int:
    return sum(idea.vote_count for idea in by_theme.get(key, []))  # type: ignore[attr-defined]


def prompt_result(prompt: Prompt) -> PromptResult:
    """Return the prompt's ranked themes and its counts of ideas and votes."""
    themes = themes_with_ideas(prompt)
    return PromptResult(
        prompt=prompt,
        themes=themes,
        ideas=sum(len(group.ideas) for group in themes),
        votes=sum(group.votes for group in themes),
    )


def session_results(lab: Lab) -> SessionResults | None:
    """Return the results of every prompt asked in the lab's live session, in order.

    None when the lab has no live session. Prompts never opened are left out.
    """
    session = LiveSession.objects.filter(lab=lab).first()
    if session is None:
        return None
    prompts = session.prompts.exclude(status=PromptStatus.DRAFT).order_by("position", "pk")
    return SessionResults(
        session=session,
        prompts=[prompt_result(prompt) for prompt in prompts],
        participants=session.participants.count(),
    )


# -- the staff pages -----------------------------------------------------------------------


def live_lab_get(user: Any, slug: str) -> Lab:
    """Return the lab if ``user`` may run its live session; else 404 (existence hidden)."""
    return lab_get(user, slug, permission="cocreation.run")


def live_session_of(lab: Lab) -> LiveSession | None:
    return LiveSession.objects.filter(lab=lab).first()


def live_session_get(user: Any, slug: str) -> LiveSession:
    """Return the lab's live session if ``user`` may run it; else 404 (existence hidden)."""
    lab = live_lab_get(user, slug)
    session = live_session_of(lab)
    if session is None:
        raise Http404(_("This lab has no live session yet."))
    session.lab = lab
    return session


def wall_version(user: Any, slug: str) -> tuple[int, int]:
    """Return the lab's session id and version in one query, if ``user`` may run it.

    What the projector asks every second: no other table is read.
    """
    labs = scope(user, "cocreation.run", Lab.objects.filter(slug=slug))
    found = labs.filter(live_session__isnull=False).values_list(
        "live_session__pk", "live_session__version"
    )
    row = found.first()
    if row is None:
        raise Http404(_("No such live session."))
    return row


def live_session_for_wall(session_pk: int) -> LiveSession:
    """Return the session with its lab and partner, for drawing the projector's wall."""
    return LiveSession.objects.select_related("lab__partner").get(pk=session_pk)


def session_idea(session: LiveSession, pk: int) -> Idea:
    """Return the session's idea ``pk``, with its prompt; 404 if it is another session's."""
    return get_object_or_404(
        Idea.objects.filter(prompt__session=session).select_related("prompt"), pk=pk
    )


def session_theme(session: LiveSession, pk: int) -> Theme:
    """Return the session's theme ``pk``; 404 if it is another session's."""
    return get_object_or_404(Theme.objects.filter(prompt__session=session), pk=pk)


def shown_ideas(prompt: Prompt) -> QuerySet[Idea]:
    """Return the prompt's ideas on the wall (approved, not merged away)."""
    return Idea.objects.shown().filter(prompt=prompt)


def session_prompts(session: LiveSession) -> QuerySet[Prompt]:
    """Return the session's prompts in order, with their counts of ideas shown and waiting."""
    return session.prompts.annotate(
        shown_count=Count(
            "ideas", filter=Q(ideas__status=IdeaStatus.VISIBLE, ideas__merged_into__isnull=True)
        ),
        pending_count=Count("ideas", filter=Q(ideas__status=IdeaStatus.PENDING)),
    ).order_by("position", "pk")


def moderation_queue(prompt: Prompt) -> QuerySet[Idea]:
    """Return the prompt's ideas waiting for approval, oldest first."""
    return prompt.ideas.filter(status=IdeaStatus.PENDING).select_related("participant")


def hidden_ideas(prompt: Prompt) -> QuerySet[Idea]:
    return prompt.ideas.filter(status=IdeaStatus.HIDDEN).order_by("created_at", "pk")


def open_prompt(session: LiveSession) -> Prompt | None:
    return session.prompts.filter(status=PromptStatus.OPEN).first()


def wall_ideas(prompt: Prompt) -> QuerySet[Any]:
    """Return the ideas on the wall as the projector shows them, most votes first.

    Plain rows (``pk``, ``text``, ``vote_count``, ``theme_name``, ``author``): the
    projector asks again every time the wall changes, and the wall may hold hundreds.
    """
    return (
        Idea.objects.shown()
        .filter(prompt=prompt)
        .annotate(vote_count=Count("votes"))
        .order_by("-vote_count", "created_at", "pk")
        .values(
            "pk",
            "text",
            "vote_count",
            theme_name=F("theme__name"),
            author=F("participant__display_name"),
        )
    )


def votes_used(participant: Participant, prompt: Prompt) -> int:
    """Return how many votes the participant gave to the prompt's ideas."""
    return Vote.objects.filter(participant=participant, idea__prompt=prompt).count()
