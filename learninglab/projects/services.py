"""Add the project, its partners and their policy instruments; keep the project's and
its programme's logos. Each change is audited."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.db import models, transaction

from learninglab.core.audit import Actor, audit_changes, audit_record, snapshot
from learninglab.core.models import Via
from learninglab.core.text import unique_slug
from learninglab.core.uploads import unstored_on_error
from learninglab.projects.logos import logo_checked
from learninglab.projects.models import InstrumentKind, Logo, Partner, PolicyInstrument, Project

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


@transaction.atomic
def logo_replace(
    *, actor: Actor, project: Project, kind: str, upload: Any, via: str = Via.WEB
) -> Logo:
    """Make ``upload`` the project's logo of ``kind`` (project or programme); return it.

    The file is checked and cleaned first (``logos.logo_checked``): one refused raises its
    ``DomainError`` and nothing changes. The logo it replaces leaves the storage once the
    change is committed. Audited.
    """
    checked = logo_checked(upload)
    previous = Logo.objects.select_for_update().filter(project=project, kind=kind).first()
    name = PurePath(upload.name or "logo").name[:200]
    logo = Logo(
        project=project,
        kind=kind,
        content_type=checked.content_type,
        width=checked.width,
        height=checked.height,
        original_name=name,
    )
    with unstored_on_error() as stored:
        logo.image.save(f"logo{checked.extension}", ContentFile(checked.content), save=False)
        stored.append(_StoredFile(logo.image))
        logo.rendition.save("logo.png", ContentFile(checked.rendition), save=False)
        stored.append(_StoredFile(logo.rendition))
        if previous is not None:
            previous.delete()
            _delete_files_on_commit(previous)
        logo.save()
        audit_record(
            actor=actor,
            action="projects.logo.replaced" if previous else "projects.logo.added",
            obj=project,
            extra={"logo": kind, "name": name, "type": checked.content_type},
            via=via,
        )
    return logo


@transaction.atomic
def logo_remove(*, actor: Actor, project: Project, kind: str, via: str = Via.WEB) -> bool:
    """Remove the project's logo of ``kind``; return whether there was one. Audited."""
    logo = Logo.objects.select_for_update().filter(project=project, kind=kind).first()
    if logo is None:
        return False
    logo.delete()
    _delete_files_on_commit(logo)
    audit_record(
        actor=actor,
        action="projects.logo.removed",
        obj=project,
        extra={"logo": kind, "name": logo.original_name},
        via=via,
    )
    return True


@dataclasses.dataclass
class _StoredFile:
    """A stored file, shaped as ``unstored_on_error`` expects its rows."""

    file: Any


def _delete_files_on_commit(logo: Logo) -> None:
    names = [str(logo.image.name), str(logo.rendition.name)]
    storage = logo.image.storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)
