"""The ideas and themes of a lab's live session, as its results show them, and the good
practices related to each idea (for the staff's page).

They are read through the co-creation app's ``session_results``; a lab without a live
session (or a site without the co-creation app) has an empty outcome.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.apps import apps
from django.utils import translation

from learninglab.labs.models import Lab
from learninglab.practices.models import GoodPractice
from learninglab.practices.selectors import practices_related_to_texts


@dataclasses.dataclass(frozen=True)
class RankedIdea:
    text: str
    votes: int
    theme: str = ""
    # Only for ranking ideas of several questions together: the earlier idea first.
    posted_at: datetime.datetime | None = dataclasses.field(default=None, compare=False)


@dataclasses.dataclass(frozen=True)
class ThemeIdeas:
    name: str
    votes: int
    ideas: list[RankedIdea]


@dataclasses.dataclass(frozen=True)
class QuestionOutcome:
    """One question of the session: its ideas most votes first, and its themes."""

    question: str
    ideas: list[RankedIdea]
    themes: list[ThemeIdeas]


@dataclasses.dataclass(frozen=True)
class SessionOutcome:
    questions: list[QuestionOutcome] = dataclasses.field(default_factory=list)
    participants: int = 0

    def __bool__(self) -> bool:
        return any(q.ideas for q in self.questions)

    @property
    def ideas(self) -> list[RankedIdea]:
        """Return the ideas of every question together, most votes first."""
        everything = [idea for q in self.questions for idea in q.ideas]
        return sorted(everything, key=_rank)


def _rank(idea: RankedIdea) -> tuple[int, datetime.datetime | None]:
    return (-idea.votes, idea.posted_at)


def _idea(idea: Any, theme: str) -> RankedIdea:
    return RankedIdea(text=idea.text, votes=idea.vote_count, theme=theme, posted_at=idea.created_at)


def session_outcome(lab: Lab) -> SessionOutcome:
    """Return the ranked ideas and the themes of ``lab``'s live session, in the active language.

    Themes are those the facilitator named, most votes first; ideas in no theme are
    ranked with the others but form no theme of their own here.
    """
    if not apps.is_installed("learninglab.cocreation"):
        return SessionOutcome()
    from learninglab.cocreation.selectors.session import session_results

    results = session_results(lab)
    if results is None:
        return SessionOutcome()
    language = translation.get_language() or "en"
    questions = []
    for prompt in results.prompts:
        themes, ideas = [], []
        for group in prompt.themes:
            name = group.theme.name if group.theme is not None else ""
            ranked = [_idea(idea, name) for idea in group.ideas]
            ideas.extend(ranked)
            if group.theme is not None and ranked:
                themes.append(ThemeIdeas(name=name, votes=group.votes, ideas=ranked))
        question = prompt.prompt.text.in_(language, fallback=lab.partner.main_language)
        questions.append(
            QuestionOutcome(question=question, ideas=sorted(ideas, key=_rank), themes=themes)
        )
    return SessionOutcome(questions=questions, participants=results.participants)


def practices_related_to_ideas(
    outcome: SessionOutcome, *, limit: int = 3
) -> dict[str, list[GoodPractice]]:
    """Return, by the text of each idea of ``outcome``, the ``limit`` published good
    practices most related to it, ranked together in one batch."""
    texts = list(
        dict.fromkeys(idea.text for question in outcome.questions for idea in question.ideas)
    )
    related = practices_related_to_texts(texts, limit=limit)
    return dict(zip(texts, related, strict=True))
