"""Keep the funding sources of an action: where its money comes from, and how much."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import Action, FundingKind, FundingSource
from learninglab.actionplans.services.action import plan_editable_or_refuse
from learninglab.core.audit import Actor, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via

AMOUNT_MAX = Decimal("999999999999.99")


@transaction.atomic
def funding_add(
    *,
    actor: Actor,
    action: Action,
    kind: str,
    amount_eur: Decimal,
    name: str = "",
    via: str = Via.WEB,
) -> FundingSource:
    """Add a funding source to ``action``.

    Its kind is one of ``FundingKind`` (``unknown_kind``), its amount in euros is positive
    (``amount_not_positive``). The sources need not add up to the action's costs: the
    action's page says when they do not (``funding_total``).
    """
    action = Action.objects.select_related("plan").select_for_update().get(pk=action.pk)
    plan_editable_or_refuse(action.plan)
    name = " ".join(name.split())
    if kind not in FundingKind.values:
        raise DomainError(
            "unknown_kind", _("Choose a kind of funding from the list."), field="kind"
        )
    if amount_eur <= 0 or amount_eur > AMOUNT_MAX:
        raise DomainError(
            "amount_not_positive",
            _("Give the amount in euros, more than 0."),
            field="amount_eur",
        )
    if len(name) > limit("funding_name"):
        raise DomainError(
            "too_long",
            _("The name is longer than %(limit)s characters.") % {"limit": limit("funding_name")},
            field="name",
        )
    source = FundingSource.objects.create(
        action=action, kind=kind, name=name, amount_eur=amount_eur
    )
    audit_record(
        actor=actor,
        action="actionplans.funding.added",
        obj=source,
        after={"kind": kind, "name": name, "amount_eur": amount_eur},
        via=via,
    )
    return source


@transaction.atomic
def funding_remove(*, actor: Actor, source: FundingSource, via: str = Via.WEB) -> None:
    """Remove a funding source; one with funds reported as mobilised stays
    (``funding_mobilised``)."""
    action = Action.objects.select_related("plan").get(pk=source.action_id)
    plan_editable_or_refuse(action.plan)
    if source.mobilised.exists():
        raise DomainError(
            "funding_mobilised",
            _("Progress entries report funds mobilised from this source: it stays."),
        )
    audit_record(
        actor=actor,
        action="actionplans.funding.removed",
        obj=source,
        before={"kind": source.kind, "name": source.name, "amount_eur": source.amount_eur},
        via=via,
    )
    source.delete()
