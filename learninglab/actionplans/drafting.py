"""Draft an action's background from what is linked to it, for staff to edit.

The programme asks each action for its background: the lesson learnt in the cooperation
and what inspired the action. Much of it is already in the links: the good practices
behind the action (their partner city, what they are and why they can be transferred)
and the live-wall ideas of the partner's stakeholders (their text, lab and votes). The
draft says that in the plan's languages: in its own, with each practice's text in that
language where the practice has it (else in English), and in English.

Nothing here writes: ``background_draft`` returns the texts; the edit page shows them
and staff decide what to keep.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import Action, ActionIdea, ActionPractice
from learninglab.core.languages import FALLBACK_LANGUAGE
from learninglab.core.multilingual import Multilingual
from learninglab.core.text import quoted
from learninglab.labs.models import Lab

# A practice's summary and transfer potential are cut to this many characters each, so
# that several practices and ideas fit in the background's limit.
EXCERPT = 300


def excerpt(text: str, characters: int = EXCERPT) -> str:
    """Return ``text`` on one paragraph, cut at a word before ``characters`` with "…"."""
    text = " ".join(text.split())
    if len(text) <= characters:
        return text
    cut = text[: characters - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


def _in(texts: Multilingual, language: str) -> str:
    """Return the text in ``language``, else in English, else in any language it has."""
    return texts.get(language) or texts.in_(FALLBACK_LANGUAGE)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _practices_part(links: Iterable[ActionPractice], language: str) -> list[str]:
    lines = []
    for link in links:
        practice = link.practice
        title = _in(practice.title, language)
        line = _("“%(title)s”, a good practice of %(city)s") % {
            "title": title,
            "city": practice.partner.city,
        }
        line = f"- {line}"
        if summary := _in(practice.summary, language):
            line += f": {_sentence(excerpt(summary))}"
        else:
            line += "."
        if potential := _in(practice.transfer_potential, language):
            line += " " + _("What others can learn from it: %(text)s") % {
                "text": _sentence(excerpt(potential))
            }
        if link.note:
            line += " " + _("What this action takes from it: %(text)s") % {
                "text": _sentence(" ".join(link.note.split()))
            }
        lines.append(line)
    if not lines:
        return []
    return [_("The lessons learnt from the good practices of the partners:"), *lines]


def _ideas_part(links: Iterable[ActionIdea]) -> list[str]:
    by_lab: dict[Lab | None, list[ActionIdea]] = {}
    for link in links:
        by_lab.setdefault(link.lab, []).append(link)
    if not by_lab:
        return []
    lines = [_("The ideas of the stakeholders on the live wall:")]
    for lab, ideas in by_lab.items():
        if lab is not None:
            theme = lab.theme.in_(translation.get_language() or FALLBACK_LANGUAGE)
            lines.append(
                _("At %(lab)s, “%(theme)s”:") % {"lab": lab.heading, "theme": theme}
                if theme
                else _("At %(lab)s:") % {"lab": lab.heading}
            )
        for idea in sorted(ideas, key=lambda link: -link.votes):
            votes = ngettext("%(count)s vote", "%(count)s votes", idea.votes) % {
                "count": idea.votes
            }
            lines.append(f"- {quoted(' '.join(idea.text.split()))} ({votes})")
    return lines


def _cut(text: str, characters: int) -> str:
    if len(text) <= characters:
        return text
    return text[: characters - 1].rsplit("\n", 1)[0].rstrip() + "\n…"


def background_text(
    practices: Iterable[ActionPractice], ideas: Iterable[ActionIdea], language: str
) -> str:
    """Return the background drafted in ``language`` from the linked ``practices`` and
    ``ideas``; "" when there is nothing linked. It keeps to the background's limit."""
    practices, ideas = list(practices), list(ideas)
    with translation.override(language):
        parts = [_practices_part(practices, language), _ideas_part(ideas)]
    text = "\n\n".join("\n".join(part) for part in parts if part)
    return _cut(text, limit("background"))


def background_draft(action: Action) -> Multilingual:
    """Return a background for ``action`` drafted from its links, in its plan's languages.

    Empty when nothing is linked. Reads the links with their practices, partners and labs.
    """
    practices = list(
        ActionPractice.objects.filter(action=action)
        .select_related("practice__partner")
        .order_by("pk")
    )
    ideas = list(
        ActionIdea.objects.filter(action=action)
        .select_related("lab__partner")
        .order_by("lab__starts_at", "pk")
    )
    texts = {
        language: background_text(practices, ideas, language) for language in action.plan.languages
    }
    return Multilingual({code: text for code, text in texts.items() if text})
