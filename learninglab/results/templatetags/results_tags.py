"""Show a lab's results in other pages, in the active language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from learninglab.results import selectors

register = template.Library()


def _language() -> str:
    return translation.get_language() or "en"


@register.simple_tag
def published_results_of(lab: Any) -> selectors.LabResults | None:
    """``{% published_results_of lab.previous as published %}``: None unless published."""
    return selectors.published_results(lab) if lab is not None else None


@register.filter
def summary_text(results: selectors.LabResults) -> str:
    return results.summary_in(_language())


@register.filter
def decisions_text(results: selectors.LabResults) -> str:
    return results.decisions_in(_language())
