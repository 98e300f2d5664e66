"""Create, change, publish, cancel and duplicate labs. Every change is audited.

Saving the lab form is one change: ``lab_save`` writes the lab, its agenda and its
contact persons together, with one audit entry.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, audit_record, diff, snapshot
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.text import unique_slug
from learninglab.labs.emails import template_errors
from learninglab.labs.models import (
    AgendaItem,
    AgendaPractice,
    Lab,
    LabContact,
    LabKind,
    LabStatus,
    Question,
    RegistrationMode,
)
from learninglab.practices.models import GoodPractice
from learninglab.practices.selectors import presentable

LAB_FIELDS = (
    "kind",
    "round_number",
    "slug",
    "theme",
    "description",
    "results",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue_name",
    "venue_address",
    "map_url",
    "online_url",
    "capacity",
    "registration",
    "rsvp_deadline",
    "reminder_days",
    "previous",
    "invitation_subject",
    "invitation_body",
)
# A change of these reaches the calendars of people who were invited.
CALENDAR_FIELDS = ("starts_at", "ends_at", "venue_name", "venue_address", "online_url")
DEFAULT_DEADLINE = datetime.timedelta(days=2)


@dataclasses.dataclass
class LabData:
    """What a form or a script says about a lab. Times are aware datetimes."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    theme: Mapping[str, str]
    kind: str = LabKind.LOCAL_LAB
    round_number: int | None = None
    slug: str = ""
    description: Mapping[str, str] = dataclasses.field(default_factory=dict)
    results: Mapping[str, str] = dataclasses.field(default_factory=dict)
    time_zone: str = ""
    venue_name: str = ""
    venue_address: str = ""
    map_url: str = ""
    online_url: str = ""
    capacity: int | None = None
    registration: str = RegistrationMode.INVITATION_ONLY
    rsvp_deadline: datetime.datetime | None = None
    reminder_days: int = 3
    previous: Lab | None = None
    invitation_subject: Mapping[str, str] = dataclasses.field(default_factory=dict)
    invitation_body: Mapping[str, str] = dataclasses.field(default_factory=dict)


def placeholder_problems(lab: Lab) -> list[DomainError]:
    """Return one refusal per invitation text of ``lab`` (subject or body, in each
    language) that uses unknown placeholders; its params name the field and language."""
    problems = []
    for field in ("invitation_subject", "invitation_body"):
        for language, text in getattr(lab, field).items():
            unknown = template_errors(text or "")
            if unknown:
                names = ", ".join(f"{{{n}}}" for n in unknown)
                problems.append(
                    DomainError(
                        "unknown_placeholder",
                        _(
                            "The invitation text (%(language)s) uses unknown placeholders: "
                            "%(names)s."
                        )
                        % {"language": language, "names": names},
                        field=field,
                        language=language,
                        names=names,
                    )
                )
    return problems


def _validate(lab: Lab) -> None:
    if lab.ends_at <= lab.starts_at:
        raise DomainError("ends_before_start", _("The lab must end after it starts."))
    if lab.rsvp_deadline > lab.ends_at:
        raise DomainError(
            "deadline_after_lab", _("The answer deadline must be before the lab ends.")
        )
    if not lab.theme:
        raise DomainError("theme_missing", _("Give the lab a theme in at least one language."))
    previous = lab.previous
    if previous is not None and (previous.pk == lab.pk or previous.partner_id != lab.partner_id):
        raise DomainError(
            "previous_invalid", _("The previous lab must be another lab of the same partner.")
        )
    if previous is not None and previous.starts_at >= lab.starts_at:
        raise DomainError(
            "previous_invalid",
            _(
                "The previous lab must start before this one: choose an earlier lab of"
                " the same partner."
            ),
        )
    for problem in placeholder_problems(lab):
        raise problem


def _unique_slug(base: str, *, exclude_pk: int | None = None) -> str:
    stem = slugify(base)[:70] or "lab"
    others = Lab.objects.filter(slug__startswith=stem).exclude(
        pk__in=[exclude_pk] if exclude_pk else []
    )
    return unique_slug(stem, others.values_list("slug", flat=True), max_length=74)


def _apply(lab: Lab, data: LabData) -> None:
    for field in LAB_FIELDS:
        value = getattr(data, field)
        if field == "slug":
            continue
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            # In UTC, as the database gives it back: the same moment written in the lab's
            # zone must not count as a change of time (and a calendar update).
            value = value.astimezone(datetime.UTC)
        setattr(lab, field, value)
    lab.time_zone = data.time_zone or lab.partner.time_zone
    lab.rsvp_deadline = lab.rsvp_deadline or (lab.starts_at - DEFAULT_DEADLINE)


def _lab_snapshot(lab: Lab) -> dict[str, Any]:
    return snapshot(lab, (*LAB_FIELDS, "status", "sequence"))


def _create(*, partner: Any, data: LabData) -> Lab:
    lab = Lab(partner=partner)
    _apply(lab, data)
    round_part = f"lll-{data.round_number}" if data.round_number else data.kind
    lab.slug = _unique_slug(data.slug or f"{partner.slug}-{round_part}")
    _validate(lab)
    lab.save()
    return lab


def _update(*, lab: Lab, data: LabData) -> tuple[Lab, dict[str, Any], dict[str, Any]]:
    """Change the lab's row; return it with the changed values (before, after)."""
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    if lab.is_cancelled:
        raise DomainError("cancelled", _("A cancelled lab cannot be changed."))
    before = _lab_snapshot(lab)
    _apply(lab, data)
    if data.slug and data.slug != lab.slug:
        lab.slug = _unique_slug(data.slug, exclude_pk=lab.pk)
    _validate(lab)
    old, new = diff(before, _lab_snapshot(lab))
    if not new:
        return lab, old, new
    calendar_changed = any(field in new for field in CALENDAR_FIELDS)
    if calendar_changed and lab.invitations.filter(message__isnull=False).exists():
        lab.sequence += 1
        new["sequence"] = lab.sequence
    lab.save()
    if "sequence" in new:
        from learninglab.labs.services.invitation import changes_notify

        transaction.on_commit(lambda: changes_notify(lab_id=lab.pk, sequence=lab.sequence))
    return lab, old, new


def _agenda_audited(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "time": str(item.get("starts_at") or ""),
            "title": dict(item["title"]),
            "speaker": item.get("speaker", ""),
            **(
                {"practices": sorted(p.slug for p in item["practices"])}
                if item.get("practices")
                else {}
            ),
        }
        for item in items
    ]


def _presented(lab: Lab) -> dict[int, list[GoodPractice]]:
    """Return the practices each agenda item of ``lab`` presents, by item."""
    links = AgendaPractice.objects.filter(item__lab=lab).select_related("practice")
    presented: dict[int, list[GoodPractice]] = {}
    for link in links:
        presented.setdefault(link.item_id, []).append(link.practice)
    return presented


def _check_practices(lab: Lab, items: list[dict[str, Any]], before: set[int]) -> None:
    """Refuse a practice a lab of this partner cannot present (see ``presentable``); one
    it presented already may stay, whatever became of it since."""
    chosen = {p.pk for item in items for p in item.get("practices", ())}
    allowed = set(presentable(lab.partner).filter(pk__in=chosen).values_list("pk", flat=True))
    if chosen - allowed - before:
        raise DomainError(
            "practice_not_presentable",
            _(
                "A lab presents the published good practices of its project, or its own "
                "partner's practices."
            ),
        )


def _agenda_create(lab: Lab, items: list[dict[str, Any]]) -> None:
    created = AgendaItem.objects.bulk_create(
        AgendaItem(
            lab=lab,
            starts_at=item.get("starts_at"),
            title=item["title"],
            speaker=item.get("speaker", ""),
            position=n,
        )
        for n, item in enumerate(items)
    )
    AgendaPractice.objects.bulk_create(
        AgendaPractice(item=agenda_item, practice=practice)
        for agenda_item, item in zip(created, items, strict=True)
        for practice in dict.fromkeys(item.get("practices", ()))
    )


def _agenda_replace(lab: Lab, items: list[dict[str, Any]]) -> tuple[list, list]:
    """Replace the lab's agenda by ``items``; return the agenda before and after, as audited."""
    presented = _presented(lab)
    before = _agenda_audited(
        [
            {
                "starts_at": i.starts_at,
                "title": i.title,
                "speaker": i.speaker,
                "practices": presented.get(i.pk, []),
            }
            for i in lab.agenda.all()
        ]
    )
    after = _agenda_audited(items)
    if before != after:
        _check_practices(lab, items, {p.pk for ps in presented.values() for p in ps})
        lab.agenda.all().delete()
        _agenda_create(lab, items)
    return before, after


_CONTACT_FIELDS = ("role", "name", "function", "email", "phone")


def _contacts_replace(lab: Lab, contacts: list[dict[str, Any]]) -> tuple[list, list] | None:
    """Replace the lab's contact persons; return their names before and after, or None
    when the contacts are the same as before (nothing is written then)."""
    old = list(lab.contacts.all())
    before = [{f: getattr(c, f) for f in _CONTACT_FIELDS} for c in old]
    if before == [{f: contact.get(f, "") for f in _CONTACT_FIELDS} for contact in contacts]:
        return None
    lab.contacts.all().delete()
    LabContact.objects.bulk_create(
        LabContact(lab=lab, position=n, **contact) for n, contact in enumerate(contacts)
    )
    return [c.name for c in old], [c["name"] for c in contacts]


@transaction.atomic
def lab_save(
    *,
    actor: Actor,
    partner: Any,
    lab: Lab | None = None,
    data: LabData,
    agenda: list[dict[str, Any]],
    contacts: list[dict[str, Any]],
    via: str = Via.WEB,
) -> Lab:
    """Create a draft lab of ``partner`` (``lab`` None) or change ``lab``, with its agenda
    (time, title per language, speaker, the good practices presented) and contact persons
    (role, name, function per language, e-mail, phone), in that order; return the lab.

    An agenda item presents published practices of the project, or the partner's own
    (``practices.selectors.presentable``); one it presented already may stay.

    All of it is saved or nothing is (a refusal is a ``DomainError``), and it is audited
    once: ``labs.lab.created``, or ``labs.lab.updated`` with what changed (no entry when
    nothing did). A new lab's answer deadline defaults to two days before it starts;
    when the time or place of a lab whose invitations went out changes, its calendar
    SEQUENCE goes up and every attendee and waiting person gets an update.
    """
    is_new = lab is None
    if lab is None:
        lab = _create(partner=partner, data=data)
        before: dict[str, Any] = {}
        after = _lab_snapshot(lab)
    else:
        lab, before, after = _update(lab=lab, data=data)
    agenda_before, agenda_after = _agenda_replace(lab, agenda)
    if agenda_before != agenda_after:
        before["agenda"], after["agenda"] = agenda_before, agenda_after
    if (names := _contacts_replace(lab, contacts)) is not None:
        before["contacts"], after["contacts"] = names
    if is_new:
        audit_record(
            actor=actor,
            action="labs.lab.created",
            obj=lab,
            after=after,
            via=via,
        )
    elif after:
        audit_record(
            actor=actor,
            action="labs.lab.updated",
            obj=lab,
            before=before,
            after=after,
            via=via,
        )
    return lab


@transaction.atomic
def lab_update(*, actor: Actor, lab: Lab, data: LabData, via: str = Via.WEB) -> bool:
    """Change a lab's own facts and texts, leaving its agenda and contacts; return whether
    anything changed. (The lab form saves through ``lab_save``.)"""
    lab, before, after = _update(lab=lab, data=data)
    if after:
        audit_record(
            actor=actor,
            action="labs.lab.updated",
            obj=lab,
            before=before,
            after=after,
            via=via,
        )
    return bool(after)


@transaction.atomic
def lab_publish(*, actor: Actor, lab: Lab, via: str = Via.WEB) -> Lab:
    """Publish a draft lab: its public page and the partner's calendar show it."""
    if lab.status != LabStatus.DRAFT:
        raise DomainError("not_draft", _("Only a draft lab can be published."))
    lab.status = LabStatus.PUBLISHED
    lab.published_at = timezone.now()
    lab.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="labs.lab.published", obj=lab, via=via)
    return lab


@transaction.atomic
def lab_mark_held(
    *,
    actor: Actor,
    lab: Lab,
    now: datetime.datetime | None = None,
    confirmed_early: bool = False,
    via: str = Via.WEB,
) -> Lab:
    """Record that a published lab took place.

    Before the eve of its day (``Lab.is_long_before``, at ``now``, the present unless
    given) nothing changes (``too_early``) unless ``confirmed_early``.
    """
    if lab.status != LabStatus.PUBLISHED:
        raise DomainError(
            "not_published", _("Only a published lab can be recorded as having taken place.")
        )
    if lab.is_long_before(now) and not confirmed_early:
        raise DomainError(
            "too_early",
            _(
                "This lab starts on %(date)s: a lab is recorded as having taken place once it"
                " did. Nothing was changed."
            )
            % {"date": date_format(lab.local_starts_at, "DATE_FORMAT")},
        )
    lab.status = LabStatus.HELD
    lab.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="labs.lab.held", obj=lab, via=via)
    return lab


@transaction.atomic
def lab_cancel(*, actor: Actor, lab: Lab, via: str = Via.WEB) -> Lab:
    """Cancel a lab; everyone who was sent an invitation and has not declined is told,
    with a calendar cancellation (METHOD:CANCEL)."""
    # The row as it is now, locked: the SEQUENCE must go above the last update sent.
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    if lab.status in (LabStatus.CANCELLED, LabStatus.HELD):
        raise DomainError("cannot_cancel", _("This lab can no longer be cancelled."))
    lab.status = LabStatus.CANCELLED
    lab.cancelled_at = timezone.now()
    lab.sequence += 1
    lab.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    audit_record(actor=actor, action="labs.lab.cancelled", obj=lab, via=via)
    from learninglab.labs.services.invitation import changes_notify

    transaction.on_commit(lambda: changes_notify(lab_id=lab.pk, sequence=lab.sequence))
    return lab


@transaction.atomic
def lab_duplicate(
    *, actor: Actor, lab: Lab, starts_at: datetime.datetime, via: str = Via.WEB
) -> Lab:
    """Create the next round of ``lab`` as a draft starting at ``starts_at``.

    Texts, venue, agenda, contacts, capacity and the questions still asked (without their
    archived choices) are copied; the new lab points back to ``lab`` as its previous
    session; no invitation or answer is copied.
    """
    shift = starts_at - lab.starts_at
    data = LabData(
        **{field: getattr(lab, field) for field in LAB_FIELDS if field not in ("slug", "results")},
    )
    data.starts_at = starts_at
    data.ends_at = lab.ends_at + shift
    data.rsvp_deadline = lab.rsvp_deadline + shift
    data.round_number = (lab.round_number or 0) + 1 if lab.round_number else None
    data.previous = lab
    copy = _create(partner=lab.partner, data=data)
    audit_record(
        actor=actor,
        action="labs.lab.created",
        obj=copy,
        after=_lab_snapshot(copy),
        via=via,
    )
    presented = _presented(lab)
    _agenda_create(
        copy,
        [
            {
                "starts_at": i.starts_at,
                "title": i.title,
                "speaker": i.speaker,
                "practices": presented.get(i.pk, []),
            }
            for i in lab.agenda.all()
        ],
    )
    LabContact.objects.bulk_create(
        LabContact(
            lab=copy,
            role=c.role,
            name=c.name,
            function=c.function,
            email=c.email,
            phone=c.phone,
            position=c.position,
        )
        for c in lab.contacts.all()
    )
    Question.objects.bulk_create(
        Question(
            lab=copy,
            purpose=q.purpose,
            kind=q.kind,
            text=q.text,
            help_text=q.help_text,
            choices=[c.as_json() for c in q.offered],
            is_required=q.is_required,
            standard=q.standard,
            position=q.position,
        )
        for q in lab.questions.filter(is_archived=False)
    )
    return copy
