"""Read good practices: one for its public page or its staff page, and lists of them.

The public sees published practices only; staff see what the permission layer gives
them (``practices.view``: their own partner's, all for the coordinator), plus every
published one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from learninglab.core.permissions import has_perm, scope
from learninglab.practices import similarity
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


def presentable(partner: Any, *, keep: Any = ()) -> QuerySet[GoodPractice]:
    """Return the practices a lab of ``partner`` may present: the published practices of
    its project, and its own that are still being written or reviewed (not declined);
    plus those whose ids are in ``keep`` (chosen before, whatever became of them since).

    For the choices of a lab's agenda; ordered by partner, then newest first.
    """
    project_published = Q(status=PracticeStatus.PUBLISHED, partner__project_id=partner.project_id)
    own = Q(partner_id=partner.pk) & ~Q(status=PracticeStatus.DECLINED)
    return (
        GoodPractice.objects.filter(project_published | own | Q(pk__in=keep))
        .select_related("partner")
        .order_by("partner__city", "-published_at", "-created_at")
    )


def transfer_partners(user: Any, practice: GoodPractice) -> list[Partner]:
    """Return the partners ``user`` may record as learning from ``practice``: their own
    partner for partner staff, any partner of the project for the coordinator; never the
    practice's own partner, and nobody while the practice is not published."""
    if not practice.is_published:
        return []
    partners = Partner.objects.filter(project_id=practice.partner.project_id).exclude(
        pk=practice.partner_id
    )
    return [
        partner
        for partner in partners.order_by("city")
        if has_perm(
            user, "practices.transfer", PracticeTransfer(practice=practice, partner=partner)
        )
    ]


def transfer_for(user: Any, pk: int) -> PracticeTransfer:
    """Return the transfer log entry ``pk`` if ``user`` may change it (their partner's,
    any for the coordinator); else raise ``Http404``."""
    entries = scope(user, "practices.transfer", PracticeTransfer.objects.all())
    return get_object_or_404(entries.select_related("practice", "partner"), pk=pk)


def partner_transfers(
    partner: Partner,
) -> tuple[QuerySet[PracticeTransfer], QuerySet[PracticeTransfer]]:
    """Return what ``partner`` learnt from the other partners' published practices, and
    what the others learnt from its own, each by practice and then date."""
    entries = PracticeTransfer.objects.filter(practice__status=PracticeStatus.PUBLISHED)
    entries = entries.select_related("practice__partner", "partner").order_by(
        "practice__partner__city", "practice_id", "on", "pk"
    )
    return entries.filter(partner=partner), entries.filter(practice__partner=partner)


def exported(practices: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    """Return ``practices`` with what the table export reads, by partner then oldest first."""
    return (
        practices.select_related("partner")
        .prefetch_related("topics")
        .order_by("partner__city", "created_at", "pk")
    )


def practice_to_export(user: Any, slug: str) -> GoodPractice:
    """Return the practice at ``slug`` for its Word or PDF form, if ``user`` may open it
    (``visible_to``: any published one, their own partner's in any status); else 404."""
    return get_object_or_404(_with_record(visible_to(user)), slug=slug)


# -- similar practices -----------------------------------------------------------------------

# Ranked practices are fetched this many at a time until enough may be shown: most
# often the first batch is enough (the readers may see all but a few drafts).
_BATCH = 50


def _first_shown(
    rankings: Sequence[similarity.Ranking], shown: QuerySet[GoodPractice], limit: int
) -> list[list[GoodPractice]]:
    """Return, for each ranking, the first ``limit`` practices of ``shown`` in its order.

    One query for all the rankings together, more only when a ranking's first
    practices are mostly ones ``shown`` leaves out.
    """
    found: dict[int, GoodPractice] = {}
    refused: set[int] = set()
    chosen: list[list[GoodPractice]] = [[] for _ in rankings]
    reached = [0] * len(rankings)
    while True:
        wanted: list[int] = []
        for number, ranking in enumerate(rankings):
            if len(chosen[number]) >= limit:
                continue
            for key, _score in ranking[reached[number] : reached[number] + _BATCH]:
                if key not in found and key not in refused:
                    wanted.append(key)
        if wanted:
            fetched = {p.pk: p for p in shown.filter(pk__in=set(wanted))}
            found.update(fetched)
            refused.update(set(wanted) - fetched.keys())
        progressed = False
        for number, ranking in enumerate(rankings):
            if len(chosen[number]) >= limit or reached[number] >= len(ranking):
                continue
            window = ranking[reached[number] : reached[number] + _BATCH]
            reached[number] += len(window)
            progressed = True
            for key, _score in window:
                if key in found and len(chosen[number]) < limit:
                    chosen[number].append(found[key])
        if not progressed:
            return chosen


def _listed(practices: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    return practices.select_related("partner")


def similar_practices(
    practice: GoodPractice, *, user: Any = None, limit: int = 3
) -> list[GoodPractice]:
    """Return the ``limit`` practices most alike to ``practice``, best first; never itself.

    Published ones for the public (``user`` None); with ``user``, also the drafts that
    user may manage. Ranked by the backend of ``PRACTICES_SIMILARITY``, never cut off by
    a score: the best are returned, however alike. Two queries once the index is built.
    """
    shown = published() if user is None else visible_to(user)
    ranking = similarity.ranked_like_practice(practice)
    return _first_shown([ranking], _listed(shown.exclude(pk=practice.pk)), limit)[0]


def practices_related_to_texts(texts: Sequence[str], *, limit: int = 3) -> list[list[GoodPractice]]:
    """Return, for each text (an idea of the live wall), the ``limit`` published practices
    most alike to it, best first. Two queries for all the texts once the index is built."""
    rankings = similarity.ranked_like_texts(texts)
    return _first_shown(rankings, _listed(published()), limit)


def practices_related_to_text(text: str, *, limit: int = 3) -> list[GoodPractice]:
    """Return the ``limit`` published practices most alike to ``text``, best first."""
    return practices_related_to_texts([text], limit=limit)[0]
