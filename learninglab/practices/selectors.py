"""Read good practices: one for its public page or its staff page, and lists of them.

The public sees published practices only; staff see what the permission layer gives
them (``practices.view``: their own partner's, all for the coordinator), plus every
published one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from learninglab.core.permissions import scope
from learninglab.practices.models import (
    GoodPractice,
    PracticeDocument,
    PracticeImage,
    PracticeStatus,
    PracticeTransfer,
)
from learninglab.projects.models import Partner
from learninglab.stakeholders.models import ConsentPurpose, Stakeholder
from learninglab.stakeholders.selectors import latest_consent


def _with_record(practices: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    return practices.select_related("partner__project", "contact__organisation").prefetch_related(
        "topics", "images", "documents"
    )


def published() -> QuerySet[GoodPractice]:
    """Return the practices of the public catalogue."""
    return GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)


def on_map(*, partner: str = "", country: str = "", topic: str = "") -> QuerySet[GoodPractice]:
    """Return the published practices for the map, with their partner (for the titles'
    fallback language); only one partner's (its short name), one country's (its ISO code)
    or one topic's when given, as the catalogue filters them."""
    practices = published().select_related("partner")
    if partner:
        practices = practices.filter(partner__slug=partner)
    if country:
        practices = practices.filter(country=country.upper())
    if topic:
        practices = practices.filter(topics__topic=topic)
    return practices.order_by("country", "city", "pk")


def visible_to(user: Any) -> QuerySet[GoodPractice]:
    """Return the practices ``user`` may open: published ones, and their own drafts."""
    own = scope(user, "practices.view", GoodPractice.objects.all()).values("pk")
    return GoodPractice.objects.filter(Q(status=PracticeStatus.PUBLISHED) | Q(pk__in=own))


def public_practice(slug: str) -> GoodPractice:
    """Return the published practice at ``slug``, or raise ``Http404``."""
    return get_object_or_404(
        _with_record(published()).prefetch_related("transfers__partner"), slug=slug
    )


def practice_for(user: Any, slug: str) -> GoodPractice:
    """Return the practice at ``slug`` for its staff page, if ``user`` may manage it (their
    partner's, any for the coordinator); else raise ``Http404``."""
    practices = scope(user, "practices.view", GoodPractice.objects.all())
    return get_object_or_404(
        _with_record(practices).prefetch_related("events__by", "transfers__partner"),
        slug=slug,
    )


def practice_image(practice: GoodPractice, pk: int) -> PracticeImage:
    """Return the image ``pk`` of ``practice``, or raise ``Http404``."""
    return get_object_or_404(PracticeImage.objects.filter(practice=practice), pk=pk)


def practice_document(practice: GoodPractice, pk: int) -> PracticeDocument:
    """Return the document ``pk`` of ``practice``, or raise ``Http404``."""
    return get_object_or_404(PracticeDocument.objects.filter(practice=practice), pk=pk)


def transfers_of(practice: GoodPractice) -> list[PracticeTransfer]:
    """Return the transfer log of ``practice``, oldest first, with each learning partner."""
    return list(practice.transfers.all())


def contact_choices(partner: Partner) -> QuerySet[Stakeholder]:
    """Return the people of ``partner``'s directory who may be a practice's contact person:
    everyone not erased, by name, with their organisation."""
    return Stakeholder.objects.filter(partner=partner, erased_at__isnull=True).select_related(
        "organisation"
    )


def public_contact(practice: GoodPractice) -> Stakeholder | None:
    """Return the practice's contact person if the public may see their name: only when
    their newest answer to "public listing" is yes; else ``None``."""
    if practice.contact_id is None:
        return None
    listed = Stakeholder.objects.filter(pk=practice.contact_id, erased_at__isnull=True).annotate(
        listed=latest_consent(ConsentPurpose.PUBLIC_LISTING)
    )
    return listed.filter(listed=True).select_related("organisation").first()
