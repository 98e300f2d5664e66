from django import template

from learninglab.stakeholders.normalize import format_phone

register = template.Library()


@register.filter
def phone(e164: str) -> str:
    """Show an E.164 number in international notation (+40 731 540 977)."""
    return format_phone(e164)
