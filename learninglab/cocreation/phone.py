"""What a participant's phone shows, gathered for its templates.

The page is drawn whole once (``page_context``). After that the phone gets only what
changed: the ideas that came onto the wall since the version it has seen
(``delta_context``), one idea after a vote (``vote_context``), or a status line saying how
many new ideas wait (``status_context``). When the question changes, or an idea left the
wall, the whole wall is drawn again.
"""

from __future__ import annotations

from typing import Any

from learninglab.cocreation import selectors
from learninglab.cocreation import selectors_participants as phones
from learninglab.cocreation.forms import IdeaForm
from learninglab.cocreation.models import Idea, LiveSession, Participant, Prompt
from learninglab.cocreation.wall import prompt_text
from learninglab.core import languages


def prompt_key(prompt: Prompt | None) -> str:
    """Return how the page names the question it shows ("" for none)."""
    return str(prompt.pk) if prompt is not None else ""


def _base(session: LiveSession, participant: Participant, prompt: Prompt | None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "session": session,
        "lab": session.lab,
        "participant": participant,
        "prompt": prompt,
        "prompt_text": prompt_text(prompt, session),
        "languages": list(languages.written()),
    }
    if prompt is not None:
        used = selectors.votes_used(participant, prompt)
        context["votes_left"] = max(0, session.vote_budget - used)
        context["pending"] = list(phones.own_pending_ideas(participant, prompt))
    return context


def page_context(
    session: LiveSession,
    participant: Participant,
    *,
    form: IdeaForm | None = None,
    notice: str = "",
) -> dict[str, Any]:
    """Return the whole page: the question, the idea form, every idea, the votes left."""
    prompt = selectors.open_prompt(session)
    context = _base(session, participant, prompt)
    context["notice"] = notice
    if prompt is not None:
        wall = phones.wall_list(prompt, participant)
        context.update(
            ideas=wall.ideas,
            seen=wall.seen,
            form=form or IdeaForm(initial={"prompt": prompt.pk}),
        )
    return context


def delta_context(
    session: LiveSession, participant: Participant, *, seen: str, form: IdeaForm | None = None
) -> dict[str, Any]:
    """Return the ideas that came onto the wall after the version ``seen``.

    The whole wall instead (``whole``), when the question changed or an idea left it.
    """
    prompt = selectors.open_prompt(session)
    if prompt is None:
        return {**page_context(session, participant, form=form), "whole": True}
    since = int(seen) if seen.isdigit() else 0
    delta = phones.wall_delta(prompt, participant, since)
    if delta.removed:
        return {**page_context(session, participant, form=form), "whole": True}
    context = _base(session, participant, prompt)
    context.update(
        ideas=delta.ideas, seen=delta.seen, form=form or IdeaForm(initial={"prompt": prompt.pk})
    )
    return context


def vote_context(session: LiveSession, participant: Participant, idea: Idea) -> dict[str, Any]:
    """Return the idea voted for (None once it left the wall) and the votes left."""
    context = _base(session, participant, selectors.open_prompt(session))
    context.update(idea=phones.wall_idea(idea, participant), idea_pk=idea.pk)
    return context


def status_context(participant: Participant, *, shown_prompt: str, seen: str) -> dict[str, Any]:
    """Return how many new ideas wait for the page; or, when needed, the page itself.

    ``participant`` comes from ``polling_participant``. ``shown_prompt`` is the question
    the page shows and ``seen`` the version of its list.
    """
    session, open_id = participant.session, participant.open_prompt_id  # type: ignore[attr-defined]
    if shown_prompt != (str(open_id) if open_id else ""):
        return {**page_context(session, participant), "whole": True, "new_prompt": True}
    since = int(seen) if seen.isdigit() else 0
    new, removed = phones.wall_changes(open_id, since) if open_id else (0, False)
    if removed:
        return {**page_context(session, participant), "whole": True}
    return {"session": session, "new_count": new}
