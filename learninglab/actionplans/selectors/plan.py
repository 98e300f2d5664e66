"""Read action plans for the staff pages, scoped by the permission layer.

Partner staff see their partner's plans and the joint plans their partner takes part
in; the coordinator sees all. A plan someone may not see is a 404, as if it did not
exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from learninglab.actionplans.models import (
    Action,
    ActionPlan,
    ActionPlayer,
    FundingSource,
    Milestone,
    PlanVersion,
)
from learninglab.core.audit import audit_history_of
from learninglab.core.models import AuditEntry
from learninglab.core.permissions import scope
from learninglab.projects.models import Partner, PolicyInstrument


def plans_for(user: Any) -> QuerySet[ActionPlan]:
    """Return the plans ``user`` may see, by partner then instrument, each with its
    partner, instrument, joint partners and number of actions (``n_actions``)."""
    plans = scope(user, "actionplans.view", ActionPlan.objects.all())
    return (
        plans.select_related("partner__project", "instrument")
        .prefetch_related("joint_partners")
        .annotate(n_actions=Count("actions", distinct=True))
        .order_by("partner__city", "partner__pk", "instrument__name", "pk")
    )


def plan_for(user: Any, slug: str) -> ActionPlan:
    """Return the plan at ``slug`` with its actions (in order), if ``user`` may see it;
    else raise ``Http404``."""
    actions = Action.objects.order_by("position", "pk")
    plans = scope(user, "actionplans.view", ActionPlan.objects.all())
    return get_object_or_404(
        plans.select_related("partner__project", "instrument", "responsible").prefetch_related(
            "joint_partners", Prefetch("actions", queryset=actions)
        ),
        slug=slug,
    )


def plan_versions(plan: ActionPlan) -> QuerySet[PlanVersion]:
    """Return the versions of ``plan``, the first first, with who made each."""
    return plan.versions.select_related("created_by").order_by("number")


def plan_history(plan: ActionPlan) -> QuerySet[AuditEntry]:
    """Return the audit entries about the plan and about its actions as they are now
    (their milestones, funding and players included), newest first, with their actors."""
    parts: list[Any] = [plan, *plan.actions.all()]
    for model in (Milestone, FundingSource, ActionPlayer):
        parts += model.objects.filter(action__plan=plan).only("pk")
    return audit_history_of(parts)


def plan_version(plan: ActionPlan, number: int) -> PlanVersion:
    """Return version ``number`` of ``plan``, or raise ``Http404``."""
    return get_object_or_404(plan_versions(plan), number=number)


def instruments_without_plan(partner: Partner) -> QuerySet[PolicyInstrument]:
    """Return ``partner``'s policy instruments it has no plan for yet."""
    return partner.policy_instruments.exclude(action_plans__partner=partner).order_by("name")


def joint_partner_choices(plan_partner: Partner) -> QuerySet[Partner]:
    """Return the partners that may write a plan jointly with ``plan_partner``: the
    other partners of its project."""
    return (
        Partner.objects.filter(project_id=plan_partner.project_id)
        .exclude(pk=plan_partner.pk)
        .order_by("city")
    )
