"""Show a lab's published results, and where its feedback survey stands, in other pages."""

from __future__ import annotations

from typing import Any

from django import template

from learninglab.results.selectors.feedback import Survey, survey_of
from learninglab.results.selectors.results import LabResults, published_results

register = template.Library()


@register.simple_tag
def published_results_of(lab: Any) -> LabResults | None:
    """``{% published_results_of lab.previous as published %}``: None unless published."""
    return published_results(lab) if lab is not None else None


@register.simple_tag
def survey_of_lab(lab: Any) -> Survey:
    """``{% survey_of_lab lab as survey %}``: the lab's feedback survey as it stands now."""
    return survey_of(lab)
