"""What the `learninglab` commands share about projects: finding a partner by its name."""

from __future__ import annotations

from django.core.management.base import CommandError

from learninglab.projects.models import Partner
from learninglab.projects.selectors import partner_by_slug


def partner_or_stop(slug: str) -> Partner:
    """Return the partner called ``slug``; else stop the command with a message that lists
    the partners there are."""
    try:
        return partner_by_slug(slug)
    except Partner.DoesNotExist:
        slugs = ", ".join(Partner.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(
            f"No partner {slug!r}. Valid partners: {slugs or '(none yet)'}."
        ) from None
