"""Write an action plan's Part I and Part II: create it as a draft and change it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, cast

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import ActionPlan
from learninglab.core.audit import Actor, audit_changes, audit_record, snapshot
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import Multilingual, language_name
from learninglab.core.text import unique_slug
from learninglab.projects.models import InstrumentKind, Partner, PolicyInstrument
from learninglab.projects.services import policy_instrument_create, policy_instrument_update

# Addresses under /action-plans/ that are pages, not plans: no plan takes them.
RESERVED_SLUGS = frozenset({"new", "reports"})

# The plan's texts, each in its language and English, and the limit each keeps to.
TEXTS = {
    "title": "plan_title",
    "organisation": "organisation",
    "other_partners": "other_partners",
    "improvement": "improvement",
    "summary": "summary",
}


@dataclasses.dataclass
class PlanData:
    """What a form or a script says about a plan's general information and context."""

    country: str = ""
    language: str = ""
    title: Mapping[str, str] = dataclasses.field(default_factory=dict)
    organisation: Mapping[str, str] = dataclasses.field(default_factory=dict)
    other_partners: Mapping[str, str] = dataclasses.field(default_factory=dict)
    nuts2: str = ""
    region: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    improvement: Mapping[str, str] = dataclasses.field(default_factory=dict)
    summary: Mapping[str, str] = dataclasses.field(default_factory=dict)
    is_public: bool = False
    responsible: Any = None
    joint_partners: tuple[Partner, ...] = ()
    # Part II's instrument as corrected on the plan's form; None leaves it as it is.
    instrument: InstrumentData | None = None


FIELDS = [
    f.name for f in dataclasses.fields(PlanData) if f.name not in ("joint_partners", "instrument")
]
AUDITED = [*FIELDS, "slug", "instrument"]


def _label(name: str) -> str:
    return str(cast(Any, ActionPlan._meta.get_field(name)).verbose_name)


def texts_check(model: type[models.Model], texts: Mapping[str, str], data: Any) -> None:
    """Refuse a text longer than its limit (``texts`` maps field names to limit names)."""
    for name, limit_name in texts.items():
        for language, text in Multilingual.of(getattr(data, name)).items():
            if len(text) > limit(limit_name):
                raise DomainError(
                    "too_long",
                    _("%(field)s in %(language)s is longer than %(limit)s characters.")
                    % {
                        "field": str(cast(Any, model._meta.get_field(name)).verbose_name),
                        "language": language_name(language),
                        "limit": limit(limit_name),
                    },
                    field=name,
                )


def _check(partner: Partner, instrument: PolicyInstrument, data: PlanData) -> None:
    if instrument.partner_id != partner.pk and not any(
        p.pk == instrument.partner_id for p in data.joint_partners
    ):
        raise DomainError(
            "instrument_elsewhere",
            _("Choose a policy instrument of the plan's partners."),
            field="instrument",
        )
    if any(p.pk == partner.pk for p in data.joint_partners):
        raise DomainError(
            "joint_self",
            _("The plan's own partner is not one of the partners that join it."),
            field="joint_partners",
        )
    if any(p.project_id != partner.project_id for p in data.joint_partners):
        raise DomainError(
            "joint_elsewhere",
            _("Only partners of the same project can write a plan jointly."),
            field="joint_partners",
        )
    texts_check(ActionPlan, TEXTS, data)


def _joint_partners_set(plan: ActionPlan, partners: tuple[Partner, ...]) -> None:
    """Make ``partners`` the plan's joint partners.

    The rows written are the plan's own (its ``joint_partners`` table), not the partners'.
    """
    joining = ActionPlan.joint_partners.through
    wanted = {partner.pk for partner in partners}
    joining.objects.filter(actionplan_id=plan.pk).exclude(partner_id__in=wanted).delete()
    present = set(
        joining.objects.filter(actionplan_id=plan.pk).values_list("partner_id", flat=True)
    )
    joining.objects.bulk_create(
        [joining(actionplan_id=plan.pk, partner_id=pk) for pk in sorted(wanted - present)]
    )


def _apply(plan: ActionPlan, data: PlanData) -> None:
    for name in FIELDS:
        value = getattr(data, name)
        if name in TEXTS:
            value = Multilingual.of(value)
        setattr(plan, name, value)
    plan.language = data.language or plan.partner.main_language
    plan.country = data.country or plan.partner.country


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    partner: Partner,
    instrument: PolicyInstrument,
    data: PlanData,
    via: str = Via.WEB,
) -> ActionPlan:
    """Start ``partner``'s action plan for ``instrument``, as a draft.

    A partner has one plan per instrument (``plan_exists`` otherwise). The plan's
    address is made of the partner and the instrument's short names.
    """
    _check(partner, instrument, data)
    if ActionPlan.objects.filter(partner=partner, instrument=instrument).exists():
        raise DomainError(
            "plan_exists",
            _("%(partner)s already has an action plan for this instrument.")
            % {"partner": partner.city},
            field="instrument",
        )
    plan = ActionPlan(partner=partner, instrument=instrument)
    _apply(plan, data)
    if not plan.organisation:
        plan.organisation = partner.institution
    taken = {*ActionPlan.objects.values_list("slug", flat=True), *RESERVED_SLUGS}
    plan.slug = unique_slug(f"{partner.slug}-{instrument.slug}", taken, max_length=80)
    plan.save()
    _joint_partners_set(plan, data.joint_partners)
    audit_record(
        actor=actor,
        action="actionplans.plan.created",
        obj=plan,
        after=snapshot(plan, AUDITED),
        via=via,
    )
    return plan


@transaction.atomic
def plan_update(
    *, actor: Actor, plan: ActionPlan, data: PlanData, via: str = Via.WEB
) -> ActionPlan:
    """Change a plan's general information and policy context.

    Only a draft or a revision under way can change (``plan_locked``): a submitted or
    endorsed plan is what its signatory saw.
    """
    plan = ActionPlan.objects.select_for_update().select_related("partner").get(pk=plan.pk)
    if not plan.is_editable:
        raise DomainError(
            "plan_locked",
            _("This plan is %(status)s: open a revision to change it.")
            % {"status": plan.get_status_display().lower()},
        )
    _check(plan.partner, plan.instrument, data)
    before = snapshot(plan, AUDITED)
    _apply(plan, data)
    plan.save()
    _joint_partners_set(plan, data.joint_partners)
    if data.instrument is not None:
        _instrument_correct(actor=actor, plan=plan, data=data.instrument, via=via)
    audit_changes(actor=actor, action="actionplans.plan.updated", obj=plan, before=before, via=via)
    return plan


def _instrument_correct(*, actor: Actor, plan: ActionPlan, data: InstrumentData, via: str) -> None:
    """Correct the plan's instrument as Part II names it (``instrument_unnamed`` without a
    name, ``unknown_kind`` for a kind not in the programme's list)."""
    if not data.name.strip():
        raise DomainError(
            "instrument_unnamed", _("Give the policy instrument's name."), field="instrument_name"
        )
    if data.kind not in InstrumentKind.values:
        raise DomainError(
            "unknown_kind",
            _("Choose the kind of instrument from the list."),
            field="instrument_kind",
        )
    instrument = plan.instrument
    if (instrument.name, instrument.kind, instrument.managing_authority) != (
        data.name.strip(),
        data.kind,
        data.managing_authority.strip(),
    ):
        policy_instrument_update(
            actor=actor,
            instrument=instrument,
            name=data.name,
            kind=data.kind,
            managing_authority=data.managing_authority,
            via=via,
        )


@dataclasses.dataclass
class InstrumentData:
    """A policy instrument named while starting a plan, when the partner has not got it yet."""

    name: str
    kind: str
    managing_authority: str = ""


@transaction.atomic
def plan_start(
    *,
    actor: Actor,
    partner: Partner,
    instrument: PolicyInstrument | None = None,
    new_instrument: InstrumentData | None = None,
    data: PlanData,
    via: str = Via.WEB,
) -> ActionPlan:
    """Start ``partner``'s plan for one of its instruments, or for a new one described
    by ``new_instrument`` (added to the partner's instruments with the plan, or not at
    all if the plan is refused).

    Refuse when neither or both are given (``instrument_required``), a new instrument
    without a name (``instrument_name_required``), and whatever ``plan_create`` refuses.
    """
    if (instrument is None) == (new_instrument is None):
        raise DomainError(
            "instrument_required",
            _("Choose one of the partner's policy instruments, or describe a new one."),
            field="instrument",
        )
    if new_instrument is not None:
        name = new_instrument.name.strip()
        if not name:
            raise DomainError(
                "instrument_name_required",
                _("Give the new policy instrument's name."),
                field="instrument_name",
            )
        instrument = policy_instrument_create(
            actor=actor,
            partner=partner,
            name=name,
            kind=new_instrument.kind,
            managing_authority=new_instrument.managing_authority.strip(),
            via=via,
        )
    assert instrument is not None
    return plan_create(actor=actor, partner=partner, instrument=instrument, data=data, via=via)
