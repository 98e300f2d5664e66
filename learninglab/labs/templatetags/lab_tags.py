"""Show lab texts in the active language, with the lab partner's language as fallback."""

from typing import Any

from django import template
from django.utils import translation

from learninglab.core.translated import pick

register = template.Library()


def _language() -> str:
    return translation.get_language() or "en"


@register.filter
def lab_text(lab: Any, field: str) -> str:
    """``{{ lab|lab_text:"theme" }}``: the lab's theme, description or results."""
    return pick(getattr(lab, field), _language(), lab.partner.main_language)


@register.filter
def item_title(item: Any) -> str:
    return pick(item.title, _language(), item.lab.partner.main_language)


@register.filter
def contact_function(contact: Any) -> str:
    return pick(contact.function, _language(), contact.lab.partner.main_language)
