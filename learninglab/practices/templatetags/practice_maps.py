"""The map of good practices, for any page that lists them::

    {% load practice_maps %}
    {% practice_map practices %}                  {# the map, then its text list #}
    {% practice_map practices collapsed=True %}   {# the text list folded away #}

``practices`` are the practices to show (a queryset or a list); only published ones are
drawn, whatever is passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.db.models import QuerySet
from django.utils import translation

from learninglab.practices import maps
from learninglab.practices.models import GoodPractice

register = template.Library()


@register.inclusion_tag("practices/includes/map.html")
def practice_map(practices: Iterable[GoodPractice], collapsed: bool = False) -> dict[str, Any]:
    """Draw ``practices`` on the map, with the same practices by country and city."""
    if isinstance(practices, QuerySet):
        practices = practices.select_related("partner")
    shown = [practice for practice in practices if practice.is_published]
    language = translation.get_language() or "en"
    return {
        "practice_map": maps.draw(shown, language=language),
        "countries": maps.by_place(shown, language=language),
        "collapsed": collapsed,
    }
