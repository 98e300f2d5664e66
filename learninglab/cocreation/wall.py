"""What the projector shows, gathered for its template; the question in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from learninglab.cocreation import selectors
from learninglab.cocreation.models import LiveSession, Prompt


def prompt_text(prompt: Prompt | None, session: LiveSession) -> str:
    """Return the question in the active language, else in English, else the partner's."""
    if prompt is None:
        return ""
    language = translation.get_language() or "en"
    return prompt.text_in(language, "en", session.lab.partner.main_language)


def projector_context(session: LiveSession) -> dict[str, Any]:
    """Return the open question and its ideas on the wall, most votes first."""
    prompt = selectors.open_prompt(session)
    return {
        "session": session,
        "prompt": prompt,
        "prompt_text": prompt_text(prompt, session),
        "ideas": list(selectors.wall_ideas(prompt)) if prompt else [],
        "participant_count": session.participants.count(),
    }
