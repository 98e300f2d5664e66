"""Record answers to invitations, keep the capacity, run the waiting list.

Every answer for a lab is recorded under a lock on that lab's row (on PostgreSQL a row
lock; on SQLite the write lock that an IMMEDIATE transaction takes), taken before the
invitation's, so the number of attending people never exceeds the capacity, however many
answer at once. The lab keeps its seats taken (``labs.services.seats``).
"""

from __future__ import annotations

import datetime
import enum
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.core import events, rows
from learninglab.core.audit import Actor, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.text import one_full_stop
from learninglab.labs.models import (
    ConfirmationDue,
    Invitation,
    Lab,
    LabStatus,
    Response,
    ResponseVia,
    SuppressedAddress,
)
from learninglab.labs.services.seats import seats_lock, seats_move, seats_move_statement
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
        .only("partner_id", "slug", "status", "rsvp_deadline", "capacity", "seats_taken")
        .get(pk=invitation.lab_id)
    )
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    current.lab = lab
    if Invitation.stakeholder.is_cached(invitation):  # for the audit log's description
        current.stakeholder = invitation.stakeholder
    return lab, current


def _calendar_follow(invitation: Invitation, *, before: str, new: str) -> None:
    """Keep the person's calendar revision in step with their answer (not saved here).

    A decline after attending, or a colleague sent in one's place after attending, owes
    a cancellation of the event they were sent (its confirmation carries METHOD:CANCEL);
    attending again after a decline owes the event back. Each of those raises
    ``calendar_sequence``, so the person's calendar takes the newer file over the older
    one (RFC 5546: same UID, higher SEQUENCE).
    """
    if before == Response.ATTENDING and new in (Response.DECLINED, Response.SUBSTITUTED):
        invitation.calendar_sequence += 1
        invitation.is_calendar_cancelled = True
    elif new == Response.ATTENDING and invitation.is_calendar_cancelled:
        invitation.calendar_sequence += 1
        invitation.is_calendar_cancelled = False


def _promote_first_waiting(
    lab: Lab, *, now: datetime.datetime, notify: bool = True
) -> Invitation | None:
    if lab.capacity is not None and lab.seats_taken >= lab.capacity:
        return None
    first = (
        Invitation.objects.filter(lab=lab, response=Response.WAITLISTED)
        .order_by("waitlisted_at", "pk")
        .first()
    )
    if first is None:
        return None
    _calendar_follow(first, before=first.response, new=Response.ATTENDING)
    seats_move(lab=lab, before=first.response, after=Response.ATTENDING)
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
    if via == ResponseVia.LINK and actor is None and notify and now is None:
        answered = _link_answer(invitation, answer=answer, note=note)
        if answered is not None:
            return answered
    return _rsvp_record(
        invitation=invitation,
        answer=answer,
        note=note,
        via=via,
        actor=actor,
        now=now,
        notify=notify,
    )


# -- the person's own answer, in a few statements -----------------------------------------------
#
# The busiest write of all (a spike of people answering at once, every one of them waiting
# on the lab's lock): its usual course is written in SQL, the lab locked first, then the
# invitation, the seat counted (``seats_move_statement``) and the answer audited as the
# other paths do. Whatever is out of that course (a refusal, a seat freed for the waiting
# list, a note changed alone) goes the way of every other answer, ``_rsvp_record``.

_SAME = "same"  # the answer already stands: nothing to write (also in the SQL below)


def _link_outcome(
    *, answer: Answer, is_open: bool, capacity: int | None, seats: int, before: str, same_note: bool
) -> str | None:
    """Return the response the link answer leads to, ``_SAME``, or None (``_rsvp_record``).

    The same rules as ``_rsvp_record``; PostgreSQL's statement below writes them in SQL.
    """
    if not is_open or before == Response.SUBSTITUTED:
        return None
    new: str | None
    if answer == Answer.DECLINE:
        new = None if before == Response.ATTENDING else Response.DECLINED
    elif before in (Response.ATTENDING, Response.WAITLISTED):
        new = before
    elif capacity is None or seats < capacity:
        new = Response.ATTENDING
    else:
        new = Response.WAITLISTED
    if new == before:
        return _SAME if same_note else None
    return new


_LINK_ANSWER_POSTGRESQL = """
WITH lab AS (
    SELECT id, status = %(published)s AND clock_timestamp() <= rsvp_deadline AS is_open,
           capacity, seats_taken
    FROM labs_lab WHERE id = %(lab)s FOR UPDATE
), invitation AS (
    -- The lab's row first: the invitation's lock waits for it.
    SELECT id, response, response_note, is_calendar_cancelled
    FROM labs_invitation WHERE id = %(invitation)s AND lab_id = (SELECT id FROM lab) FOR UPDATE
), moment AS (
    SELECT clock_timestamp() AS now FROM invitation
), decided AS (
    SELECT m.now, i.response AS before, i.is_calendar_cancelled,
        CASE
            WHEN NOT l.is_open OR i.response = %(substituted)s THEN NULL
            WHEN %(answer)s = %(decline)s THEN
                CASE WHEN i.response = %(attending)s THEN NULL ELSE %(declined)s END
            WHEN i.response IN (%(attending)s, %(waitlisted)s) THEN i.response
            WHEN l.capacity IS NULL OR l.seats_taken < l.capacity THEN %(attending)s
            ELSE %(waitlisted)s
        END AS new,
        i.response_note = %(note)s AS same_note
    FROM lab l, invitation i, moment m
), answer AS (
    SELECT *, CASE
        WHEN new IS NULL OR (new = before AND NOT same_note) THEN NULL
        WHEN new = before THEN 'same'
        ELSE new
    END AS outcome,
    (new = %(attending)s)::int - (before = %(attending)s)::int AS delta
    FROM decided
), recorded AS (
    UPDATE labs_invitation SET
        response = a.new, response_note = %(note)s, response_via = %(via)s,
        responded_at = a.now,
        waitlisted_at = CASE WHEN a.new = %(waitlisted)s THEN a.now END,
        answer_count = answer_count + 1, confirmation_due = %(due)s,
        calendar_sequence = calendar_sequence
            + CASE WHEN a.new = %(attending)s AND a.is_calendar_cancelled THEN 1 ELSE 0 END,
        is_calendar_cancelled = a.is_calendar_cancelled AND a.new <> %(attending)s,
        updated_at = a.now
    FROM answer a
    WHERE labs_invitation.id = %(invitation)s AND a.outcome IS NOT NULL AND a.outcome <> 'same'
    RETURNING labs_invitation.id
), seats AS (
    {seats}
), audited AS (
    INSERT INTO core_auditentry (
        at, actor_id, action, via, content_type_id, object_id, object_repr, partner_id, changes
    )
    SELECT a.now, NULL, %(action)s, %(audit_via)s, %(content_type)s, %(object_id)s, %(repr)s,
        %(partner)s, jsonb_build_object(
            'before', jsonb_build_object('response', a.before),
            'after', jsonb_build_object('response', a.new, 'via', %(via)s)
        )
    FROM answer a WHERE a.outcome IS NOT NULL AND a.outcome <> 'same'
)
SELECT outcome, before, now FROM answer
""".replace(
    "{seats}",
    seats_move_statement(
        lab_id="SELECT id FROM lab",
        delta=("SELECT delta FROM answer WHERE outcome IS NOT NULL AND outcome <> 'same'"),
    ),
)


def _link_answer(invitation: Invitation, *, answer: Answer, note: str) -> Invitation | None:
    """Record the person's answer through their link in its usual course; return the
    invitation as it now stands, or None when ``_rsvp_record`` is to take it."""
    lab = invitation.lab
    audit: dict[str, Any] = {
        "action": "labs.rsvp.recorded",
        "audit_via": Via.WEB,
        "content_type": ContentType.objects.get_for_model(Invitation).pk,
        "object_id": str(invitation.pk),
        "repr": str(invitation)[:200],
        "partner": lab.partner_id,
    }
    if connection.vendor == "postgresql":
        found = _link_answer_postgresql(invitation, answer=answer, note=note, audit=audit)
    else:
        found = _link_answer_sqlite(invitation, answer=answer, note=note, audit=audit)
    if found is None:
        return None
    outcome, before, now = found
    if outcome != _SAME:
        # The entry was written in SQL above: announce it as ``audit_record`` would.
        if events.is_wanted(audit["action"]):
            events.announce(
                events.Event(
                    action=audit["action"],
                    content_type_id=audit["content_type"],
                    object_id=audit["object_id"],
                    partner_id=audit["partner"],
                    at=now,
                    changes={
                        "before": {"response": before},
                        "after": {"response": outcome, "via": ResponseVia.LINK},
                    },
                )
            )
        _calendar_follow(invitation, before=before, new=outcome)
        invitation.response = outcome
        invitation.response_note = note
        invitation.response_via = ResponseVia.LINK
        invitation.responded_at = now
        invitation.waitlisted_at = now if outcome == Response.WAITLISTED else None
        invitation.answer_count += 1
        invitation.confirmation_due = ConfirmationDue.CONFIRMATION
    return invitation


def _link_answer_postgresql(
    invitation: Invitation, *, answer: Answer, note: str, audit: dict[str, Any]
) -> tuple[str, str, datetime.datetime] | None:
    """One statement, one round trip: outside a transaction it is one of its own."""
    params = {
        **audit,
        **{str(r): r.value for r in Response},
        "published": LabStatus.PUBLISHED,
        "decline": Answer.DECLINE,
        "lab": invitation.lab_id,
        "invitation": invitation.pk,
        "answer": answer.value,
        "note": note,
        "via": ResponseVia.LINK,
        "due": ConfirmationDue.CONFIRMATION,
    }
    with rows.cursor() as cursor:
        cursor.execute(_LINK_ANSWER_POSTGRESQL, params)
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return None
    return row[0], row[1], row[2]


def _link_answer_sqlite(
    invitation: Invitation, *, answer: Answer, note: str, audit: dict[str, Any]
) -> tuple[str, str, datetime.datetime] | None:
    """A few statements in one IMMEDIATE transaction: the database's lock is the lab's."""
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        now = timezone.now()
        cursor.execute(
            "SELECT l.status = %s AND l.rsvp_deadline >= %s, l.capacity, l.seats_taken,"
            " i.response, i.response_note = %s, i.is_calendar_cancelled"
            " FROM labs_invitation i JOIN labs_lab l ON l.id = i.lab_id WHERE i.id = %s",
            [LabStatus.PUBLISHED, adapt(now), note, invitation.pk],
        )
        is_open, capacity, seats, before, same_note, cancelled = cursor.fetchone()
        outcome = _link_outcome(
            answer=answer,
            is_open=bool(is_open),
            capacity=capacity,
            seats=seats,
            before=before,
            same_note=bool(same_note),
        )
        if outcome is None or outcome == _SAME:
            return None if outcome is None else (outcome, before, now)
        comes_back = outcome == Response.ATTENDING and bool(cancelled)
        cursor.execute(
            "UPDATE labs_invitation SET response = %s, response_note = %s, response_via = %s,"
            " responded_at = %s, waitlisted_at = %s, answer_count = answer_count + 1,"
            " confirmation_due = %s, calendar_sequence = calendar_sequence + %s,"
            " is_calendar_cancelled = %s, updated_at = %s WHERE id = %s",
            [
                outcome,
                note,
                ResponseVia.LINK,
                adapt(now),
                adapt(now) if outcome == Response.WAITLISTED else None,
                ConfirmationDue.CONFIRMATION,
                int(comes_back),
                bool(cancelled) and not comes_back,
                adapt(now),
                invitation.pk,
            ],
        )
        lab = Lab(pk=invitation.lab_id, seats_taken=seats)
        seats_move(lab=lab, before=before, after=outcome)
        changes = {"before": {"response": before}, "after": {"response": outcome, "via": "link"}}
        cursor.execute(
            "INSERT INTO core_auditentry (at, actor_id, action, via, content_type_id,"
            " object_id, object_repr, partner_id, changes)"
            " VALUES (%s, NULL, %s, %s, %s, %s, %s, %s, %s)",
            [
                adapt(now),
                audit["action"],
                audit["audit_via"],
                audit["content_type"],
                audit["object_id"],
                audit["repr"],
                audit["partner"],
                json.dumps(changes),
            ],
        )
    return outcome, before, now


@transaction.atomic
def _rsvp_record(
    *,
    invitation: Invitation,
    answer: Answer,
    note: str,
    via: str,
    actor: Actor,
    now: datetime.datetime | None,
    notify: bool,
) -> Invitation:
    """Record an answer under the lab's lock, through the ORM (see ``rsvp_record``)."""
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
        elif lab.capacity is None or lab.seats_taken < lab.capacity:
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
    seats_move(lab=lab, before=before, after=new)
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
    original held is freed, and its holder is sent the calendar file that removes the
    lab from their calendar (as a decline after attending is). The colleague's
    invitation e-mail is queued as a task for the worker once this commits.
    """
    now = now or timezone.now()
    lab = seats_lock(invitation.lab_id)
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
                notes=one_full_stop(
                    _("Sent in place of %(name)s.") % {"name": current.stakeholder}
                ),
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
    _calendar_follow(current, before=current.response, new=Response.SUBSTITUTED)
    seats_move(lab=lab, before=current.response, after=Response.SUBSTITUTED)
    if held_seat:
        # Their confirmation put the lab in their calendar: this one takes it out.
        current.confirmation_due = ConfirmationDue.CONFIRMATION
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
