"""Add the project, its partners and their policy instruments. Each is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from learninglab.core.audit import Actor, audit_record, snapshot
from learninglab.core.models import Via
from learninglab.projects.models import Partner, PolicyInstrument, Project

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
POLICY_INSTRUMENT_FIELDS = ("partner", "name", "managing_authority")


@transaction.atomic
def project_create(*, actor: Actor, via: str = Via.WEB, **fields: Any) -> Project:
    """Add a project with ``fields`` (acronym, title, programme, code, dates)."""
    project = Project.objects.create(**fields)
    audit_record(
        actor=actor,
        action="projects.project.created",
        obj=project,
        after=snapshot(project, PROJECT_FIELDS),
        via=via,
    )
    return project


@transaction.atomic
def partner_create(*, actor: Actor, project: Project, via: str = Via.WEB, **fields: Any) -> Partner:
    """Add a partner to ``project`` with ``fields`` (slug, institution, city, languages...)."""
    partner = Partner.objects.create(project=project, **fields)
    audit_record(
        actor=actor,
        action="projects.partner.created",
        obj=partner,
        after=snapshot(partner, PARTNER_FIELDS),
        via=via,
    )
    return partner


@transaction.atomic
def policy_instrument_create(
    *, actor: Actor, partner: Partner, name: str, managing_authority: str, via: str = Via.WEB
) -> PolicyInstrument:
    """Add the policy instrument a partner means to improve."""
    policy = PolicyInstrument.objects.create(
        partner=partner, name=name, managing_authority=managing_authority
    )
    audit_record(
        actor=actor,
        action="projects.policy_instrument.created",
        obj=policy,
        after=snapshot(policy, POLICY_INSTRUMENT_FIELDS),
        via=via,
    )
    return policy
