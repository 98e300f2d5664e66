"""Small template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from learninglab.core.permissions import has_perm
from learninglab.core.text import one_full_stop

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict, **changes: Any) -> str:
    """Return the current query string with ``changes`` applied (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def get_item(mapping: dict | None, key: str) -> Any:
    return (mapping or {}).get(key)


@register.simple_tag(takes_context=True)
def can(context: dict, codename: str, obj: Any = None) -> bool:
    """``{% can "stakeholders.change" person as may_edit %}``: ask the permission layer."""
    return has_perm(context["request"].user, codename, obj)


@register.simple_block_tag
def scroll_region(content: str, *labelledby: Any) -> str:
    """Wrap a wide table so that it scrolls sideways, from the keyboard too.

    ``{% scroll_region "rows-caption" %}<table>…</table>{% endscroll_region %}``: the
    wrapper can be focused (and then scrolled with the arrow keys) and is a region named
    by the element whose id is the arguments joined (the table's caption or heading).
    """
    return format_html(
        '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="{}">{}</div>',
        "".join(str(part) for part in labelledby),
        content,
    )


@register.simple_block_tag
def sentence(content: str) -> str:
    """Write a translated sentence that may end with a value ending in a full stop.

    ``{% sentence %}{% blocktranslate ... %}Held on {{ date }}.{% endblocktranslate %}``
    ``{% endsentence %}``: "30. rujna 2026.." becomes "30. rujna 2026." (``one_full_stop``).
    """
    shortened = one_full_stop(content)
    # Taking out a full stop leaves escaped text escaped.
    return mark_safe(shortened) if isinstance(content, SafeString) else shortened  # noqa: S308
