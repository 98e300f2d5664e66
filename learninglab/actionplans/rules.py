"""Who may write, endorse and monitor action plans.

Partner staff write and monitor their own partner's plans, and the joint plans their
partner takes part in (``ActionPlan.joint_partners``) as if they were their own; the
coordinator follows and may act on all of them. A plan's texts and actions change only
while it is a draft or a revision is under way (the services refuse otherwise). Public
plans need no permission.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from learninglab.actionplans.models import ActionPlan
from learninglab.core.permissions import PARTNER, STAFF, Rule, register, role_of


@dataclass(frozen=True)
class PlanRule(Rule):
    """A rule on a plan, or on what belongs to one (``plan_path``: ``""`` for the plan
    itself, ``"plan"`` for an action, ``"action__plan"`` for an action's milestone).

    Partner staff may use it on the plans of their partner and on the joint plans their
    partner is one of the ``joint_partners`` of.
    """

    plan_path: str = ""

    def allows(self, user: Any, obj: Any = None) -> bool:
        role = role_of(user)
        if role is None:
            return False
        if role in self.everywhere:
            allowed = True
        elif role in self.own_partner and user.partner_id is not None:
            allowed = obj is None or self._takes_part(self._plan(obj), user.partner_id)
        else:
            allowed = False
        return allowed and (self.condition is None or self.condition(user, obj))

    def scope(self, user: Any, queryset: QuerySet) -> QuerySet:
        role = role_of(user)
        if role in self.everywhere:
            return queryset
        if role in self.own_partner and user.partner_id is not None:
            joint = ActionPlan.joint_partners.through.objects.filter(
                partner_id=user.partner_id
            ).values("actionplan_id")
            prefix = f"{self.plan_path}__" if self.plan_path else ""
            return queryset.filter(
                Q(**{f"{prefix}partner_id": user.partner_id}) | Q(**{f"{prefix}pk__in": joint})
            )
        return queryset.none()

    def _plan(self, obj: Any) -> Any:
        for step in self.plan_path.split("__") if self.plan_path else []:
            obj = getattr(obj, step)
        return obj

    @staticmethod
    def _takes_part(plan: Any, partner_id: int) -> bool:
        if plan.partner_id == partner_id:
            return True
        # A prefetched ``joint_partners`` is read as it is; else one small query.
        prefetched = getattr(plan, "_prefetched_objects_cache", {}).get("joint_partners")
        if prefetched is not None:
            return any(partner.pk == partner_id for partner in prefetched)
        return bool(plan.joint_partners.filter(pk=partner_id).exists())


_plan = PlanRule(everywhere=STAFF, own_partner=PARTNER)
_action = PlanRule(everywhere=STAFF, own_partner=PARTNER, plan_path="plan")

register("actionplans.view", _plan)
register("actionplans.edit", _plan)
register("actionplans.submit", _plan)
register("actionplans.endorse", _plan)
register("actionplans.monitor", _plan)
register("actionplans.action.view", _action)
register("actionplans.action.edit", _action)
register("actionplans.action.monitor", _action)
