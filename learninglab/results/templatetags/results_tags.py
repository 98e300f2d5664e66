"""Show a lab's published results in other pages."""

from __future__ import annotations

from typing import Any

from django import template

from learninglab.results.selectors.results import LabResults, published_results

register = template.Library()


@register.simple_tag
def published_results_of(lab: Any) -> LabResults | None:
    """``{% published_results_of lab.previous as published %}``: None unless published."""
    return published_results(lab) if lab is not None else None
