"""Show a text written in several languages in a given language.

``{{ lab.theme }}`` already shows the text in the active language; this filter is for a
page or e-mail that shows it in another one, or says when a text is a fallback::

    {% load multilingual %}
    {% with theme=lab.theme|in_language:person.language %}
      {{ theme }}{% if theme.is_fallback %} ({{ theme.language }}){% endif %}
    {% endwith %}

``lang_of`` marks a fallback with its language, as WCAG asks of a passage in another
language than the page's: ``<p{{ theme|lang_of }}>{{ theme }}</p>`` gives
``<p lang="en">…</p>`` on an Italian page that shows the English theme.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

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


@register.filter
def lang_of(text: Any) -> str:
    """Return `` lang="en"`` for a ``Text`` that is a fallback, else ``""``."""
    if isinstance(text, Text) and text.is_fallback and text.language:
        return format_html(' lang="{}"', text.language)
    return ""
