"""Page contexts of the live wall: the projector, the participant's phone, the facilitator.

The projector shows the open question in the reader's language and the ranked wall
(``projector_context``). The facilitator's page shows the session, its questions, and
the chosen question's moderation queue, themes and ranked ideas, each idea with the
published good practices related to it (``facilitator_context``).

A phone's page is drawn whole once (``page_context``). After that the phone gets only
what changed: the ideas that came onto the wall since the version it has seen
(``delta_context``), one idea after a vote (``vote_context``), or a status line saying
how many new ideas wait (``status_context``). When the question changes, or an idea left
the wall, the whole wall is drawn again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from learninglab.cocreation.forms import IdeaForm, PromptForm, SessionForm, ThemeForm
from learninglab.cocreation.models import Idea, LiveSession, Participant, Prompt, PromptStatus
from learninglab.cocreation.selectors.participant import (
    own_pending_ideas,
    wall_changes,
    wall_delta,
    wall_idea,
    wall_list,
)
from learninglab.cocreation.selectors.session import (
    hidden_ideas,
    moderation_queue,
    open_prompt,
    prompt_result,
    session_prompts,
    votes_used,
    wall_ideas,
)
from learninglab.core import languages
from learninglab.labs.forms.staff import lab_languages
from learninglab.labs.models import Lab
from learninglab.practices.selectors import practices_related_to_texts


def prompt_text(prompt: Prompt | None, session: LiveSession) -> str:
    """Return the question in the active language, else in English, else the partner's.

    English comes first here: a participant who chose another language on their phone is
    a visitor who does not read the room's language.
    """
    if prompt is None:
        return ""
    language = translation.get_language() or "en"
    return prompt.text.in_(language)


def projector_context(session: LiveSession) -> dict[str, Any]:
    """Return the open question and its ideas on the wall, most votes first."""
    prompt = open_prompt(session)
    return {
        "session": session,
        "prompt": prompt,
        "prompt_text": prompt_text(prompt, session),
        "ideas": list(wall_ideas(prompt)) if prompt else [],
        "participant_count": session.participants.count(),
    }


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
        used = votes_used(participant, prompt)
        context["votes_left"] = max(0, session.vote_budget - used)
        context["pending"] = list(own_pending_ideas(participant, prompt))
    return context


def page_context(
    session: LiveSession,
    participant: Participant,
    *,
    form: IdeaForm | None = None,
    notice: str = "",
) -> dict[str, Any]:
    """Return the whole page: the question, the idea form, every idea, the votes left."""
    prompt = open_prompt(session)
    context = _base(session, participant, prompt)
    context["notice"] = notice
    if prompt is not None:
        wall = wall_list(prompt, participant)
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
    prompt = open_prompt(session)
    if prompt is None:
        return {**page_context(session, participant, form=form), "whole": True}
    since = int(seen) if seen.isdigit() else 0
    delta = wall_delta(prompt, participant, since)
    if delta.removed:
        return {**page_context(session, participant, form=form), "whole": True}
    context = _base(session, participant, prompt)
    context.update(
        ideas=delta.ideas, seen=delta.seen, form=form or IdeaForm(initial={"prompt": prompt.pk})
    )
    return context


def vote_context(session: LiveSession, participant: Participant, idea: Idea) -> dict[str, Any]:
    """Return the idea voted for (None once it left the wall) and the votes left."""
    context = _base(session, participant, open_prompt(session))
    context.update(idea=wall_idea(idea, participant), idea_pk=idea.pk)
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
    new, removed = wall_changes(open_id, since) if open_id else (0, False)
    if removed:
        return {**page_context(session, participant), "whole": True}
    return {"session": session, "new_count": new}


def prompt_languages(lab: Lab) -> list[str]:
    """Return the languages a question is written in: the partner's, then English."""
    return lab_languages(lab.partner)


def _chosen(prompts: list[Prompt], chosen: str) -> Prompt | None:
    """Return the question asked for, else the open one, else the last asked, else the first."""
    by_id = {str(prompt.pk): prompt for prompt in prompts}
    if chosen in by_id:
        return by_id[chosen]
    for status in (PromptStatus.OPEN, PromptStatus.CLOSED):
        matching = [prompt for prompt in prompts if prompt.status == status]
        if matching:
            return matching[-1]
    return prompts[0] if prompts else None


def facilitator_context(session: LiveSession, *, chosen: str = "") -> dict[str, Any]:
    lab = session.lab
    prompts = list(session_prompts(session))
    for prompt in prompts:
        prompt.display_text = prompt_text(prompt, session)  # type: ignore[attr-defined]
    current = _chosen(prompts, chosen)
    context: dict[str, Any] = {
        "lab": lab,
        "session": session,
        "join_url": settings.SITE_URL + session.get_join_url(),
        "session_form": SessionForm(initial=SessionForm.initial_from(session)),
        "prompt_form": PromptForm(languages=prompt_languages(lab)),
        "prompts": prompts,
        "current": current,
    }
    if current is not None:
        result = prompt_result(current)
        themes = [group.theme for group in result.themes if group.theme is not None]
        shown = sorted(
            (idea for group in result.themes for idea in group.ideas), key=lambda i: i.pk
        )
        related = practices_related_to_texts([idea.text for idea in shown])
        context.update(
            result=result,
            themes=themes,
            shown=shown,
            related={idea.pk: practices for idea, practices in zip(shown, related, strict=True)},
            queue=list(moderation_queue(current)),
            hidden=list(hidden_ideas(current)),
            theme_form=ThemeForm(),
        )
    return context
