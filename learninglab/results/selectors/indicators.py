"""Read the feedback surveys as aggregates only, and the professional-capacity indicator.

Nothing here names a person: the answers carry no link to anyone, reports show counts,
means and distributions, and the free texts without names, in no meaningful order. And
until ``RESULTS_FEEDBACK_MIN_RESPONDENTS`` people answered a lab, its reports give only
their number: in a smaller group the staff who ran the lab could tell who answered what.

The indicator of increased professional capacity is the share of respondents who score
4 or 5 on "I learned something I can use in my work". The indicator of good practices
identified (and validated by the programme's experts) counts the partners' practices; see
``practices_identified``.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import translation

from learninglab.core.permissions import has_perm, scope
from learninglab.labs.models import Lab, Question, QuestionKind, QuestionPurpose, answer_text
from learninglab.practices.models import GoodPractice, PracticeStatus
from learninglab.projects.models import Partner, Project
from learninglab.results.models import FeedbackAnswer, FeedbackQuestionAnswer
from learninglab.results.selectors.results import attendees

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


def min_respondents() -> int:
    """Return how many people must have answered before a report shows what they answered."""
    return max(1, int(settings.RESULTS_FEEDBACK_MIN_RESPONDENTS))


@dataclasses.dataclass(frozen=True)
class FeedbackSummary:
    """What the survey of one lab (or several) says, in aggregate.

    With fewer than ``shown_from`` respondents only their number is given: no scores, no
    distributions, no texts (``is_shown`` is false).
    """

    respondents: int
    shown_from: int
    capable: int = 0
    usefulness: Scale | None = None
    learned_usable: Scale | None = None
    will_apply: list[str] = dataclasses.field(default_factory=list)
    comments: list[str] = dataclasses.field(default_factory=list)

    @property
    def is_shown(self) -> bool:
        return self.respondents >= self.shown_from

    @property
    def capacity_share(self) -> int | None:
        """Return the percentage of respondents scoring 4–5 on learning something usable."""
        return _share(self.capable, self.respondents) if self.is_shown else None


def feedback_summary(answers: QuerySet[FeedbackAnswer]) -> FeedbackSummary:
    """Return counts, means, distributions and the free texts of ``answers``.

    With fewer respondents than ``min_respondents()`` return only their number; nothing
    else of the answers is read. The free texts come in the order of the answers' random
    ids, which says nothing about who answered when.
    """
    minimum = min_respondents()
    totals = answers.aggregate(n=Count("pk"), capable=Count("pk", filter=CAPABLE))
    if totals["n"] < minimum:
        return FeedbackSummary(respondents=totals["n"], shown_from=minimum)
    texts = answers.order_by("pk")
    return FeedbackSummary(
        respondents=totals["n"],
        shown_from=minimum,
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
class QuestionSummary:
    """What the answers to one of the lab's own survey questions say, in aggregate: how many
    picked each choice (or yes, or no), the mean of numbers, the texts (and dates) written,
    in no meaningful order."""

    question: Question
    answered: int
    counts: list[tuple[str, int]] = dataclasses.field(default_factory=list)
    mean: float | None = None
    texts: list[str] = dataclasses.field(default_factory=list)


def _question_summary(question: Question, values: list[Any], language: str) -> QuestionSummary:
    if question.has_choices or question.kind == QuestionKind.YES_NO:
        options: list[Any] = [True, False] if question.kind == QuestionKind.YES_NO else []
        options += [choice.key for choice in question.options]
        counts = []
        for option in options:
            count = sum(option in v if isinstance(v, list) else v == option for v in values)
            archived = question.has_choices and option not in {c.key for c in question.offered}
            if count or not archived:
                counts.append((answer_text(question, option, language), count))
        return QuestionSummary(question=question, answered=len(values), counts=counts)
    if question.kind == QuestionKind.NUMBER:
        numbers = [float(v) for v in values]
        mean = round(sum(numbers) / len(numbers), 1) if numbers else None
        return QuestionSummary(question=question, answered=len(values), mean=mean)
    return QuestionSummary(question=question, answered=len(values), texts=[str(v) for v in values])


def questions_summary(lab: Lab) -> list[QuestionSummary]:
    """Return the answers to the lab's own survey questions (archived ones too), once at
    least ``min_respondents()`` people answered the survey; before that, nothing."""
    if FeedbackAnswer.objects.filter(lab=lab).count() < min_respondents():
        return []
    language = translation.get_language() or "en"
    questions = Question.objects.filter(lab=lab, purpose=QuestionPurpose.FEEDBACK)
    values: dict[int, list[Any]] = {}
    rows = FeedbackQuestionAnswer.objects.filter(answer__lab=lab).order_by("answer_id")
    for question_id, value in rows.values_list("question_id", "value"):
        values.setdefault(question_id, []).append(value)
    return [
        _question_summary(question, values.get(question.pk, []), language)
        for question in questions.order_by("position", "pk")
    ]


@dataclasses.dataclass(frozen=True)
class CapacityRow:
    """The professional-capacity indicator of one lab or one partner.

    Only the answers of labs with at least ``min_respondents()`` respondents are counted
    (``respondents``, ``capable``); those of smaller labs are only ``waiting``.
    """

    name: str
    respondents: int = 0
    capable: int = 0
    waiting: int = 0
    lab: Lab | None = None
    partner: Partner | None = None

    @property
    def share(self) -> int | None:
        return _share(self.capable, self.respondents)


def _answered_labs(user: Any, labs: QuerySet[Lab] | None = None) -> list[tuple[Lab, int, int]]:
    """Return the labs ``user`` may see (or ``labs``, when given) that have survey answers,
    with the number of respondents and of those who scored 4–5, by partner and date."""
    if labs is None:
        labs = scope(user, "results.feedback.view", Lab.objects.all())
    labs = (
        labs.select_related("partner")
        .annotate(
            respondents=Count("feedback_answers"),
            capable=Count("feedback_answers", filter=Q(feedback_answers__learned_usable__gte=4)),
        )
        .filter(respondents__gt=0)
    )
    return [
        (lab, lab.respondents, lab.capable)  # type: ignore[attr-defined]
        for lab in labs.order_by("partner__city", "starts_at")
    ]


def _counted(row: CapacityRow, respondents: int, capable: int, minimum: int) -> CapacityRow:
    """Return ``row`` with one lab's answers added: counted, or waiting below ``minimum``."""
    if respondents < minimum:
        return dataclasses.replace(row, waiting=row.waiting + respondents)
    return dataclasses.replace(
        row, respondents=row.respondents + respondents, capable=row.capable + capable
    )


def capacity_by_lab(user: Any, *, labs: QuerySet[Lab] | None = None) -> list[CapacityRow]:
    """Return the indicator of every lab ``user`` may see that has survey answers.

    ``labs``, when given, are the labs counted instead (the caller scoped them).
    """
    minimum = min_respondents()
    return [
        _counted(
            CapacityRow(name=str(lab.heading), lab=lab, partner=lab.partner),
            respondents,
            capable,
            minimum,
        )
        for lab, respondents, capable in _answered_labs(user, labs)
    ]


def capacity_by_partner(user: Any, *, labs: QuerySet[Lab] | None = None) -> list[CapacityRow]:
    """Return the indicator of every partner whose labs ``user`` may see, answers summed.

    ``labs``, when given, are the labs counted instead (the caller scoped them: the
    programme indicators count every partner's labs of a period for the project's total).

    A lab still below the minimum is left out of its partner's total too: the total less
    the labs shown would otherwise give its answers away.
    """
    minimum = min_respondents()
    rows: dict[int, CapacityRow] = {}
    for lab, respondents, capable in _answered_labs(user, labs):
        row = rows.get(lab.partner_id) or CapacityRow(name=str(lab.partner), partner=lab.partner)
        rows[lab.partner_id] = _counted(row, respondents, capable, minimum)
    return list(rows.values())


@dataclasses.dataclass(frozen=True)
class PracticesRow:
    """The indicator "good practices identified" of one partner, or of a whole project."""

    name: str
    identified: int = 0
    validated: int = 0
    partner: Partner | None = None


@dataclasses.dataclass(frozen=True)
class ProjectPractices:
    project: Project
    partners: list[PracticesRow]
    total: PracticesRow


# A practice counts once it is published and its partner marked it identified within the
# project; it counts as validated when the programme's experts validated it too.
# (``identified`` below says the same of a queryset of practices.)
_IDENTIFIED = Q(practices__status=PracticeStatus.PUBLISHED, practices__identified_in_project=True)
_VALIDATED = _IDENTIFIED & Q(practices__expert_validated_at__isnull=False)


def identified(practices: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    """Return those of ``practices`` the indicator counts as identified (published and
    marked identified within the project); ``expert_validated_at`` tells the validated."""
    return practices.filter(status=PracticeStatus.PUBLISHED, identified_in_project=True)


def practices_identified(
    user: Any, *, published: tuple[datetime.datetime, datetime.datetime] | None = None
) -> list[ProjectPractices]:
    """Return the programme indicator "good practices identified" per partner and in total,
    for every project, with how many of them the programme's experts validated.

    A practice is *identified* when it is published (approved by the coordinator, not
    taken off the catalogue since) and its partner marked it "identified within the
    project"; drafts, practices under review, returned or declined do not count. It is
    *validated* when, identified, it was also validated by the programme's experts.

    The partners listed are those whose practices ``user`` manages (their own; every
    partner, with zeros, for the coordinator), like the rest of the indicators page; the
    project's total counts every partner, its practices being public.

    ``published``, a first moment and the first moment after, counts only the practices
    published in between (a reporting period's).
    """
    within = Q()
    if published is not None:
        within = Q(
            practices__published_at__gte=published[0], practices__published_at__lt=published[1]
        )
    partners = Partner.objects.select_related("project").annotate(
        identified=Count("practices", filter=_IDENTIFIED & within, distinct=True),
        validated=Count("practices", filter=_VALIDATED & within, distinct=True),
    )
    projects: dict[int, list[PracticesRow]] = {}
    found: dict[int, Project] = {}
    for partner in partners.order_by("project__acronym", "project_id", "role", "city"):
        found[partner.project_id] = partner.project
        projects.setdefault(partner.project_id, []).append(
            PracticesRow(
                name=str(partner),
                identified=partner.identified,  # type: ignore[attr-defined]
                validated=partner.validated,  # type: ignore[attr-defined]
                partner=partner,
            )
        )

    def managed(row: PracticesRow) -> bool:
        return has_perm(user, "practices.view", GoodPractice(partner=row.partner))

    return [
        ProjectPractices(
            project=found[pk],
            partners=[row for row in rows if managed(row)],
            total=PracticesRow(
                name=found[pk].acronym,
                identified=sum(row.identified for row in rows),
                validated=sum(row.validated for row in rows),
            ),
        )
        for pk, rows in projects.items()
    ]
