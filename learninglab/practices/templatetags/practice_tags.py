"""Show a practice's texts in the reader's language, saying when one is not in it.

``{{ practice.summary|reading }}`` gives the text in the active language, else in
English (the programme's working language, which every submitted practice has), else in
the partner's; the result knows its ``language`` and whether it ``is_fallback``, so that
``practices/includes/text.html`` can mark it with ``lang`` and a note.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from learninglab.core.languages import FALLBACK_LANGUAGE
from learninglab.core.multilingual import Multilingual, Text, language_name

register = template.Library()

# The note beside a text shown in another language, one phrase per language, so that
# each translation can write the language's name as its grammar wants ("în engleză").
WRITTEN_IN = {
    "en": pgettext_lazy("stakeholder", "in English"),
    "ro": pgettext_lazy("stakeholder", "in Romanian"),
    "it": pgettext_lazy("stakeholder", "in Italian"),
    "nl": pgettext_lazy("stakeholder", "in Dutch"),
    "fy": pgettext_lazy("stakeholder", "in Frisian"),
    "hr": pgettext_lazy("stakeholder", "in Croatian"),
    "lt": pgettext_lazy("stakeholder", "in Lithuanian"),
    "fi": pgettext_lazy("stakeholder", "in Finnish"),
}


@register.filter
def reading(value: Any) -> Text:
    """Return ``value`` in the active language, or its fallback marked as one."""
    language = translation.get_language() or FALLBACK_LANGUAGE
    return Multilingual.of(value).in_(language)


@register.filter
def written_in(language: str) -> str:
    """Return the note that a text is written in ``language``: "in English"."""
    if language in WRITTEN_IN:
        return str(WRITTEN_IN[language])
    return pgettext("stakeholder", "in %(language)s") % {"language": language_name(language)}
