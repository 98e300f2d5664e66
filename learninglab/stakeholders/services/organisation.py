"""Add and change the organisations people belong to."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, audit_changes, audit_record, snapshot
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.text import fold
from learninglab.projects.models import Partner
from learninglab.stakeholders.models import Organisation, OrganisationType
from learninglab.stakeholders.normalize import normalize_name, search_text_of

ORGANISATION_FIELDS = ("name", "type", "city", "website")


@dataclasses.dataclass(frozen=True)
class NewOrganisation:
    """An organisation typed in by name, to be found or added with the person."""

    name: str
    type: str | None = None


@transaction.atomic
def organisation_get_or_create(
    *,
    actor: Actor,
    partner: Partner,
    name: str,
    type: str | None = None,
    city: str = "",
    website: str = "",
    via: str = Via.WEB,
) -> tuple[Organisation, bool]:
    """Return the partner's organisation of that name (ignoring case and diacritics).

    A new organisation is created, and audited, when none matches. An existing one keeps
    its type unless it was "other" and a more precise type is given.
    """
    name = normalize_name(name)
    if not name:
        raise DomainError("organisation_name_missing", _("The organisation needs a name."))
    folded = fold(name)
    organisation = Organisation.objects.filter(partner=partner, name_folded=folded).first()
    if organisation is not None:
        if type and organisation.type == OrganisationType.OTHER and type != OrganisationType.OTHER:
            organisation_update(actor=actor, organisation=organisation, type=type, via=via)
        return organisation, False
    organisation = Organisation.objects.create(
        partner=partner,
        name=name,
        name_folded=folded,
        type=type or OrganisationType.OTHER,
        city=normalize_name(city),
        website=website.strip(),
    )
    audit_record(
        actor=actor,
        action="stakeholders.organisation.created",
        obj=organisation,
        after=snapshot(organisation, ORGANISATION_FIELDS),
        via=via,
    )
    return organisation, True


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, via: str = Via.WEB, **changes: Any
) -> Organisation:
    """Change an organisation's name, type, city or website; people's search text follows."""
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for field, value in changes.items():
        if field not in ORGANISATION_FIELDS:
            raise ValueError(f"Organisation has no editable field {field!r}.")
        setattr(organisation, field, normalize_name(value) if field in ("name", "city") else value)
    organisation.name_folded = fold(organisation.name)
    clash = Organisation.objects.filter(
        partner_id=organisation.partner_id, name_folded=organisation.name_folded
    ).exclude(pk=organisation.pk)
    if clash.exists():
        raise DomainError("organisation_exists", _("Another organisation already has this name."))
    organisation.save()
    changed = audit_changes(
        actor=actor,
        action="stakeholders.organisation.updated",
        obj=organisation,
        before=before,
        via=via,
    )
    if "name" in changed:
        for person in organisation.people.select_related("organisation"):
            person.search_text = search_text_of(person)
            person.save(update_fields=["search_text"])
    return organisation
