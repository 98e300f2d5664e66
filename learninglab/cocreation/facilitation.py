"""What the facilitator's page shows: the session, its questions, and the chosen question's
moderation queue, themes and ranked ideas."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from learninglab.cocreation import selectors
from learninglab.cocreation.forms import PromptForm, SessionForm, ThemeForm
from learninglab.cocreation.models import LiveSession, Prompt, PromptStatus
from learninglab.cocreation.wall import prompt_text
from learninglab.labs.forms_staff import lab_languages
from learninglab.labs.models import Lab


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
    prompts = list(selectors.session_prompts(session))
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
        result = selectors.prompt_result(current)
        themes = [group.theme for group in result.themes if group.theme is not None]
        context.update(
            result=result,
            themes=themes,
            shown=sorted(
                (idea for group in result.themes for idea in group.ideas), key=lambda i: i.pk
            ),
            queue=list(selectors.moderation_queue(current)),
            hidden=list(selectors.hidden_ideas(current)),
            theme_form=ThemeForm(),
        )
    return context
