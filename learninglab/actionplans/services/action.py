"""Write a plan's actions and link each to the ideas and good practices behind it."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.models import Action, ActionIdea, ActionPlan, ActionPractice
from learninglab.actionplans.services.plan import texts_check
from learninglab.cocreation.models import Idea
from learninglab.core.audit import Actor, audit_changes, audit_record, snapshot
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import Multilingual
from learninglab.practices.models import GoodPractice

TEXTS = {"title": "action_title", "background": "background", "description": "description"}


@dataclasses.dataclass
class ActionData:
    """What a form or a script says about an action (its plan part, not its progress)."""

    title: Mapping[str, str]
    background: Mapping[str, str] = dataclasses.field(default_factory=dict)
    description: Mapping[str, str] = dataclasses.field(default_factory=dict)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    costs_eur: Decimal | None = None
    is_pilot: bool = False
    weight: int | None = None
    responsible: Any = None


FIELDS = [f.name for f in dataclasses.fields(ActionData)]


def plan_editable_or_refuse(plan: ActionPlan) -> None:
    """Refuse (``plan_locked``) to change a plan that is submitted or endorsed."""
    if not plan.is_editable:
        raise DomainError(
            "plan_locked",
            _("This plan is %(status)s: open a revision to change it.")
            % {"status": plan.get_status_display().lower()},
        )


def _check(data: ActionData) -> None:
    if not Multilingual.of(data.title):
        raise DomainError("title_required", _("Give the action a title."), field="title")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise DomainError(
            "ends_before_start", _("The action cannot end before it starts."), field="ends_on"
        )
    texts_check(Action, TEXTS, data)


def _apply(action: Action, data: ActionData) -> None:
    for name in FIELDS:
        value = getattr(data, name)
        setattr(action, name, Multilingual.of(value) if name in TEXTS else value)


@transaction.atomic
def action_create(
    *, actor: Actor, plan: ActionPlan, data: ActionData, via: str = Via.WEB
) -> Action:
    """Add an action at the end of ``plan``'s actions."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    plan_editable_or_refuse(plan)
    _check(data)
    last = plan.actions.aggregate(last=Max("position"))["last"]
    action = Action(plan=plan, position=0 if last is None else last + 1)
    _apply(action, data)
    action.save()
    audit_record(
        actor=actor,
        action="actionplans.action.created",
        obj=action,
        after=snapshot(action, FIELDS),
        via=via,
    )
    return action


@transaction.atomic
def action_update(*, actor: Actor, action: Action, data: ActionData, via: str = Via.WEB) -> Action:
    """Change what an action says; its progress is kept by the progress entries."""
    action = Action.objects.select_related("plan").select_for_update().get(pk=action.pk)
    plan_editable_or_refuse(action.plan)
    _check(data)
    before = snapshot(action, FIELDS)
    _apply(action, data)
    action.save()
    audit_changes(
        actor=actor, action="actionplans.action.updated", obj=action, before=before, via=via
    )
    return action


@transaction.atomic
def action_practices_link(
    *, actor: Actor, action: Action, practices: Iterable[GoodPractice], via: str = Via.WEB
) -> list[ActionPractice]:
    """Link ``action`` to the good practices behind it; a practice linked already stays.

    Only published practices can be named: they are the ones the partners learnt from.
    """
    plan_editable_or_refuse(action.plan)
    found = []
    for practice in practices:
        if not practice.is_published:
            raise DomainError(
                "practice_unpublished",
                _("Only published good practices can be named behind an action."),
            )
        link, created = ActionPractice.objects.get_or_create(action=action, practice=practice)
        if created:
            audit_record(
                actor=actor,
                action="actionplans.action.practice_linked",
                obj=action,
                after={"practice": practice.pk},
                via=via,
            )
        found.append(link)
    return found


@transaction.atomic
def action_ideas_link(
    *, actor: Actor, action: Action, ideas: Iterable[Idea], via: str = Via.WEB
) -> list[ActionIdea]:
    """Link ``action`` to live-wall ideas behind it; an idea linked already stays.

    Each link keeps a copy of the idea's text, its lab and its votes, so that it still
    says where the action came from after the idea is merged or its session deleted.
    Ideas of another partner's labs cannot be named (``idea_elsewhere``).
    """
    plan_editable_or_refuse(action.plan)
    ideas = list(
        Idea.objects.filter(pk__in=[idea.pk for idea in ideas])
        .select_related("prompt__session__lab")
        .annotate(n_votes=Count("votes"))
    )
    partners = {action.plan.partner_id, *action.plan.joint_partners.values_list("pk", flat=True)}
    found = []
    for idea in ideas:
        lab = idea.prompt.session.lab
        if lab.partner_id not in partners:
            raise DomainError(
                "idea_elsewhere", _("Only ideas of the plan's own labs can be named.")
            )
        link, created = ActionIdea.objects.get_or_create(
            action=action,
            idea=idea,
            defaults={"lab": lab, "text": idea.text, "votes": idea.n_votes},  # type: ignore[attr-defined]
        )
        if created:
            audit_record(
                actor=actor,
                action="actionplans.action.idea_linked",
                obj=action,
                after={"idea": idea.pk},
                via=via,
            )
        found.append(link)
    return found
