"""Keep the milestones of an action: a title and a due date each."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import Action, Milestone
from learninglab.actionplans.services.action import plan_editable_or_refuse
from learninglab.core.audit import Actor, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import Multilingual


@transaction.atomic
def milestone_add(
    *,
    actor: Actor,
    action: Action,
    title: Mapping[str, str],
    due_on: datetime.date,
    via: str = Via.WEB,
) -> Milestone:
    """Add a milestone to ``action``.

    It has a title (``title_required``, ``too_long``); its due date lies within the
    action's timeframe when the action has one (``due_outside``).
    """
    action = Action.objects.select_related("plan").select_for_update().get(pk=action.pk)
    plan_editable_or_refuse(action.plan)
    texts = Multilingual.of(title)
    if not texts:
        raise DomainError("title_required", _("Give the milestone a title."), field="title")
    if any(len(text) > limit("milestone") for text in texts.values()):
        raise DomainError(
            "too_long",
            _("The title is longer than %(limit)s characters.") % {"limit": limit("milestone")},
            field="title",
        )
    if (action.starts_on and due_on < action.starts_on) or (
        action.ends_on and due_on > action.ends_on
    ):
        raise DomainError(
            "due_outside",
            _("A milestone is due within the action's timeframe (%(start)s – %(end)s).")
            % {"start": action.starts_on or "…", "end": action.ends_on or "…"},
            field="due_on",
        )
    milestone = Milestone.objects.create(action=action, title=texts, due_on=due_on)
    audit_record(
        actor=actor,
        action="actionplans.milestone.added",
        obj=milestone,
        after={"title": dict(texts), "due_on": due_on},
        via=via,
    )
    return milestone


@transaction.atomic
def milestone_remove(*, actor: Actor, milestone: Milestone, via: str = Via.WEB) -> None:
    """Remove a milestone from its action."""
    action = Action.objects.select_related("plan").get(pk=milestone.action_id)
    plan_editable_or_refuse(action.plan)
    audit_record(
        actor=actor,
        action="actionplans.milestone.removed",
        obj=milestone,
        before={"title": dict(milestone.title), "due_on": milestone.due_on},
        via=via,
    )
    milestone.delete()
