"""Add the project, its partners and their policy instruments. Each is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction

from learninglab.core.audit import Actor, audit_changes, audit_record, snapshot
from learninglab.core.models import Via
from learninglab.core.text import unique_slug
from learninglab.projects.models import InstrumentKind, Partner, PolicyInstrument, Project

PROJECT_FIELDS = ("acronym", "title", "programme", "code", "start_date", "end_date")
PARTNER_FIELDS = (
    "project",
    "slug",
    "institution",
    "city",
    "country",
    "role",
    "ecoc_year",
    "time_zone",
    "languages",
)
POLICY_INSTRUMENT_FIELDS = ("partner", "name", "slug", "kind", "managing_authority")

M = TypeVar("M", bound=models.Model)


def _created(obj: M, *, actor: Actor, action: str, fields: Iterable[str], via: str) -> M:
    """Save the new ``obj`` and record it, with ``fields``, in the audit log."""
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, after=snapshot(obj, fields), via=via)
    return obj


@transaction.atomic
def project_create(*, actor: Actor, via: str = Via.WEB, **fields: Any) -> Project:
    """Add a project with ``fields`` (acronym, title, programme, code, dates)."""
    return _created(
        Project(**fields),
        actor=actor,
        action="projects.project.created",
        fields=PROJECT_FIELDS,
        via=via,
    )


@transaction.atomic
def partner_create(*, actor: Actor, project: Project, via: str = Via.WEB, **fields: Any) -> Partner:
    """Add a partner to ``project`` with ``fields`` (slug, institution, city, languages...)."""
    return _created(
        Partner(project=project, **fields),
        actor=actor,
        action="projects.partner.created",
        fields=PARTNER_FIELDS,
        via=via,
    )


@transaction.atomic
def policy_instrument_create(
    *,
    actor: Actor,
    partner: Partner,
    name: str,
    managing_authority: str,
    slug: str = "",
    kind: str = InstrumentKind.GROWTH_AND_JOBS,
    via: str = Via.WEB,
) -> PolicyInstrument:
    """Add the policy instrument a partner means to improve.

    Without a ``slug`` one is made of its name, unique among the partner's instruments.
    """
    taken = set(partner.policy_instruments.values_list("slug", flat=True))
    return _created(
        PolicyInstrument(
            partner=partner,
            name=name,
            slug=slug or unique_slug(name, taken, max_length=60),
            kind=kind,
            managing_authority=managing_authority,
        ),
        actor=actor,
        action="projects.policy_instrument.created",
        fields=POLICY_INSTRUMENT_FIELDS,
        via=via,
    )


@transaction.atomic
def policy_instrument_update(
    *,
    actor: Actor,
    instrument: PolicyInstrument,
    name: str,
    kind: str,
    managing_authority: str,
    via: str = Via.WEB,
) -> PolicyInstrument:
    """Correct the name, kind or managing authority of a policy instrument; its short name
    stays, since commands and addresses use it. Audited when something changed."""
    instrument = PolicyInstrument.objects.select_for_update().get(pk=instrument.pk)
    before = snapshot(instrument, POLICY_INSTRUMENT_FIELDS)
    instrument.name, instrument.kind = name.strip(), kind
    instrument.managing_authority = managing_authority.strip()
    instrument.full_clean(exclude=["partner", "slug"])
    instrument.save()
    audit_changes(
        actor=actor,
        action="projects.policy_instrument.updated",
        obj=instrument,
        before=before,
        via=via,
    )
    return instrument
