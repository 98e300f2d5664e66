"""Check people in at the door of a lab, undo a check-in, register walk-ins.

A person is checked in once per invitation, however many phones at the door scan or tap
at the same moment: the database refuses a second row (one-to-one with the invitation),
and the loser of that race is given the row that won. Checking in again, or sending a
check-in again after the connection came back, changes nothing and writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from learninglab.core import languages
from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.text import clean_spaces
from learninglab.labs.models import CheckIn, Invitation, Lab, LabStatus, Response, ResponseVia
from learninglab.labs.services.seats import seats_lock, seats_move
from learninglab.stakeholders.models import ConsentMethod, ConsentPurpose, Stakeholder
from learninglab.stakeholders.normalize import normalize_name
from learninglab.stakeholders.services.consent import consents_give
from learninglab.stakeholders.services.organisation import NewOrganisation
from learninglab.stakeholders.services.stakeholder import (
    StakeholderData,
    stakeholder_find_or_create_by_email,
    stakeholder_touch,
)

DEVICE_MAX_LENGTH = 60
# A check-in kept on a phone while the connection was down keeps the time it was made,
# when that time is plausible: not later than the service's clock, not from before this
# window up to it.
OFFLINE_WINDOW = datetime.timedelta(hours=12)

# What a walk-in may agree to on the spot, with the words they are shown. The version is
# stored with each consent, so that it can be told later exactly what was agreed to.
WALK_IN_CONSENT_VERSION = "walk-in form 1"
WALK_IN_CONSENTS: dict[str, Any] = {
    ConsentPurpose.INVITATIONS: _(
        "I agree that %(partner)s keeps my name, organisation and e-mail address to invite "
        "me to its next labs. I can stop the invitations at any time with the link in each "
        "e-mail."
    ),
    ConsentPurpose.PHOTOS: _(
        "I agree that photos taken at this lab in which I can be recognised may be published "
        "by %(partner)s to report on the project."
    ),
}


def _check_open(lab: Lab) -> None:
    if lab.status == LabStatus.CANCELLED:
        raise DomainError("cancelled", _("This lab was cancelled."))
    if lab.status == LabStatus.DRAFT:
        raise DomainError("draft", _("This lab is not published yet."))


def _check_day(lab: Lab, *, now: datetime.datetime, confirmed_early: bool) -> None:
    """Refuse a check-in long before the lab's day, unless it was confirmed."""
    if confirmed_early or not lab.is_long_before(now):
        return
    raise DomainError(
        "too_early",
        _(
            "This lab starts on %(date)s: check-in is usually done on the day. Nobody was "
            "checked in; confirm on the check-in page to check people in before the day."
        )
        % {"date": date_format(lab.local_starts_at, "DATE_FORMAT")},
    )


def _arrival_time(at: datetime.datetime | None, now: datetime.datetime) -> datetime.datetime:
    if at is None or at > now or at < now - OFFLINE_WINDOW:
        return now
    return at


def _existing(invitation: Invitation) -> CheckIn | None:
    return CheckIn.objects.filter(invitation=invitation).first()


def _create(
    *,
    actor: Actor,
    invitation: Invitation,
    device: str,
    at: datetime.datetime,
    is_walk_in: bool,
    now: datetime.datetime,
    via: str,
) -> tuple[CheckIn, bool]:
    """Insert the check-in unless there is one; return it and whether it is new."""
    existing = _existing(invitation)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                invitation=invitation,
                checked_in_at=at,
                checked_in_by=acting_user(actor),
                is_walk_in=is_walk_in,
                device=clean_spaces(device)[:DEVICE_MAX_LENGTH],
            )
    except IntegrityError:  # another device checked the same person in a moment earlier
        return CheckIn.objects.get(invitation=invitation), False
    audit_record(
        actor=actor,
        action="labs.checkin.recorded",
        obj=invitation,
        after={"checked_in_at": at, "is_walk_in": is_walk_in, "device": checkin.device},
        via=via,
    )
    stakeholder_touch(stakeholder_id=invitation.stakeholder_id, at=now)
    return checkin, True


@transaction.atomic
def checkin_record(
    *,
    actor: Actor,
    invitation: Invitation,
    device: str = "",
    at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
    confirmed_early: bool = False,
    via: str = Via.WEB,
) -> tuple[CheckIn, bool]:
    """Check the invited person in; return the check-in and whether it is new.

    A person already checked in keeps their first check-in, and nothing is written. ``at``
    is when a phone that was offline made the check-in; an implausible time is replaced by
    ``now``, the service's clock (the present unless given). A person who sent a colleague
    in their place is not checked in: the colleague is. Before the eve of the lab's day
    (``Lab.is_long_before``) nobody is checked in (``too_early``) unless
    ``confirmed_early``.
    """
    _check_open(invitation.lab)
    now = now or timezone.now()
    _check_day(invitation.lab, now=now, confirmed_early=confirmed_early)
    if invitation.response == Response.SUBSTITUTED:
        raise DomainError(
            "substituted",
            _("%(name)s sent a colleague in their place: check the colleague in.")
            % {"name": invitation.stakeholder.full_name},
        )
    return _create(
        actor=actor,
        invitation=invitation,
        device=device,
        at=_arrival_time(at, now),
        is_walk_in=False,
        now=now,
        via=via,
    )


@transaction.atomic
def checkin_undo(*, actor: Actor, invitation: Invitation) -> bool:
    """Take back a check-in made by mistake; return whether there was one to take back."""
    checkin = CheckIn.objects.select_for_update().filter(invitation=invitation).first()
    if checkin is None:
        return False
    before = {
        "checked_in_at": checkin.checked_in_at,
        "is_walk_in": checkin.is_walk_in,
        "device": checkin.device,
    }
    checkin.delete()
    audit_record(
        actor=actor,
        action="labs.checkin.undone",
        obj=invitation,
        before=before,
        via=Via.WEB,
    )
    return True


@dataclasses.dataclass
class WalkIn:
    """What a person arriving without an invitation tells the people at the door."""

    first_name: str
    last_name: str
    organisation_name: str = ""
    organisation_type: str = ""
    email: str = ""


def _language_of(lab: Lab) -> str:
    return languages.for_person(lab.partner.main_language)


def _walk_in_person(
    *, actor: Actor, lab: Lab, person: WalkIn, via: str
) -> tuple[Stakeholder, bool]:
    """Return the person from the partner's group (found by e-mail) or add them."""
    organisation_name = person.organisation_name.strip()
    return stakeholder_find_or_create_by_email(
        actor=actor,
        partner=lab.partner,
        data=StakeholderData(
            first_name=normalize_name(person.first_name),
            last_name=normalize_name(person.last_name),
            email=person.email,
            language=_language_of(lab),
            notes=str(_("Registered at the door of %(lab)s.") % {"lab": lab.slug}),
        ),
        new_organisation=(
            NewOrganisation(name=organisation_name, type=person.organisation_type or None)
            if organisation_name
            else None
        ),
        via=via,
    )


def _walk_in_invitation(
    *, actor: Actor, lab: Lab, person: Stakeholder, now: datetime.datetime
) -> tuple[Invitation, str]:
    """Return the person's invitation to the lab, attending in person; and the answer before.

    The caller holds the lab's lock (``seats_lock``): the seat is counted here.
    """
    attending = {
        "response": Response.ATTENDING,
        "response_via": ResponseVia.IN_PERSON,
        "responded_at": now,
        "waitlisted_at": None,
    }
    invitation = Invitation.objects.select_for_update().filter(lab=lab, stakeholder=person).first()
    if invitation is None:
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    lab=lab,
                    stakeholder=person,
                    language=person.language,
                    invited_by=acting_user(actor),
                    answer_count=1,
                    **attending,
                )
            seats_move(lab=lab, before="", after=Response.ATTENDING)
            return invitation, ""
        except IntegrityError:  # registered at another phone a moment ago
            invitation = Invitation.objects.select_for_update().get(lab=lab, stakeholder=person)
    before = invitation.response
    if before != Response.ATTENDING:
        seats_move(lab=lab, before=before, after=Response.ATTENDING)
        for field, value in attending.items():
            setattr(invitation, field, value)
        invitation.answer_count += 1
        invitation.save()
    return invitation, before


@transaction.atomic
def walk_in_register(
    *,
    actor: Actor,
    lab: Lab,
    person: WalkIn,
    consents: Iterable[str] = (),
    device: str = "",
    now: datetime.datetime | None = None,
    confirmed_early: bool = False,
    via: str = Via.WEB,
) -> CheckIn:
    """Register a person who came without an invitation, and check them in.

    A new person joins the partner's stakeholder group, and each consent they give on the
    spot (``invitations``, ``photos``) goes into their ledger as given in person. Someone
    of the group with the same e-mail address is checked in as that person instead, and
    the door can neither read nor change what the directory holds about them: their
    details and their consent ledger stay as they are (whoever typed the address may not
    be them; a withdrawal is reversed only by the person, through their own link, or by
    staff), and the door sees them by the name typed (``Invitation.name_at_door``). They
    are recorded as attending, answered in person, and checked in as a walk-in.
    Registering the same person twice checks them in once. No e-mail is sent. The answer,
    the consents and the check-in are dated ``now`` (the present unless given). Long before
    the lab's day nobody is registered (``too_early``) unless ``confirmed_early``, as for
    ``checkin_record``.
    """
    _check_open(lab)
    now = now or timezone.now()
    _check_day(lab, now=now, confirmed_early=confirmed_early)
    consents = set(consents)
    unknown = consents - set(WALK_IN_CONSENTS)
    if unknown:
        raise DomainError("consent_invalid", _("Unknown consent purpose."))
    if not clean_spaces(person.first_name) or not clean_spaces(person.last_name):
        raise DomainError("name_missing", _("Give the person's first and last name."))
    # The lab first, as every path that moves a seat: the walk-in takes one.
    locked = seats_lock(lab.pk)
    stakeholder, is_new = _walk_in_person(actor=actor, lab=lab, person=person, via=via)
    if is_new:
        consents_give(
            actor=actor,
            stakeholder=stakeholder,
            purposes=consents,
            method=ConsentMethod.IN_PERSON,
            text_version=WALK_IN_CONSENT_VERSION,
            at=now,
            via=via,
        )
    invitation, before = _walk_in_invitation(actor=actor, lab=locked, person=stakeholder, now=now)
    if not is_new and before != Response.ATTENDING:
        typed = f"{normalize_name(person.first_name)} {normalize_name(person.last_name)}"
        invitation.name_at_door = typed[:201]
        invitation.save(update_fields=["name_at_door", "updated_at"])
    if before != Response.ATTENDING:
        stakeholder_touch(stakeholder_id=stakeholder.pk, at=now)
        audit_record(
            actor=actor,
            action="labs.checkin.walk_in",
            obj=invitation,
            before={"response": before} if before else None,
            after={"response": Response.ATTENDING, "via": ResponseVia.IN_PERSON},
            extra={
                "stakeholder": stakeholder.pk,
                "new_person": is_new,
                "consents": sorted(consents) if is_new else [],
            },
            via=via,
        )
    invitation.lab = lab
    # Someone expected who was missed on the list is checked in, not counted as a walk-in.
    checkin, _created = _create(
        actor=actor,
        invitation=invitation,
        device=device,
        at=now,
        is_walk_in=before != Response.ATTENDING,
        now=now,
        via=via,
    )
    return checkin
