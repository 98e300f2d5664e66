"""Read how a plan's implementation goes: per action and rolled up for the plan.

Every figure is computed from the actions, their milestones, funding sources and
progress entries, never typed. A plan's progress is the mean of its actions' progress,
or, where any action has a ``weight``, the mean weighted by it (an action without a
weight then counts 1). Funds are planned by funding source and mobilised by progress
entries; the EU's Structural Funds (``STRUCTURAL_FUNDS``) are also totalled apart.

The staff selectors take the user and return only what they may see (a 404 otherwise);
the public ones return only plans whose progress is public, and nothing private.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from learninglab.actionplans.models import (
    STRUCTURAL_FUNDS,
    Action,
    ActionPlan,
    ActionStatus,
    EvidenceFile,
    FundingKind,
    FundingSource,
    FundsMobilised,
    Milestone,
    ProgressEntry,
)
from learninglab.core.permissions import scope

# How many milestones to come the roll-up lists.
NEXT_MILESTONES = 5


def progress_of(actions: Iterable[Action]) -> int | None:
    """Return the plan's progress in whole percent from its actions, or None without any.

    The mean of their progress; where any action has a weight, the weighted mean, an
    action without a weight counting 1.
    """
    actions = list(actions)
    if not actions:
        return None
    weighted = any(a.weight for a in actions)
    weights = [Decimal(a.weight or 1) if weighted else Decimal(1) for a in actions]
    total = sum((w * a.progress for w, a in zip(weights, actions, strict=True)), Decimal(0))
    mean = total / sum(weights, Decimal(0))
    return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclasses.dataclass(frozen=True)
class FundsRow:
    """Money planned and mobilised from one kind of source."""

    kind: str
    label: str
    planned: Decimal
    mobilised: Decimal

    @property
    def share(self) -> int | None:
        """Return the mobilised share of what was planned, in whole percent."""
        if not self.planned:
            return None
        return int((self.mobilised * 100 / self.planned).quantize(Decimal(1), ROUND_HALF_UP))


@dataclasses.dataclass(frozen=True)
class Funds:
    """Funds planned and mobilised by kind of source, with the Structural Funds apart."""

    rows: list[FundsRow]
    structural: FundsRow
    other: FundsRow
    total: FundsRow


def _funds(actions: Iterable[Action]) -> Funds:
    planned: dict[str, Decimal] = defaultdict(Decimal)
    mobilised: dict[str, Decimal] = defaultdict(Decimal)
    for action in actions:
        for source in action.funding.all():
            planned[source.kind] += source.amount_eur
            for funds in source.mobilised.all():
                mobilised[source.kind] += funds.amount_eur
    rows = [
        FundsRow(kind, str(label), planned[kind], mobilised[kind])
        for kind, label in FundingKind.choices
        if kind in planned
    ]

    def total(kinds: Sequence[str], kind: str) -> FundsRow:
        return FundsRow(
            kind,
            "",
            sum((planned[k] for k in kinds), Decimal(0)),
            sum((mobilised[k] for k in kinds), Decimal(0)),
        )

    others = [k for k in FundingKind.values if k not in STRUCTURAL_FUNDS]
    return Funds(
        rows=rows,
        structural=total(list(STRUCTURAL_FUNDS), "structural"),
        other=total(others, "other"),
        total=total(FundingKind.values, "total"),
    )


@dataclasses.dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclasses.dataclass(frozen=True)
class DueMilestone:
    milestone: Milestone
    action: Action


@dataclasses.dataclass(frozen=True)
class ActionMonitoring:
    """One action's monitoring: status, progress, milestones, entries (newest first), funds."""

    action: Action
    milestones: list[Milestone]
    entries: list[ProgressEntry]
    funds: Funds
    overdue: list[Milestone]

    @property
    def last_updated(self) -> datetime.datetime | None:
        return max((e.created_at for e in self.entries), default=None)

    @property
    def reached(self) -> int:
        """Return how many of its milestones are reached."""
        return sum(1 for m in self.milestones if m.done_on is not None)


@dataclasses.dataclass(frozen=True)
class PlanRollup:
    """A plan's implementation at a glance, and each action's."""

    plan: ActionPlan
    progress: int | None
    weighted: bool
    statuses: list[StatusCount]
    funds: Funds
    next_milestones: list[DueMilestone]
    overdue_milestones: list[DueMilestone]
    last_updated: datetime.datetime | None
    actions: list[ActionMonitoring]


def _milestones_prefetch() -> Prefetch:
    # Explicit orders: the models' default orders go through the action and its plan.
    return Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk"))


def _entries_prefetch(*, private: bool) -> Prefetch:
    entries = ProgressEntry.objects.order_by("-on", "-created_at", "-pk")
    if private:
        entries = entries.select_related("created_by").prefetch_related(
            Prefetch("evidence", queryset=EvidenceFile.objects.order_by("pk")),
            Prefetch(
                "funds", queryset=FundsMobilised.objects.select_related("source").order_by("pk")
            ),
        )
    return Prefetch("entries", queryset=entries)


def _actions(plan: ActionPlan, *, private: bool) -> QuerySet[Action]:
    prefetch: list[Any] = [_milestones_prefetch(), _entries_prefetch(private=private)]
    if private:
        prefetch.append(
            Prefetch(
                "funding",
                queryset=FundingSource.objects.order_by("pk").prefetch_related(
                    Prefetch("mobilised", queryset=FundsMobilised.objects.order_by("pk"))
                ),
            )
        )
    return (
        Action.objects.filter(plan=plan)
        .select_related("plan")
        .prefetch_related(*prefetch)
        .order_by("position", "pk")
    )


def _action_monitoring(action: Action, today: datetime.date, *, private: bool) -> ActionMonitoring:
    milestones = list(action.milestones.all())
    return ActionMonitoring(
        action=action,
        milestones=milestones,
        entries=list(action.entries.all()),
        funds=_funds([action]) if private else _funds([]),
        overdue=[m for m in milestones if m.done_on is None and m.due_on < today],
    )


def _rollup(plan: ActionPlan, actions: list[Action], *, private: bool) -> PlanRollup:
    today = timezone.localdate()
    monitored = [_action_monitoring(a, today, private=private) for a in actions]
    open_milestones = [
        DueMilestone(m, item.action)
        for item in monitored
        for m in item.milestones
        if m.done_on is None
    ]
    open_milestones.sort(key=lambda due: (due.milestone.due_on, due.milestone.pk))
    counts = {status: 0 for status in ActionStatus.values}
    for action in actions:
        counts[action.status] += 1
    return PlanRollup(
        plan=plan,
        progress=progress_of(actions),
        weighted=any(a.weight for a in actions),
        statuses=[
            StatusCount(status, str(label), counts[status])
            for status, label in ActionStatus.choices
        ],
        funds=_funds(actions) if private else _funds([]),
        next_milestones=[d for d in open_milestones if d.milestone.due_on >= today][
            :NEXT_MILESTONES
        ],
        overdue_milestones=[d for d in open_milestones if d.milestone.due_on < today],
        last_updated=max(
            (item.last_updated for item in monitored if item.last_updated), default=None
        ),
        actions=monitored,
    )


# -- staff ------------------------------------------------------------------------------


def plan_for_monitoring(
    user: Any, slug: str, *, permission: str = "actionplans.monitor"
) -> ActionPlan:
    """Return the plan ``slug`` if ``user`` may monitor it, else 404."""
    plans = scope(user, permission, ActionPlan.objects.select_related("partner", "instrument"))
    try:
        return plans.get(slug=slug)
    except ActionPlan.DoesNotExist:
        raise Http404 from None


def action_for_monitoring(user: Any, slug: str, pk: int) -> Action:
    """Return action ``pk`` of plan ``slug`` if ``user`` may monitor it, else 404."""
    actions = scope(
        user,
        "actionplans.action.monitor",
        Action.objects.select_related("plan__partner", "plan__instrument").prefetch_related(
            Prefetch("funding", queryset=FundingSource.objects.order_by("pk")),
            _milestones_prefetch(),
        ),
    )
    try:
        return actions.get(plan__slug=slug, pk=pk)
    except Action.DoesNotExist:
        raise Http404 from None


def milestone_for_monitoring(action: Action, pk: int) -> Milestone:
    """Return milestone ``pk`` of ``action`` (already fetched for the user), else 404."""
    try:
        return Milestone.objects.get(action=action, pk=pk)
    except Milestone.DoesNotExist:
        raise Http404 from None


def evidence_for_download(user: Any, slug: str, pk: int) -> EvidenceFile:
    """Return evidence file ``pk`` of plan ``slug`` if ``user`` may see the plan, else 404."""
    plans = scope(user, "actionplans.view", ActionPlan.objects.all())
    try:
        return EvidenceFile.objects.get(
            pk=pk, entry__action__plan__slug=slug, entry__action__plan__in=plans
        )
    except EvidenceFile.DoesNotExist:
        raise Http404 from None


def plan_monitoring(plan: ActionPlan) -> PlanRollup:
    """Return the plan's roll-up and every action's monitoring, for staff.

    For the plan's staff page: ``{% include "actionplans/_plan_monitoring.html" with
    rollup=... %}``. A constant number of queries, whatever the number of actions.
    """
    return _rollup(plan, list(_actions(plan, private=True)), private=True)


def action_monitoring(action: Action) -> ActionMonitoring:
    """Return one action's status, progress, milestones, entries and funds, for staff.

    For the action's staff page: ``{% include "actionplans/_action_monitoring.html" with
    monitoring=... %}``.
    """
    fetched = _actions(action.plan, private=True).get(pk=action.pk)
    return _action_monitoring(fetched, timezone.localdate(), private=True)


# -- public -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PublicPlanRow:
    plan: ActionPlan
    progress: int | None
    actions: int
    last_updated: datetime.datetime | None


def public_plans() -> list[PublicPlanRow]:
    """Return the plans whose progress is public, each with its progress (no private data)."""
    plans = (
        ActionPlan.objects.filter(is_public=True)
        .select_related("partner__project", "instrument")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("position", "pk")))
        .annotate(last_entry=Max("actions__entries__created_at"))
        .order_by("partner__city", "instrument__name")
    )
    return [
        PublicPlanRow(
            plan=plan,
            progress=progress_of(plan.actions.all()),
            actions=len(plan.actions.all()),
            last_updated=plan.last_entry,  # type: ignore[attr-defined]
        )
        for plan in plans
    ]


def public_plan(slug: str) -> ActionPlan:
    """Return the public plan ``slug``, else 404."""
    try:
        return ActionPlan.objects.select_related("partner__project", "instrument").get(
            slug=slug, is_public=True
        )
    except ActionPlan.DoesNotExist:
        raise Http404 from None


def public_rollup(plan: ActionPlan) -> PlanRollup:
    """Return the roll-up of a public plan without anything private: no funds, no
    evidence, no names of staff (the entries' texts are left out too)."""
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("plan")
        .prefetch_related(
            _milestones_prefetch(),
            Prefetch(
                "entries",
                queryset=ProgressEntry.objects.only("pk", "action_id", "on", "created_at").order_by(
                    "-on", "-created_at", "-pk"
                ),
            ),
        )
        .order_by("position", "pk")
    )
    return _rollup(plan, actions, private=False)
