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

from learninglab.actionplans.drafting import background_draft
from learninglab.actionplans.models import Action, ActionIdea, ActionPlan, ActionPractice
from learninglab.actionplans.services.plan import texts_check
from learninglab.cocreation.models import Idea, IdeaStatus
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


@transaction.atomic
def action_delete(*, actor: Actor, action: Action, via: str = Via.WEB) -> None:
    """Delete ``action`` and number the plan's other actions again without a gap.

    An action with progress recorded is not deleted (``action_monitored``): its history
    is part of the plan's monitoring.
    """
    action = Action.objects.select_related("plan").select_for_update().get(pk=action.pk)
    plan_editable_or_refuse(action.plan)
    if action.entries.exists():
        raise DomainError(
            "action_monitored",
            _("Progress was recorded for this action: it stays in the plan's monitoring."),
        )
    audit_record(
        actor=actor,
        action="actionplans.action.deleted",
        obj=action,
        before=snapshot(action, FIELDS),
        via=via,
    )
    plan = action.plan
    action.delete()
    _renumber(plan)


def _renumber(plan: ActionPlan) -> None:
    for position, action in enumerate(plan.actions.order_by("position", "pk")):
        if action.position != position:
            Action.objects.filter(pk=action.pk).update(position=position)


@transaction.atomic
def action_move(*, actor: Actor, action: Action, up: bool, via: str = Via.WEB) -> Action:
    """Swap ``action`` with the action before it (``up``) or after it in its plan.

    The first action does not move up nor the last one down; positions stay gap-free.
    """
    plan = ActionPlan.objects.select_for_update().get(pk=action.plan_id)
    plan_editable_or_refuse(plan)
    _renumber(plan)
    actions = list(plan.actions.order_by("position", "pk"))
    index = next(n for n, other in enumerate(actions) if other.pk == action.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(actions):
        return actions[index]
    moved, other = actions[index], actions[other_index]
    Action.objects.filter(pk=moved.pk).update(position=other_index)
    Action.objects.filter(pk=other.pk).update(position=index)
    moved.position = other_index
    audit_record(
        actor=actor,
        action="actionplans.action.moved",
        obj=moved,
        before={"number": index + 1},
        after={"number": other_index + 1},
        via=via,
    )
    return moved


@transaction.atomic
def action_practice_unlink(*, actor: Actor, link: ActionPractice, via: str = Via.WEB) -> None:
    """Remove a good practice from those behind its action."""
    action = Action.objects.select_related("plan").get(pk=link.action_id)
    plan_editable_or_refuse(action.plan)
    audit_record(
        actor=actor,
        action="actionplans.action.practice_unlinked",
        obj=action,
        before={"practice": link.practice_id},
        via=via,
    )
    link.delete()


@transaction.atomic
def action_idea_unlink(*, actor: Actor, link: ActionIdea, via: str = Via.WEB) -> None:
    """Remove an idea from those behind its action."""
    action = Action.objects.select_related("plan").get(pk=link.action_id)
    plan_editable_or_refuse(action.plan)
    audit_record(
        actor=actor,
        action="actionplans.action.idea_unlinked",
        obj=action,
        before={"idea": link.idea_id, "text": link.text},
        via=via,
    )
    link.delete()


def action_data(action: Action) -> ActionData:
    """Return what ``action`` says now, as the services take it."""
    return ActionData(**{name: getattr(action, name) for name in FIELDS})


@transaction.atomic
def action_from_ideas(
    *,
    actor: Actor,
    plan: ActionPlan,
    ideas: Iterable[Idea],
    title: Mapping[str, str],
    via: str = Via.WEB,
) -> Action:
    """Turn live-wall ideas into one draft action of ``plan`` in one step.

    The action is added at the end of the plan with ``title``, linked to the ideas (an
    idea merged into another stands for the idea kept) and given a background drafted
    from them (``drafting.background_draft``). At least one idea (``ideas_required``),
    each on its wall (``idea_not_shown``) and of the plan's partners' labs
    (``idea_elsewhere``); nothing is created when one is refused.
    """
    chosen = list(
        Idea.objects.filter(pk__in=[idea.pk for idea in ideas]).select_related("merged_into")
    )
    if not chosen:
        raise DomainError("ideas_required", _("Choose at least one idea."), field="ideas")
    kept = []
    for idea in chosen:
        idea = idea.merged_into or idea
        if idea.status != IdeaStatus.VISIBLE:
            raise DomainError(
                "idea_not_shown", _("Only ideas shown on the wall can be turned into an action.")
            )
        kept.append(idea)
    action = action_create(actor=actor, plan=plan, data=ActionData(title=title), via=via)
    action_ideas_link(actor=actor, action=action, ideas=kept, via=via)
    data = action_data(action)
    data.background = background_draft(action)
    return action_update(actor=actor, action=action, data=data, via=via)


NOTE_MAX_LENGTH = 500


@transaction.atomic
def action_practice_note(
    *, actor: Actor, action: Action, practice: GoodPractice, note: str, via: str = Via.WEB
) -> ActionPractice:
    """Link ``practice`` to ``action`` (see ``action_practices_link``) and keep ``note``,
    what the action takes from it, which the drafted background quotes.

    A note replaces the one kept before; an empty note keeps it (``too_long`` beyond
    ``NOTE_MAX_LENGTH`` characters).
    """
    note = " ".join(note.split())
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(
            "too_long",
            _("The note is longer than %(limit)s characters.") % {"limit": NOTE_MAX_LENGTH},
            field="note",
        )
    (link,) = action_practices_link(actor=actor, action=action, practices=[practice], via=via)
    if note and note != link.note:
        before = link.note
        link.note = note
        link.save(update_fields=["note"])
        audit_record(
            actor=actor,
            action="actionplans.action.practice_noted",
            obj=action,
            before={"practice": practice.pk, "note": before},
            after={"practice": practice.pk, "note": note},
            via=via,
        )
    return link
