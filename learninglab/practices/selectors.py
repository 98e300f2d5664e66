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

from learninglab.core.permissions import scope
from learninglab.practices import similarity
from learninglab.practices.models import GoodPractice, PracticeStatus


def _with_record(practices: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    return practices.select_related("partner__project", "contact__organisation").prefetch_related(
        "topics", "images", "documents"
    )


def published() -> QuerySet[GoodPractice]:
    """Return the practices of the public catalogue."""
    return GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)


def visible_to(user: Any) -> QuerySet[GoodPractice]:
    """Return the practices ``user`` may open: published ones, and their own drafts."""
    own = scope(user, "practices.view", GoodPractice.objects.all()).values("pk")
    return GoodPractice.objects.filter(Q(status=PracticeStatus.PUBLISHED) | Q(pk__in=own))


def public_practice(slug: str) -> GoodPractice:
    """Return the published practice at ``slug``, or raise ``Http404``."""
    return get_object_or_404(_with_record(published()), slug=slug)


def practice_for(user: Any, slug: str) -> GoodPractice:
    """Return the practice at ``slug`` for its staff page, if ``user`` may manage it (their
    partner's, any for the coordinator); else raise ``Http404``."""
    practices = scope(user, "practices.view", GoodPractice.objects.all())
    return get_object_or_404(
        _with_record(practices).prefetch_related("events__by", "transfers__partner"),
        slug=slug,
    )


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
