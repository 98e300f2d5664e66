"""Record answers to invitations, keep the capacity, run the waiting list.

Every answer for a lab is recorded under a lock on that lab's row (on PostgreSQL a row
lock; on SQLite the write lock that an IMMEDIATE transaction takes), so the number of
attending people never exceeds the capacity, however many answer at once.
"""

from __future__ import annotations

import datetime
import enum

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.core.audit import Actor, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.labs.models import (
    ConfirmationDue,
    Invitation,
    Lab,
    LabStatus,
    Response,
    ResponseVia,
    SuppressedAddress,
)
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import with_consents
from learninglab.stakeholders.services.stakeholder import (
    StakeholderData,
    stakeholder_find_or_create_by_email,
    stakeholder_touch,
)

NOTE_MAX_LENGTH = 1000
_SUPPRESSED = "learninglab.labs.suppressed"
# What ``Invitation.confirmation_due`` says is owed: the worker composes and queues it
# (``labs.jobs``), so that answering costs the person no wait for an e-mail.
_ANSWER_FIELDS = [
    "response",
    "response_note",
    "response_via",
    "responded_at",
    "waitlisted_at",
    "answer_count",
    "confirmation_due",
    "calendar_sequence",
    "is_calendar_cancelled",
    "updated_at",
]
_AUDIT_VIA: dict[str, str] = {ResponseVia.PHONE: Via.PHONE, ResponseVia.EMAIL: Via.EMAIL}


class Answer(enum.StrEnum):
    ATTEND = "attend"
    DECLINE = "decline"


def rsvp_is_open(lab: Lab, *, now: datetime.datetime | None = None) -> bool:
    """Return whether people may still answer through their link."""
    now = now or timezone.now()
    return lab.status == LabStatus.PUBLISHED and now <= lab.rsvp_deadline


def link_is_valid(invitation: Invitation, *, now: datetime.datetime | None = None) -> bool:
    """Return whether the personal link still opens a page: until the lab ends."""
    now = now or timezone.now()
    return now <= invitation.lab.ends_at


def _locked(invitation: Invitation) -> tuple[Lab, Invitation]:
    """Lock the lab, then read the invitation as it now stands (it may have changed)."""
    lab = (
        Lab.objects.select_for_update()
        .only("partner_id", "slug", "status", "rsvp_deadline", "capacity")
        .get(pk=invitation.lab_id)
    )
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    current.lab = lab
    if Invitation.stakeholder.is_cached(invitation):  # for the audit log's description
        current.stakeholder = invitation.stakeholder
    return lab, current


def _attending_count(lab: Lab) -> int:
    return Invitation.objects.filter(lab=lab, response=Response.ATTENDING).count()


def _calendar_follow(invitation: Invitation, *, before: str, new: str) -> None:
    """Keep the person's calendar revision in step with their answer (not saved here).

    A decline after attending owes a cancellation of the event they were sent (its
    confirmation carries METHOD:CANCEL); attending again after that owes the event
    back. Each of those raises ``calendar_sequence``, so the person's calendar takes
    the newer file over the older one (RFC 5546: same UID, higher SEQUENCE).
    """
    if before == Response.ATTENDING and new == Response.DECLINED:
        invitation.calendar_sequence += 1
        invitation.is_calendar_cancelled = True
    elif new == Response.ATTENDING and invitation.is_calendar_cancelled:
        invitation.calendar_sequence += 1
        invitation.is_calendar_cancelled = False


def _promote_first_waiting(
    lab: Lab, *, now: datetime.datetime, notify: bool = True
) -> Invitation | None:
    if lab.capacity is not None and _attending_count(lab) >= lab.capacity:
        return None
    first = (
        Invitation.objects.filter(lab=lab, response=Response.WAITLISTED)
        .order_by("waitlisted_at", "pk")
        .first()
    )
    if first is None:
        return None
    _calendar_follow(first, before=first.response, new=Response.ATTENDING)
    first.response = Response.ATTENDING
    first.waitlisted_at = None
    first.answer_count += 1
    first.confirmation_due = ConfirmationDue.PROMOTION if notify else ConfirmationDue.NONE
    first.save(
        update_fields=[
            "response",
            "waitlisted_at",
            "answer_count",
            "confirmation_due",
            "calendar_sequence",
            "is_calendar_cancelled",
            "updated_at",
        ]
    )
    audit_record(
        actor=None,
        action="labs.rsvp.promoted",
        obj=first,
        after={"response": Response.ATTENDING},
        via=Via.SYSTEM,
    )
    return first


@transaction.atomic
def rsvp_record(
    *,
    invitation: Invitation,
    answer: Answer | str,
    note: str = "",
    via: str = ResponseVia.LINK,
    actor: Actor = None,
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Invitation:
    """Record an answer and return the invitation as it now stands.

    Attending takes a seat while there is one, else joins the waiting list in order.
    Declining frees the seat for the first waiting person, who is told by e-mail.
    Through the personal link, answers close at the deadline; staff recording an answer
    received by phone or e-mail may do so later. Submitting the same answer twice
    changes nothing (and sends nothing). Each change owes the person an e-mail about
    their answer, which the worker composes and queues right after (see
    ``labs.jobs``). With ``notify=False`` (answers recorded for a past lab)
    nobody is written to.
    """
    answer = Answer(answer)
    note = (note or "").strip()[:NOTE_MAX_LENGTH]
    lab, current = _locked(invitation)
    # Read the clock under the lock: answers are then timed in the order they take seats,
    # and the waiting list, ordered by time, follows that order.
    now = now or timezone.now()
    if lab.status == LabStatus.CANCELLED:
        raise DomainError("cancelled", pgettext_lazy("stakeholder", "This lab was cancelled."))
    if lab.status == LabStatus.DRAFT:
        raise DomainError(
            "draft", pgettext_lazy("stakeholder", "This lab is not open for answers yet.")
        )
    if via == ResponseVia.LINK and not rsvp_is_open(lab, now=now):
        raise DomainError("closed", pgettext_lazy("stakeholder", "The time to answer has passed."))
    if current.response == Response.SUBSTITUTED:
        raise DomainError(
            "substituted", pgettext_lazy("stakeholder", "A colleague goes in your place.")
        )

    before = current.response
    if answer == Answer.ATTEND:
        if before in (Response.ATTENDING, Response.WAITLISTED):
            new = before
        elif lab.capacity is None or _attending_count(lab) < lab.capacity:
            new = Response.ATTENDING
        else:
            new = Response.WAITLISTED
            current.waitlisted_at = now
    else:
        new = Response.DECLINED
        current.waitlisted_at = None

    changed = new != before or note != current.response_note
    if not changed:
        return current
    _calendar_follow(current, before=before, new=new)
    current.response = new
    current.response_note = note
    current.response_via = via
    current.responded_at = now
    if new != before:
        current.answer_count += 1
        current.confirmation_due = ConfirmationDue.CONFIRMATION if notify else ConfirmationDue.NONE
    current.save(update_fields=_ANSWER_FIELDS)
    if not current.confirmation_due:
        # When an e-mail is owed, the worker reports the activity as it composes it
        # (``labs.jobs``): one write fewer while the person waits.
        stakeholder_touch(stakeholder_id=current.stakeholder_id, at=now)
    audit_record(
        actor=actor,
        action="labs.rsvp.recorded",
        obj=current,
        before={"response": before},
        after={"response": new, "via": via},
        via=_AUDIT_VIA.get(via, Via.WEB),
    )
    if before == Response.ATTENDING and new == Response.DECLINED:
        _promote_first_waiting(lab, now=now, notify=notify)
    return current


def _digest(partner_id: int, email: str) -> str:
    """Return the keyed digest an address is suppressed by (``SuppressedAddress``)."""
    value = f"{partner_id}:{email.strip().lower()}"
    return salted_hmac(_SUPPRESSED, value, algorithm="sha256").hexdigest()


def address_suppress(*, partner_id: int, email: str) -> None:
    """Never let a colleague nomination bring ``email`` back into the partner's group."""
    if email:
        SuppressedAddress.objects.get_or_create(
            partner_id=partner_id, digest=_digest(partner_id, email)
        )


def _may_be_nominated(lab: Lab, email: str) -> bool:
    """Return whether a colleague may be written to at ``email`` on someone else's word.

    Not who withdrew their consent to invitations (unsubscribing withdraws it), nor an
    address whose person was erased.
    """
    if SuppressedAddress.objects.filter(
        partner_id=lab.partner_id, digest=_digest(lab.partner_id, email)
    ).exists():
        return False
    known = with_consents(Stakeholder.objects.filter(partner_id=lab.partner_id, email=email))
    person = known.first()
    return person is None or getattr(person, "consent_invitations", None) is not False


@transaction.atomic
def rsvp_substitute(
    *,
    invitation: Invitation,
    first_name: str,
    last_name: str,
    email: str,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Invitation | None:
    """Send a colleague instead: mark the original substituted and invite the colleague.

    One colleague per invitation. The colleague is added to the stakeholder group for
    this one invitation, with no consent to further invitations; their e-mail says who
    suggested them and lets them refuse any further mail. Nobody is written to who
    withdrew their consent to invitations (or unsubscribed), or whose data was erased,
    and no one is added for them; nor is a colleague invited to the lab already invited
    again. The nominator is not told any of this: the original is substituted all the
    same, and None is returned instead of the colleague's invitation. A seat the
    original held is freed. The colleague's invitation e-mail is queued as a task for the
    worker once this commits.
    """
    now = now or timezone.now()
    lab = Lab.objects.select_for_update().get(pk=invitation.lab_id)
    current = (
        Invitation.objects.select_for_update().select_related("stakeholder").get(pk=invitation.pk)
    )
    if not rsvp_is_open(lab, now=now):
        raise DomainError("closed", pgettext_lazy("stakeholder", "The time to answer has passed."))
    if current.response == Response.SUBSTITUTED:
        raise DomainError(
            "substituted", pgettext_lazy("stakeholder", "You already sent a colleague.")
        )
    email = email.strip().lower()
    if email == current.stakeholder.email:
        raise DomainError(
            "same_person", pgettext_lazy("stakeholder", "Give your colleague's own e-mail address.")
        )
    substitute = None
    refused = "" if _may_be_nominated(lab, email) else "refused_mail"
    if not refused:
        colleague, _created = stakeholder_find_or_create_by_email(
            actor=None,
            partner=lab.partner,
            data=StakeholderData(
                first_name=first_name,
                last_name=last_name,
                email=email,
                organisation=current.stakeholder.organisation,
                language=current.stakeholder.language,
                notes=str(_("Sent in place of %(name)s.") % {"name": current.stakeholder}),
            ),
            via=Via.WEB,
        )
        if Invitation.objects.filter(lab=lab, stakeholder=colleague).exists():
            refused = "already_invited"
        else:
            substitute = Invitation.objects.create(
                lab=lab, stakeholder=colleague, language=colleague.language, substitute_for=current
            )
    held_seat = current.response == Response.ATTENDING
    current.response = Response.SUBSTITUTED
    current.response_note = (note or "").strip()[:NOTE_MAX_LENGTH]
    current.response_via = ResponseVia.LINK
    current.responded_at = now
    current.waitlisted_at = None
    current.answer_count += 1
    current.save()
    stakeholder_touch(stakeholder_id=current.stakeholder_id, at=now)
    audit_record(
        actor=None,
        action="labs.rsvp.substituted",
        obj=current,
        after={"substitute": substitute.stakeholder_id if substitute else None},
        extra={"not_invited": refused} if refused else None,
    )
    if held_seat:
        _promote_first_waiting(lab, now=now)

    def queue_invitation() -> None:
        # Composed by the worker like every other e-mail, not in the person's request.
        from learninglab.labs.tasks import send_lab_invitations

        send_lab_invitations.enqueue(lab.pk)

    if substitute is not None:
        transaction.on_commit(queue_invitation)
    return substitute
