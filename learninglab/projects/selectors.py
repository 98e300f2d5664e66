"""Read projects and partners."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from learninglab.core.permissions import has_perm
from learninglab.projects.models import Partner


def partners_for(user: Any) -> QuerySet[Partner]:
    """Return the partners whose stakeholder groups ``user`` may work with."""
    partners = Partner.objects.select_related("project")
    if has_perm(user, "stakeholders.view_all_partners"):
        return partners
    partner_id = getattr(user, "partner_id", None)
    return partners.filter(pk=partner_id) if partner_id is not None else partners.none()


def partner_alone(partner: Partner) -> QuerySet[Partner]:
    """Return a queryset of ``partner`` only, for a form whose one choice is that partner."""
    return Partner.objects.filter(pk=partner.pk)


def partner_by_slug(slug: str) -> Partner:
    """Return the partner with this slug or raise ``Partner.DoesNotExist``."""
    return Partner.objects.select_related("project").get(slug=slug)
