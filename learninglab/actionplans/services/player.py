"""Keep the players involved in an action: organisations of the partner's directory, or
named ones that are not in it, each with its role."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import Action, ActionPlayer
from learninglab.actionplans.services.action import plan_editable_or_refuse
from learninglab.core.audit import Actor, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import Multilingual
from learninglab.stakeholders.models import Organisation

NAME_MAX_LENGTH = 200


@transaction.atomic
def player_add(
    *,
    actor: Actor,
    action: Action,
    organisation: Organisation | None = None,
    name: str = "",
    role: Mapping[str, str] | None = None,
    via: str = Via.WEB,
) -> ActionPlayer:
    """Add a player to ``action``, after the others.

    Either an organisation of the directory of the plan's partners (``organisation``;
    another partner's is refused, ``organisation_elsewhere``) or the ``name`` of one that
    is not in it (``player_unnamed`` when neither, ``player_twice`` when both). The same
    organisation is not involved twice (``player_exists``).
    """
    action = Action.objects.select_related("plan").select_for_update().get(pk=action.pk)
    plan = action.plan
    plan_editable_or_refuse(plan)
    name = " ".join(name.split())
    texts = Multilingual.of(role or {})
    if organisation is None and not name:
        raise DomainError(
            "player_unnamed",
            _("Choose an organisation of the directory or write the name of another."),
            field="organisation",
        )
    if organisation is not None and name:
        raise DomainError(
            "player_twice",
            _("Choose an organisation of the directory or write a name, not both."),
            field="name",
        )
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            "too_long",
            _("The name is longer than %(limit)s characters.") % {"limit": NAME_MAX_LENGTH},
            field="name",
        )
    if any(len(text) > limit("player_role") for text in texts.values()):
        raise DomainError(
            "too_long",
            _("The role is longer than %(limit)s characters.") % {"limit": limit("player_role")},
            field="role",
        )
    players = action.players.all()
    if organisation is not None:
        partners = {plan.partner_id, *plan.joint_partners.values_list("pk", flat=True)}
        if organisation.partner_id not in partners:
            raise DomainError(
                "organisation_elsewhere",
                _("Choose an organisation of the plan's partners' directory."),
                field="organisation",
            )
        duplicate = players.filter(organisation=organisation).exists()
    else:
        duplicate = players.filter(organisation__isnull=True, name__iexact=name).exists()
    if duplicate:
        raise DomainError(
            "player_exists",
            _("%(name)s is already involved in this action.")
            % {"name": organisation.name if organisation is not None else name},
            field="organisation" if organisation is not None else "name",
        )
    last = players.aggregate(last=Max("position"))["last"]
    player = ActionPlayer.objects.create(
        action=action,
        organisation=organisation,
        name=name,
        role=texts,
        position=0 if last is None else last + 1,
    )
    audit_record(
        actor=actor,
        action="actionplans.player.added",
        obj=player,
        after={"organisation": player.organisation_id, "name": name, "role": dict(texts)},
        via=via,
    )
    return player


@transaction.atomic
def player_remove(*, actor: Actor, player: ActionPlayer, via: str = Via.WEB) -> None:
    """Remove a player from its action."""
    action = Action.objects.select_related("plan").get(pk=player.action_id)
    plan_editable_or_refuse(action.plan)
    audit_record(
        actor=actor,
        action="actionplans.player.removed",
        obj=player,
        before={"organisation": player.organisation_id, "name": player.name},
        via=via,
    )
    player.delete()
