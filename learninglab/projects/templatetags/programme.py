"""The programme's identity on the pages for stakeholders: the project's and the
programme's logos, and the EU emblem with its funding statement."""

from __future__ import annotations

import base64
import functools
from typing import Any

from django import template

from learninglab.projects.emblem import emblem_svg
from learninglab.projects.models import Project
from learninglab.projects.selectors import programme_identity

register = template.Library()


@functools.cache
def _emblem_data_url() -> str:
    # Inline, so the emblem needs no request of its own; the site's policy allows data:.
    encoded = base64.b64encode(emblem_svg().encode()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


@register.inclusion_tag("projects/includes/identity.html")
def programme_identity_header(project: Project, language: str) -> dict[str, Any]:
    """Show the logos and the EU emblem with the statement in ``language``."""
    return {
        "identity": programme_identity(project, language=language),
        "emblem_url": _emblem_data_url(),
    }
