"""Read projects and partners."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import QuerySet, prefetch_related_objects

from learninglab.core.permissions import has_perm
from learninglab.projects.emblem import co_funded
from learninglab.projects.models import Logo, LogoKind, Partner, Project


def partners_for(user: Any) -> QuerySet[Partner]:
    """Return the partners whose stakeholder groups ``user`` may work with."""
    partners = Partner.objects.select_related("project")
    if has_perm(user, "stakeholders.view_all_partners"):
        return partners
    partner_id = getattr(user, "partner_id", None)
    return partners.filter(pk=partner_id) if partner_id is not None else partners.none()


def partner_alone(partner: Partner) -> QuerySet[Partner]:
    """Return a queryset of ``partner`` only, for a form whose one choice is that partner."""
    return Partner.objects.filter(pk=partner.pk)


def partner_by_slug(slug: str) -> Partner:
    """Return the partner with this slug or raise ``Partner.DoesNotExist``."""
    return Partner.objects.select_related("project").get(slug=slug)


def projects_with_logos() -> QuerySet[Project]:
    """Return every project with its logos, for the project's settings page."""
    return Project.objects.prefetch_related("logos")


def project_for_settings(pk: int) -> Project:
    """Return the project ``pk`` or raise ``Project.DoesNotExist``."""
    return Project.objects.get(pk=pk)


def logo_by_name(name: str) -> Logo:
    """Return the logo stored under the file name ``name`` or raise ``Logo.DoesNotExist``."""
    return Logo.objects.get(image=f"logos/{name}")


@dataclasses.dataclass(frozen=True)
class ProgrammeIdentity:
    """What a page, an e-mail or a printed document shows of who funds the work: the
    project's logo and the programme's (either may be missing), and the EU emblem with
    the funding statement in ``language``."""

    project: Project
    logos: list[Logo]
    language: str

    @property
    def co_funded(self) -> str:
        return co_funded(self.language)


def programme_identity(project: Project, *, language: str) -> ProgrammeIdentity:
    """Return the project's identity: its logo first, then the programme's.

    The logos are read once per ``project`` instance (or not at all when they were
    prefetched): e-mails composed in a batch share their lab's project.
    """
    prefetch_related_objects([project], "logos")
    logos = {logo.kind: logo for logo in project.logos.all()}
    ordered = [logos[kind] for kind in (LogoKind.PROJECT, LogoKind.PROGRAMME) if kind in logos]
    for logo in ordered:
        logo.project = project
    return ProgrammeIdentity(project=project, logos=ordered, language=language)
