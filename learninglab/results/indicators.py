"""Read the feedback surveys as aggregates only, and the professional-capacity indicator.

Nothing here names a person: the answers carry no link to anyone, reports show counts,
means and distributions, and the free texts without names, in no meaningful order.

The indicator of increased professional capacity is the share of respondents who score
4 or 5 on "I learned something I can use in my work".
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from learninglab.core.permissions import scope
from learninglab.labs.models import Lab
from learninglab.projects.models import Partner
from learninglab.results.models import FeedbackAnswer
from learninglab.results.selectors import attendees

SCORES = (1, 2, 3, 4, 5)
CAPABLE = Q(learned_usable__gte=4)


def _share(part: int, whole: int) -> int | None:
    """Return ``part`` of ``whole`` in whole percent, or None when there is no whole."""
    return round(100 * part / whole) if whole else None


@dataclasses.dataclass(frozen=True)
class ScoreCount:
    score: int
    count: int
    percent: int


@dataclasses.dataclass(frozen=True)
class Scale:
    """How the answers to one 1–5 question spread: every score listed, and their mean."""

    mean: float | None
    distribution: list[ScoreCount]


def _scale(answers: QuerySet[FeedbackAnswer], field: str, total: int) -> Scale:
    counts = dict(answers.order_by().values_list(field).annotate(n=Count("pk")))
    mean = answers.aggregate(mean=Avg(field))["mean"]
    return Scale(
        mean=round(mean, 1) if mean is not None else None,
        distribution=[
            ScoreCount(
                score=s, count=counts.get(s, 0), percent=_share(counts.get(s, 0), total) or 0
            )
            for s in SCORES
        ],
    )


@dataclasses.dataclass(frozen=True)
class FeedbackSummary:
    """What the survey of one lab (or several) says, in aggregate."""

    respondents: int
    capable: int
    usefulness: Scale
    learned_usable: Scale
    will_apply: list[str]
    comments: list[str]

    @property
    def capacity_share(self) -> int | None:
        """Return the percentage of respondents scoring 4–5 on learning something usable."""
        return _share(self.capable, self.respondents)


def feedback_summary(answers: QuerySet[FeedbackAnswer]) -> FeedbackSummary:
    """Return counts, means, distributions and the free texts of ``answers``.

    The free texts come in the order of the answers' random ids, which says nothing about
    who answered when.
    """
    totals = answers.aggregate(n=Count("pk"), capable=Count("pk", filter=CAPABLE))
    texts = answers.order_by("pk")
    return FeedbackSummary(
        respondents=totals["n"],
        capable=totals["capable"],
        usefulness=_scale(answers, "usefulness", totals["n"]),
        learned_usable=_scale(answers, "learned_usable", totals["n"]),
        will_apply=list(texts.exclude(will_apply="").values_list("will_apply", flat=True)),
        comments=list(texts.exclude(comment="").values_list("comment", flat=True)),
    )


@dataclasses.dataclass(frozen=True)
class LabFeedback:
    lab: Lab
    attendees: int
    summary: FeedbackSummary

    @property
    def response_rate(self) -> int | None:
        return _share(self.summary.respondents, self.attendees)


def lab_feedback(lab: Lab) -> LabFeedback:
    """Return the feedback of one lab, with its number of attendees for the response rate."""
    return LabFeedback(
        lab=lab,
        attendees=attendees(lab).count(),
        summary=feedback_summary(FeedbackAnswer.objects.filter(lab=lab)),
    )


@dataclasses.dataclass(frozen=True)
class CapacityRow:
    """The professional-capacity indicator of one lab or one partner."""

    name: str
    respondents: int
    capable: int
    lab: Lab | None = None
    partner: Partner | None = None

    @property
    def share(self) -> int | None:
        return _share(self.capable, self.respondents)


def capacity_by_lab(user: Any) -> list[CapacityRow]:
    """Return the indicator of every lab ``user`` may see that has survey answers."""
    labs = scope(user, "results.feedback.view", Lab.objects.select_related("partner"))
    labs = labs.annotate(
        respondents=Count("feedback_answers"),
        capable=Count("feedback_answers", filter=Q(feedback_answers__learned_usable__gte=4)),
    ).filter(respondents__gt=0)
    return [
        CapacityRow(
            name=str(lab.heading),
            respondents=lab.respondents,  # type: ignore[attr-defined]
            capable=lab.capable,  # type: ignore[attr-defined]
            lab=lab,
            partner=lab.partner,
        )
        for lab in labs.order_by("partner__city", "starts_at")
    ]


def capacity_by_partner(user: Any) -> list[CapacityRow]:
    """Return the indicator of every partner whose labs ``user`` may see, answers summed."""
    labs = scope(user, "results.feedback.view", Lab.objects.all())
    answers = FeedbackAnswer.objects.filter(lab__in=labs)
    rows = (
        answers.order_by()
        .values("lab__partner")
        .annotate(respondents=Count("pk"), capable=Count("pk", filter=CAPABLE))
    )
    totals = {row["lab__partner"]: row for row in rows}
    partners = Partner.objects.filter(pk__in=totals).order_by("city")
    return [
        CapacityRow(
            name=str(partner),
            respondents=totals[partner.pk]["respondents"],
            capable=totals[partner.pk]["capable"],
            partner=partner,
        )
        for partner in partners
    ]
