"""Small template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template

from learninglab.core.permissions import has_perm

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
