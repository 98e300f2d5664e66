"""Change the stakeholder directory. Every change is atomic and written to the audit log."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_record, diff, snapshot
from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry, Via
from learninglab.core.text import fold
from learninglab.projects.models import Partner
from learninglab.stakeholders.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Organisation,
    OrganisationType,
    Stakeholder,
    Tag,
)
from learninglab.stakeholders.normalize import normalize_name

STAKEHOLDER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation",
    "position",
    "language",
    "notes",
)
ORGANISATION_FIELDS = ("name", "type", "city", "website")


@dataclasses.dataclass
class StakeholderData:
    """What a form, an import row or a script says about a person, already normalised."""

    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    organisation: Organisation | None = None
    position: str = ""
    language: str = "en"
    notes: str = ""
    tags: list[str] | None = None  # None: leave the tags as they are

    def __post_init__(self) -> None:
        # E-mail addresses are unique per group ignoring case and surrounding spaces.
        self.email = (self.email or "").strip().lower()


def _search_text(person: Stakeholder) -> str:
    parts = [person.first_name, person.last_name, person.email, person.position]
    if person.organisation is not None:
        parts.append(person.organisation.name)
    return fold(" ".join(p for p in parts if p))[:600]


def _apply_tags(person: Stakeholder, names: list[str]) -> None:
    tags = [tag_get_or_create(partner=person.partner, name=name) for name in names if name.strip()]
    person.tags.set(tags)


def _tag_names(person: Stakeholder) -> list[str]:
    return sorted(person.tags.values_list("name", flat=True))


def tag_get_or_create(*, partner: Partner, name: str) -> Tag:
    """Return the partner's tag called ``name`` (spaces tidied), creating it if needed."""
    tag, _created = Tag.objects.get_or_create(partner=partner, name=normalize_name(name)[:60])
    return tag


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
    old, new = diff(before, snapshot(organisation, ORGANISATION_FIELDS))
    if new:
        audit_record(
            actor=actor,
            action="stakeholders.organisation.updated",
            obj=organisation,
            before=old,
            after=new,
            via=via,
        )
    if "name" in new:
        for person in organisation.people.select_related("organisation"):
            person.search_text = _search_text(person)
            person.save(update_fields=["search_text"])
    return organisation


def _check_email_free(partner_id: int, email: str, *, exclude_pk: int | None = None) -> None:
    if not email:
        return
    taken = Stakeholder.objects.filter(partner_id=partner_id, email=email)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            "email_taken",
            _("%(email)s already belongs to someone in this stakeholder group.") % {"email": email},
        )


def _check_same_partner(partner_id: int, organisation: Organisation | None) -> None:
    if organisation is not None and organisation.partner_id != partner_id:
        raise DomainError(
            "organisation_other_partner",
            _("The organisation belongs to another partner's stakeholder group."),
        )


@transaction.atomic
def stakeholder_create(
    *, actor: Actor, partner: Partner, data: StakeholderData, via: str = Via.WEB
) -> Stakeholder:
    """Add a person to the partner's stakeholder group.

    Raise ``DomainError("email_taken")`` if the group already has someone with that e-mail.
    """
    _check_email_free(partner.pk, data.email)
    _check_same_partner(partner.pk, data.organisation)
    person = Stakeholder(partner=partner)
    for field in STAKEHOLDER_FIELDS:
        setattr(person, field, getattr(data, field))
    person.search_text = _search_text(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent create took the e-mail first
        raise DomainError(
            "email_taken",
            _("%(email)s already belongs to someone in this stakeholder group.")
            % {"email": data.email},
        ) from exc
    if data.tags:
        _apply_tags(person, data.tags)
    after = snapshot(person, STAKEHOLDER_FIELDS) | {"tags": _tag_names(person)}
    audit_record(
        actor=actor,
        action="stakeholders.stakeholder.created",
        obj=person,
        after=after,
        via=via,
    )
    return person


@transaction.atomic
def stakeholder_update(
    *, actor: Actor, stakeholder: Stakeholder, data: StakeholderData, via: str = Via.WEB
) -> bool:
    """Replace a person's details with ``data``; return whether anything changed."""
    person = stakeholder
    if person.is_erased:
        raise DomainError("erased", _("This person's data was erased and cannot be edited."))
    _check_email_free(person.partner_id, data.email, exclude_pk=person.pk)
    _check_same_partner(person.partner_id, data.organisation)
    before = snapshot(person, STAKEHOLDER_FIELDS) | {"tags": _tag_names(person)}
    for field in STAKEHOLDER_FIELDS:
        setattr(person, field, getattr(data, field))
    if data.tags is not None:
        _apply_tags(person, data.tags)
    after = snapshot(person, STAKEHOLDER_FIELDS) | {"tags": _tag_names(person)}
    old, new = diff(before, after)
    if not new:
        return False
    person.search_text = _search_text(person)
    person.last_activity_at = timezone.now()
    person.save()
    audit_record(
        actor=actor,
        action="stakeholders.stakeholder.updated",
        obj=person,
        before=old,
        after=new,
        via=via,
    )
    return True


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    stakeholder: Stakeholder,
    purpose: str,
    given: bool,
    method: str,
    text_version: str = "",
    at: Any = None,
    via: str = Via.WEB,
) -> Consent:
    """Append an entry to the person's consent ledger; the newest entry per purpose counts."""
    if stakeholder.is_erased:
        raise DomainError("erased", _("This person's data was erased."))
    if purpose not in ConsentPurpose.values or method not in ConsentMethod.values:
        raise DomainError("consent_invalid", _("Unknown consent purpose or method."))
    consent = Consent.objects.create(
        stakeholder=stakeholder,
        purpose=purpose,
        given=given,
        at=at or timezone.now(),
        method=method,
        text_version=text_version,
        recorded_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action="stakeholders.consent.given" if given else "stakeholders.consent.withdrawn",
        obj=stakeholder,
        after={"purpose": purpose, "given": given, "method": method, "text_version": text_version},
        via=via,
    )
    return consent


@transaction.atomic
def stakeholder_merge(*, actor: Actor, keep: Stakeholder, remove: Stakeholder) -> Stakeholder:
    """Merge a duplicate into the person to keep, and delete the duplicate.

    Empty fields of ``keep`` are filled from ``remove``; notes are joined; tags and the
    consent ledgers are combined (the newest entry per purpose still decides).
    """
    if keep.pk == remove.pk:
        raise DomainError("merge_same", _("Choose two different people to merge."))
    if keep.partner_id != remove.partner_id:
        raise DomainError(
            "merge_other_partner", _("Only people of the same stakeholder group can be merged.")
        )
    if keep.is_erased or remove.is_erased:
        raise DomainError("erased", _("Erased people cannot be merged."))
    before = snapshot(keep, STAKEHOLDER_FIELDS) | {"tags": _tag_names(keep)}
    removed = snapshot(remove, STAKEHOLDER_FIELDS) | {"tags": _tag_names(remove), "id": remove.pk}
    for field in ("email", "phone", "organisation", "position"):
        if not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
    if remove.notes and remove.notes not in keep.notes:
        keep.notes = "\n\n".join(n for n in (keep.notes, remove.notes) if n)
    Consent.objects.filter(stakeholder=remove).update(stakeholder=keep)
    keep.tags.add(*remove.tags.all())
    remove_pk = remove.pk
    remove.delete()  # first, so that ``keep`` may take over its unique e-mail
    keep.search_text = _search_text(keep)
    keep.last_activity_at = max(keep.last_activity_at, timezone.now())
    keep.save()
    old, new = diff(before, snapshot(keep, STAKEHOLDER_FIELDS) | {"tags": _tag_names(keep)})
    audit_record(
        actor=actor,
        action="stakeholders.stakeholder.merged",
        obj=keep,
        before=old,
        after=new,
        extra={"merged_id": remove_pk, "merged": removed},
    )
    return keep


ERASED_NAME = "—"


def _audit_entries_about(pk: int) -> list[AuditEntry]:
    """Return the audit entries about person ``pk`` and every duplicate merged into them."""
    about_people = AuditEntry.objects.filter(
        content_type__app_label="stakeholders", content_type__model="stakeholder"
    )
    ids: set[str] = set()
    pending = {str(pk)}
    while pending:  # a duplicate may itself have absorbed duplicates before
        ids |= pending
        merges = about_people.filter(
            object_id__in=pending, action="stakeholders.stakeholder.merged"
        ).values_list("changes", flat=True)
        merged_ids = {str((c.get("extra") or {}).get("merged_id")) for c in merges}
        pending = merged_ids - ids - {"None"}
    return list(about_people.filter(object_id__in=ids))


@transaction.atomic
def stakeholder_erase(*, actor: Actor, stakeholder: Stakeholder, via: str = Via.WEB) -> None:
    """Erase a person's personal data for good (GDPR article 17).

    The row stays, anonymised, so that counts of people per organisation type and lab
    attendance still add up; names, contact details, notes, tags and the consent ledger go,
    and the personal values in the audit log entries about them (and about the duplicates
    once merged into them) are blanked.
    """
    person = stakeholder
    if person.is_erased:
        return
    person.first_name = ERASED_NAME
    person.last_name = ""
    person.email = ""
    person.phone = ""
    person.position = ""
    person.notes = ""
    person.search_text = ""
    person.erased_at = timezone.now()
    person.save()
    person.tags.clear()
    person.consents.all().delete()
    for entry in _audit_entries_about(person.pk):
        entry.object_repr = ERASED_NAME
        entry.changes = {"redacted": True}
        entry.save(update_fields=["object_repr", "changes"])
    audit_record(
        actor=actor,
        action="stakeholders.stakeholder.erased",
        obj=person,
        via=via,
    )


def stakeholders_purge_inactive(
    *, months: int, now: datetime.datetime | None = None, dry_run: bool = False, actor: Actor = None
) -> int:
    """Erase every person with no activity for ``months`` months; return how many.

    Activity is any change to the person or their consent, and any answer they gave to
    an invitation. ``months`` of 0 or less purges nobody.
    """
    if months <= 0:
        return 0
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=round(months * 30.44))
    stale = Stakeholder.objects.filter(erased_at__isnull=True, last_activity_at__lt=cutoff)
    stale = stale.exclude(consents__at__gte=cutoff).exclude(invitations__responded_at__gte=cutoff)
    count = 0
    for person in stale.select_related("partner").distinct().iterator():
        if not dry_run:
            stakeholder_erase(actor=actor, stakeholder=person, via=Via.SYSTEM)
        count += 1
    return count
