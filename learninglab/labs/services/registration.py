"""Registration for an open lab through its public page, without an invitation.

A registration counts only once its e-mail address is confirmed, through a link sent to it
and valid for a day; until then it holds no seat and nobody is added to the group. On
confirmation (and, at a lab with approval, once staff accept it) the person is found in the
partner's stakeholder group by their address, or added to it, with the consents they ticked
recorded as given on the form; then they get an invitation answered "attending", which
takes a seat or a place on the waiting list exactly as an invited person's answer does
(``rsvp_record``, under the lab's lock). A person who withdrew their consent or was erased
comes back only this way: through their own registration, with the consents they gave on it.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.labs.emails import registration_confirmation_email, registration_declined_email
from learninglab.labs.models import (
    Invitation,
    Lab,
    LabStatus,
    Registration,
    RegistrationMode,
    RegistrationState,
    Response,
    ResponseVia,
)
from learninglab.labs.selectors import lab_questions
from learninglab.labs.services.answer import Answer, rsvp_record
from learninglab.labs.services.question import answers_check, answers_store
from learninglab.messaging.models import MessageKind
from learninglab.messaging.services import message_enqueue
from learninglab.stakeholders.models import ConsentMethod, ConsentPurpose, Stakeholder
from learninglab.stakeholders.normalize import normalize_name
from learninglab.stakeholders.services.consent import consents_give
from learninglab.stakeholders.services.organisation import NewOrganisation
from learninglab.stakeholders.services.stakeholder import (
    StakeholderData,
    stakeholder_find_or_create_by_email,
)

# How long the link that confirms an address stays valid; unconfirmed registrations are
# deleted once it has run out.
CONFIRMATION_VALID = datetime.timedelta(days=1)

# What a person may agree to when registering, each purpose separately and none ticked
# beforehand, with the words they are shown. The version is stored with each consent.
REGISTRATION_CONSENT_VERSION = "registration form 1"
REGISTRATION_CONSENTS: dict[str, Any] = {
    ConsentPurpose.INVITATIONS: pgettext_lazy(
        "stakeholder",
        "I agree that %(partner)s keeps my name, organisation and e-mail address to invite me "
        "to its next labs. I can stop the invitations at any time with the link in each e-mail.",
    ),
    ConsentPurpose.PHOTOS: pgettext_lazy(
        "stakeholder",
        "I agree that photos taken at this lab in which I can be recognised may be published "
        "by %(partner)s to report on the project.",
    ),
    ConsentPurpose.PUBLIC_LISTING: pgettext_lazy(
        "stakeholder",
        "I agree that my name and organisation may be listed publicly among the participants "
        "of the project's labs.",
    ),
}


@dataclasses.dataclass(frozen=True)
class RegistrationData:
    """What a person typed in the registration form."""

    first_name: str
    last_name: str
    email: str
    language: str
    organisation_name: str = ""
    organisation_type: str = ""
    consents: frozenset[str] = frozenset()
    # The answers to the lab's registration questions (question pk → value).
    answers: Mapping[int, Any] = dataclasses.field(default_factory=dict)


def registration_is_open(lab: Lab, *, now: datetime.datetime | None = None) -> bool:
    """Return whether people may register for ``lab`` now: it is open to registration,
    published, and its deadline has not passed."""
    now = now or timezone.now()
    return (
        lab.registration != RegistrationMode.INVITATION_ONLY
        and lab.status == LabStatus.PUBLISHED
        and now < lab.rsvp_deadline
    )


def _closed() -> DomainError:
    return DomainError(
        "registration_closed", pgettext_lazy("stakeholder", "Registration for this lab is closed.")
    )


@transaction.atomic
def registration_request(
    *, lab: Lab, data: RegistrationData, now: datetime.datetime | None = None
) -> Registration:
    """Keep what the person typed and send the link that confirms their address.

    Nothing else happens before the confirmation: no seat, no person in the group, no
    audit entry (an address typed by someone else leaves nothing behind but this row,
    deleted after a day).
    """
    now = now or timezone.now()
    if not registration_is_open(lab, now=now):
        raise _closed()
    if not data.consents <= set(REGISTRATION_CONSENTS):
        raise DomainError("consent_invalid", _("Unknown consent purpose."))
    answers_check(lab_questions(lab), data.answers)
    registration = Registration.objects.create(
        lab=lab,
        first_name=normalize_name(data.first_name),
        last_name=normalize_name(data.last_name),
        email=data.email.strip().lower(),
        organisation_name=data.organisation_name.strip(),
        organisation_type=data.organisation_type,
        language=data.language,
        consents=sorted(data.consents),
        answers={str(pk): value for pk, value in data.answers.items() if value is not None},
        created_at=now,
    )

    def send_link() -> None:
        message_enqueue(
            key=f"registration:{registration.pk}",
            kind=MessageKind.REGISTRATION,
            email=registration_confirmation_email(registration),
            partner=lab.partner,
        )

    transaction.on_commit(send_link)
    return registration


def registration_link_is_valid(
    registration: Registration, *, now: datetime.datetime | None = None
) -> bool:
    """Return whether the registration's confirmation link may still be used."""
    if registration.state != RegistrationState.UNCONFIRMED:
        return True  # confirmed already: the link shows where things stand
    return (now or timezone.now()) < registration.created_at + CONFIRMATION_VALID


@transaction.atomic
def registration_confirm(
    *, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """Confirm the registration's address; return the registration as it now stands.

    Confirming twice changes nothing. At an open lab the person is registered at once
    (``REGISTERED``, with an invitation answered "attending" or on the waiting list); at a
    lab with approval the registration waits for staff (``AWAITING_APPROVAL``).
    """
    now = now or timezone.now()
    current = Registration.objects.select_for_update().select_related("lab").get(pk=registration.pk)
    if current.state != RegistrationState.UNCONFIRMED:
        return current
    if not registration_link_is_valid(current, now=now):
        raise DomainError(
            "registration_expired",
            pgettext_lazy(
                "stakeholder",
                "This link has expired: a registration must be confirmed within a day. "
                "Please register again.",
            ),
        )
    lab = current.lab
    if not registration_is_open(lab, now=now):
        raise _closed()
    person = _person(current, now=now)
    current.stakeholder, current.confirmed_at = person, now
    # From now on the person's details live in their record alone.
    current.first_name = current.last_name = current.email = current.organisation_name = ""
    current.organisation_type = ""
    audit_record(actor=None, action="labs.registration.confirmed", obj=current, via=Via.WEB)
    if lab.registration == RegistrationMode.APPROVAL:
        current.state = RegistrationState.AWAITING_APPROVAL
        current.save()
        return current
    _register(current, actor=None, now=now)
    return current


def _person(registration: Registration, *, now: datetime.datetime) -> Stakeholder:
    """Return the person of the partner's group with the registration's address, or add
    them; record the consents they ticked, as given on the form."""
    lab = registration.lab
    organisation = registration.organisation_name
    person, _is_new = stakeholder_find_or_create_by_email(
        actor=None,
        partner=lab.partner,
        data=StakeholderData(
            first_name=registration.first_name,
            last_name=registration.last_name,
            email=registration.email,
            language=registration.language,
            notes=str(_("Registered on the public page of %(lab)s.") % {"lab": lab.slug}),
        ),
        new_organisation=(
            NewOrganisation(name=organisation, type=registration.organisation_type or None)
            if organisation
            else None
        ),
        via=Via.WEB,
    )
    consents_give(
        actor=None,
        stakeholder=person,
        purposes=registration.consents,
        method=ConsentMethod.WEB,
        text_version=REGISTRATION_CONSENT_VERSION,
        at=now,
    )
    return person


def _register(registration: Registration, *, actor: Actor, now: datetime.datetime) -> None:
    """Give the registration's person a seat, or a place on the waiting list, through an
    invitation answered "attending"; an invitation they hold already is answered."""
    lab, person = registration.lab, registration.stakeholder
    assert person is not None
    invitation = Invitation.objects.filter(lab=lab, stakeholder=person).first()
    if invitation is None:
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    lab=lab, stakeholder=person, language=person.language or registration.language
                )
        except IntegrityError:  # invited by staff a moment ago
            invitation = Invitation.objects.get(lab=lab, stakeholder=person)
    if invitation.response not in (Response.ATTENDING, Response.WAITLISTED):
        invitation = rsvp_record(
            invitation=invitation,
            answer=Answer.ATTEND,
            via=ResponseVia.REGISTRATION,
            actor=actor,
            now=now,
        )
    if registration.answers:
        answers_store(
            invitation=invitation,
            questions=lab_questions(lab),
            values={int(pk): value for pk, value in registration.answers.items()},
            actor=actor,
        )
    registration.invitation, registration.answers = invitation, {}
    registration.state = RegistrationState.REGISTERED
    registration.save()


@transaction.atomic
def registration_decide(
    *, actor: Actor, registration: Registration, accept: bool, via: str = Via.WEB
) -> Registration:
    """Accept a registration awaiting approval (the person is registered as at an open
    lab) or decline it (the person is told by e-mail); return it as it now stands."""
    current = Registration.objects.select_for_update().select_related("lab").get(pk=registration.pk)
    if current.state != RegistrationState.AWAITING_APPROVAL:
        raise DomainError(
            "registration_decided", _("This registration was decided already: nothing changed.")
        )
    now = timezone.now()
    current.decided_at, current.decided_by = now, acting_user(actor)
    if accept:
        if current.lab.status != LabStatus.PUBLISHED:
            raise DomainError("not_published", _("Only a published lab takes registrations."))
        _register(current, actor=actor, now=now)
    else:
        current.state, current.answers = RegistrationState.DECLINED, {}
        current.save()

        def tell() -> None:
            message_enqueue(
                key=f"registration-declined:{current.pk}",
                kind=MessageKind.REGISTRATION,
                email=registration_declined_email(current),
                partner=current.lab.partner,
            )

        transaction.on_commit(tell)
    audit_record(
        actor=actor,
        action="labs.registration.accepted" if accept else "labs.registration.declined",
        obj=current,
        via=via,
    )
    return current


def registrations_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the registrations whose address was not confirmed in time; return how many."""
    cutoff = (now or timezone.now()) - CONFIRMATION_VALID
    expired = Registration.objects.filter(
        state=RegistrationState.UNCONFIRMED, created_at__lt=cutoff
    )
    deleted, _per_model = expired.delete()
    return deleted
