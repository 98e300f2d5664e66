"""The sentences of the audit codes the projects write, and the partners' time zones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext_lazy as _

from learninglab.core.audit_sentences import register, register_zones
from learninglab.projects.models import LogoKind, Partner


def partner_zones(partner_ids: Iterable[int]) -> Mapping[int, str]:
    """Return the time zone of each partner named, for the times of its audit entries."""
    return dict(Partner.objects.filter(pk__in=partner_ids).values_list("pk", "time_zone"))


def register_sentences() -> None:
    register(
        {
            "projects.project.created": _("Added the project “%(object)s”"),
            "projects.partner.created": _("Added the partner “%(object)s”"),
            "projects.policy_instrument.created": _("Added the policy instrument “%(object)s”"),
            "projects.policy_instrument.updated": _("Changed the policy instrument “%(object)s”"),
            "projects.logo.added": _("Added a logo to the project “%(object)s”: %(name)s"),
            "projects.logo.replaced": _("Replaced a logo of the project “%(object)s” by %(name)s"),
            "projects.logo.removed": _("Removed the logo %(name)s from the project “%(object)s”"),
        },
        labels={"logo": _("Logo")},
        choices={"logo": LogoKind.choices},
    )
    register_zones(partner_zones)
