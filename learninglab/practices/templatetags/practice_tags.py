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

from learninglab.core.languages import FALLBACK_LANGUAGE
from learninglab.core.multilingual import Multilingual, Text

register = template.Library()


@register.filter
def reading(value: Any) -> Text:
    """Return ``value`` in the active language, or its fallback marked as one."""
    language = translation.get_language() or FALLBACK_LANGUAGE
    return Multilingual.of(value).in_(language, fallback=FALLBACK_LANGUAGE)
