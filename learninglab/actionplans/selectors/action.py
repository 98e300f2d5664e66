"""Read a plan's actions and what can be linked to them, for the staff's pages.

Every read on behalf of a user goes through ``core.permissions.scope``: another
partner's plan, action or lab is a 404, as if it did not exist.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from learninglab.accounts.models import User
from learninglab.actionplans.models import (
    Action,
    ActionIdea,
    ActionPlan,
    ActionPlayer,
    ActionPractice,
    FundingSource,
    Milestone,
    PlanStatus,
)
from learninglab.cocreation.models import Idea
from learninglab.cocreation.selectors.session import SessionResults, session_results
from learninglab.core.permissions import scope
from learninglab.core.roles import Role
from learninglab.labs.models import Lab
from learninglab.practices.models import GoodPractice
from learninglab.practices.search import PracticeFilters, practices_search
from learninglab.practices.selectors import published
from learninglab.stakeholders.models import Organisation
from learninglab.stakeholders.selectors import organisation_order

# How many practices the search on the links page offers at once.
PRACTICES_FOUND = 20


def plan_for(user: Any, slug: str, *, permission: str = "actionplans.view") -> ActionPlan:
    """Return the plan at ``slug`` if ``user`` may use ``permission`` on it; else 404."""
    plans = scope(user, permission, ActionPlan.objects.select_related("partner", "instrument"))
    return get_object_or_404(plans, slug=slug)


def plan_actions(plan: ActionPlan) -> QuerySet[Action]:
    """Return the plan's actions in their order."""
    return plan.actions.order_by("position", "pk")


def action_for(
    user: Any, slug: str, pk: int, *, permission: str = "actionplans.action.view"
) -> Action:
    """Return the action ``pk`` of the plan at ``slug``, with everything its page shows
    (players and their organisations, milestones, funding, the practices and ideas behind
    it), if ``user`` may use ``permission`` on it; else 404."""
    actions = scope(
        user,
        permission,
        Action.objects.filter(plan__slug=slug).select_related(
            "plan__partner", "plan__instrument", "responsible"
        ),
    )
    return get_object_or_404(
        actions.prefetch_related(
            Prefetch("players", queryset=ActionPlayer.objects.select_related("organisation")),
            "milestones",
            "funding",
            Prefetch(
                "practice_links",
                queryset=ActionPractice.objects.select_related("practice__partner").order_by("pk"),
            ),
            Prefetch(
                "idea_links",
                queryset=ActionIdea.objects.select_related("lab__partner").order_by(
                    "lab__starts_at", "-votes", "pk"
                ),
            ),
        ),
        pk=pk,
    )


def action_player(action: Action, pk: int) -> ActionPlayer:
    """Return the player ``pk`` of ``action``; else 404."""
    return get_object_or_404(ActionPlayer.objects.filter(action=action), pk=pk)


def action_milestone(action: Action, pk: int) -> Milestone:
    """Return the milestone ``pk`` of ``action``; else 404."""
    return get_object_or_404(Milestone.objects.filter(action=action), pk=pk)


def action_funding(action: Action, pk: int) -> FundingSource:
    """Return the funding source ``pk`` of ``action``; else 404."""
    return get_object_or_404(FundingSource.objects.filter(action=action), pk=pk)


def action_practice_link(action: Action, pk: int) -> ActionPractice:
    """Return the link ``pk`` of ``action`` to a good practice; else 404."""
    return get_object_or_404(ActionPractice.objects.filter(action=action), pk=pk)


def action_idea_link(action: Action, pk: int) -> ActionIdea:
    """Return the link ``pk`` of ``action`` to an idea; else 404."""
    return get_object_or_404(ActionIdea.objects.filter(action=action), pk=pk)


def _plan_partners(plan: ActionPlan) -> list[int]:
    return [plan.partner_id, *plan.joint_partners.values_list("pk", flat=True)]


def organisation_choices(plan: ActionPlan) -> QuerySet[Organisation]:
    """Return the organisations of the directories of the plan's partners, by name in the
    alphabet of the plan's partner."""
    organisations = Organisation.objects.filter(partner_id__in=_plan_partners(plan))
    return organisations.order_by(*organisation_order(plan.partner))


def responsible_choices(plan: ActionPlan) -> QuerySet[User]:
    """Return the active staff of the plan's partners, who may be responsible for an action."""
    return User.objects.filter(
        is_active=True, role=Role.PARTNER_STAFF, partner_id__in=_plan_partners(plan)
    ).order_by("full_name", "pk")


def practices_to_link(action: Action, query: str) -> list[GoodPractice]:
    """Return published good practices of any partner matching ``query`` (by their words,
    the title first), those already behind ``action`` left out; the newest without a query."""
    found = practices_search(PracticeFilters(query=query))
    linked = action.practice_links.values("practice_id")
    return list(found.exclude(pk__in=linked)[:PRACTICES_FOUND])


@dataclasses.dataclass(frozen=True)
class LabIdeas:
    """A lab of the plan's partners and its live wall's results."""

    lab: Lab
    results: SessionResults


def partner_ideas(plan: ActionPlan) -> list[LabIdeas]:
    """Return the live-wall results of the labs of the plan's partners that had a live
    session, the latest lab first; each question with its ideas by theme, most votes first."""
    labs = (
        Lab.objects.filter(partner_id__in=_plan_partners(plan), live_session__isnull=False)
        .select_related("partner")
        .order_by("-starts_at", "pk")
    )
    found = []
    for lab in labs:
        results = session_results(lab)
        if results is not None and any(prompt.ideas for prompt in results.prompts):
            found.append(LabIdeas(lab=lab, results=results))
    return found


def lab_for_actions(user: Any, slug: str) -> Lab:
    """Return the lab at ``slug`` if ``user`` may turn its ideas into actions; else 404."""
    labs = scope(user, "actionplans.edit", Lab.objects.select_related("partner__project"))
    try:
        return labs.get(slug=slug)
    except Lab.DoesNotExist:
        raise Http404(_("No such lab.")) from None


def lab_ideas(lab: Lab) -> SessionResults | None:
    """Return the results of ``lab``'s live wall: each question's ideas by theme, most
    votes first, with the duplicates merged into each; None without a live session."""
    return session_results(lab)


def editable_plans_for(user: Any, lab: Lab) -> QuerySet[ActionPlan]:
    """Return the plans ``user`` may write that the ideas of ``lab`` may go into: the
    plans of its partner (its own or joint), as drafts or revisions under way."""
    plans = ActionPlan.objects.filter(
        Q(partner_id=lab.partner_id) | Q(joint_partners=lab.partner_id),
        status__in=[PlanStatus.DRAFT, PlanStatus.REVISED],
    ).distinct()
    return scope(user, "actionplans.edit", plans.select_related("partner", "instrument"))


def published_practice(pk: Any) -> GoodPractice | None:
    """Return the published good practice ``pk`` (as posted), or None."""
    try:
        return published().select_related("partner").get(pk=int(pk))
    except (GoodPractice.DoesNotExist, TypeError, ValueError):
        return None


def linkable_ideas(pks: list[str]) -> list[Idea]:
    """Return the ideas of the posted ``pks`` (whose labs the services check)."""
    numbers = [int(pk) for pk in pks if str(pk).isdigit()]
    return list(Idea.objects.filter(pk__in=numbers).select_related("prompt__session__lab"))
