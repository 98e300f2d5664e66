"""Add, change, merge and erase the people of a stakeholder group."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import (
    Actor,
    audit_changes,
    audit_record,
    audit_redact,
    diff,
    snapshot,
)
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.projects.models import Partner
from learninglab.stakeholders import hooks
from learninglab.stakeholders.models import Organisation, Stakeholder, Tag
from learninglab.stakeholders.normalize import normalize_name, search_text_of
from learninglab.stakeholders.services.consent import consent_states_refresh
from learninglab.stakeholders.services.organisation import (
    NewOrganisation,
    organisation_get_or_create,
)

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


def _apply_tags(person: Stakeholder, names: list[str]) -> None:
    tags = [tag_get_or_create(partner=person.partner, name=name) for name in names if name.strip()]
    person.tags.set(tags)


def _tag_names(person: Stakeholder) -> list[str]:
    return sorted(person.tags.values_list("name", flat=True))


def _state(person: Stakeholder) -> dict:
    """Return what the audit log keeps of a person: their fields and their tags."""
    return snapshot(person, STAKEHOLDER_FIELDS) | {"tags": _tag_names(person)}


def tag_get_or_create(*, partner: Partner, name: str) -> Tag:
    """Return the partner's tag called ``name`` (spaces tidied), creating it if needed."""
    tag, _created = Tag.objects.get_or_create(partner=partner, name=normalize_name(name)[:60])
    return tag


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
    person.search_text = search_text_of(person)
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
    audit_record(
        actor=actor,
        action="stakeholders.stakeholder.created",
        obj=person,
        after=_state(person),
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
    before = _state(person)
    for field in STAKEHOLDER_FIELDS:
        setattr(person, field, getattr(data, field))
    if data.tags is not None:
        _apply_tags(person, data.tags)
    after = _state(person)
    if after == before:
        return False
    person.search_text = search_text_of(person)
    person.last_activity_at = timezone.now()
    person.save()
    audit_changes(
        actor=actor,
        action="stakeholders.stakeholder.updated",
        obj=person,
        before=before,
        after=after,
        via=via,
    )
    return True


@transaction.atomic
def stakeholder_save(
    *,
    actor: Actor,
    partner: Partner,
    stakeholder: Stakeholder | None = None,
    data: StakeholderData,
    new_organisation: NewOrganisation | None = None,
    via: str = Via.WEB,
) -> Stakeholder:
    """Add a person to the partner's group (``stakeholder`` None) or change one; return them.

    With ``new_organisation`` the person joins that organisation, found by name or added
    first. Everything happens or nothing does: a person refused (``email_taken``) leaves
    no new organisation behind. Each thing created or changed is audited once.
    """
    if new_organisation is not None:
        organisation, _created = organisation_get_or_create(
            actor=actor,
            partner=partner,
            name=new_organisation.name,
            type=new_organisation.type,
            via=via,
        )
        data = dataclasses.replace(data, organisation=organisation)
    if stakeholder is None:
        return stakeholder_create(actor=actor, partner=partner, data=data, via=via)
    stakeholder_update(actor=actor, stakeholder=stakeholder, data=data, via=via)
    return stakeholder


@transaction.atomic
def stakeholder_find_or_create_by_email(
    *,
    actor: Actor,
    partner: Partner,
    data: StakeholderData,
    new_organisation: NewOrganisation | None = None,
    via: str = Via.WEB,
) -> tuple[Stakeholder, bool]:
    """Return the person of the partner's group with ``data.email``, or add them; and if new.

    A person found keeps their details as they are (``data`` is not applied), and no
    organisation is added for them. A person with no e-mail address is always added.
    Two requests adding the same address at once both get the one person that was added.
    """
    if data.email:
        known = Stakeholder.objects.filter(
            partner=partner, email=data.email, erased_at__isnull=True
        ).first()
        if known is not None:
            return known, False
    try:
        with transaction.atomic():
            person = stakeholder_save(
                actor=actor, partner=partner, data=data, new_organisation=new_organisation, via=via
            )
    except DomainError as error:
        if error.code != "email_taken":
            raise
        return Stakeholder.objects.get(partner=partner, email=data.email), False
    return person, True


def stakeholder_touch(*, stakeholder_id: int, at: datetime.datetime) -> None:
    """Note that the person did something at ``at`` (answered, came to a lab).

    The purge of inactive people counts from that moment. ``at`` is the caller's clock,
    which may be a day being played back. See ``stakeholders_touch``.
    """
    stakeholders_touch(activity={stakeholder_id: at})


def stakeholders_touch(*, activity: Mapping[int, datetime.datetime]) -> None:
    """Note the activity of several people at once: person's id → when they acted.

    It never moves anyone's moment back: activity reported late (by the worker, say)
    does not hide a later one. One UPDATE whatever the number of people; not audited,
    as it changes nothing the person told us.
    """
    if not activity:
        return
    reported = Case(
        *(When(pk=pk, then=Value(at)) for pk, at in activity.items()),
        output_field=DateTimeField(),
    )
    Stakeholder.objects.filter(pk__in=activity).update(
        last_activity_at=Greatest(Coalesce("last_activity_at", reported), reported)
    )


@transaction.atomic
def stakeholder_merge(*, actor: Actor, keep: Stakeholder, remove: Stakeholder) -> Stakeholder:
    """Merge a duplicate into the person to keep, and delete the duplicate.

    Empty fields of ``keep`` are filled from ``remove``; notes are joined; tags and the
    consent ledgers are combined (the newest entry per purpose still decides). Other apps
    move their rows (invitations, say) through their merge hooks (``stakeholders.hooks``);
    should one refuse with a ``DomainError``, nothing is merged.
    """
    if keep.pk == remove.pk:
        raise DomainError("merge_same", _("Choose two different people to merge."))
    if keep.partner_id != remove.partner_id:
        raise DomainError(
            "merge_other_partner", _("Only people of the same stakeholder group can be merged.")
        )
    if keep.is_erased or remove.is_erased:
        raise DomainError("erased", _("Erased people cannot be merged."))
    before = _state(keep)
    removed = _state(remove) | {"id": remove.pk}
    for field in ("email", "phone", "organisation", "position"):
        if not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
    if remove.notes and remove.notes not in keep.notes:
        keep.notes = "\n\n".join(n for n in (keep.notes, remove.notes) if n)
    remove.consents.update(stakeholder=keep)
    keep.tags.add(*remove.tags.all())
    hooks.run_merge(keep=keep, remove=remove)
    remove_pk = remove.pk
    remove.delete()  # first, so that ``keep`` may take over its unique e-mail
    keep.search_text = search_text_of(keep)
    keep.last_activity_at = max(keep.last_activity_at, timezone.now())
    keep.save()
    consent_states_refresh(stakeholder_ids=[keep.pk])
    keep.refresh_from_db(fields=["invitation_consent"])
    old, new = diff(before, _state(keep))
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


@transaction.atomic
def stakeholder_erase(*, actor: Actor, stakeholder: Stakeholder, via: str = Via.WEB) -> None:
    """Erase a person's personal data for good (GDPR article 17).

    The row stays, anonymised, so that counts of people per organisation type and lab
    attendance still add up; names, contact details, notes, tags and the consent ledger go,
    and the personal values in the audit log entries about them (and about the duplicates
    once merged into them) are blanked. Other apps redact their own rows about the person
    through their erase hooks (``stakeholders.hooks``).
    """
    person = stakeholder
    if person.is_erased:
        return
    hooks.run_erase(stakeholder=person)
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
    consent_states_refresh(stakeholder_ids=[person.pk])
    person.invitation_consent = None
    audit_redact(
        obj=person, merged_action="stakeholders.stakeholder.merged", replacement=ERASED_NAME
    )
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

    Activity is any change to the person or their consent, and whatever other apps report
    through ``stakeholder_touch`` (an answer to an invitation, a check-in at a lab).
    ``months`` of 0 or less keeps everyone for inactivity alone. Also erased are the
    people whom an app keeps for a shorter time (``hooks.register(retention=...)``): a
    colleague sent in someone's place who never answered, say.
    """
    now = now or timezone.now()
    due = Stakeholder.objects.none()
    if months > 0:
        cutoff = now - datetime.timedelta(days=round(months * 30.44))
        due = Stakeholder.objects.filter(last_activity_at__lt=cutoff).exclude(
            consents__at__gte=cutoff
        )
    past_retention = hooks.people_past_retention(now=now)
    stale = Stakeholder.objects.filter(erased_at__isnull=True).filter(
        Q(pk__in=due.values("pk")) | Q(pk__in=past_retention)
    )
    count = 0
    for person in stale.select_related("partner").distinct().iterator():
        if not dry_run:
            stakeholder_erase(actor=actor, stakeholder=person, via=Via.SYSTEM)
        count += 1
    return count
