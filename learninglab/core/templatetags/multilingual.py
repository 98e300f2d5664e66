"""Show a text written in several languages in a given language.

``{{ lab.theme }}`` already shows the text in the active language; this filter is for a
page or e-mail that shows it in another one, or says when a text is a fallback::

    {% load multilingual %}
    {% with theme=lab.theme|in_language:person.language %}
      {{ theme }}{% if theme.is_fallback %} ({{ theme.language }}){% endif %}
    {% endwith %}
"""

from __future__ import annotations

from typing import Any

from django import template

from learninglab.core.multilingual import Multilingual, Text, language_name

register = template.Library()


@register.filter
def in_language(value: Any, language: str) -> Text:
    """Return ``value`` in ``language``, with the fallbacks of ``Multilingual.in_``."""
    return Multilingual.of(value).in_(language)


@register.filter(name="language_name")
def language_name_filter(code: str) -> str:
    """Return the name of the language ``code`` in the active language ("Romanian")."""
    return language_name(code)
