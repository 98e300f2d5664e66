"""Show a lab's published results in other pages."""

from __future__ import annotations

from typing import Any

from django import template

from learninglab.results import selectors

register = template.Library()


@register.simple_tag
def published_results_of(lab: Any) -> selectors.LabResults | None:
    """``{% published_results_of lab.previous as published %}``: None unless published."""
    return selectors.published_results(lab) if lab is not None else None
