"""Invite people to a lab and queue the e-mails about it.

Only people with invitation consent are ever invited (the stakeholder directory decides
who, in ``invitation_recipients``); a person is invited to a lab once; each e-mail has an
idempotency key in the outbox, so sending twice never sends anyone a second copy.

Also what a person's answer to our e-mails does to their consent (one-click unsubscribe).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools

from django.db import transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.labs import selectors
from learninglab.labs.combining import invitations_combined
from learninglab.labs.emails import (
    LabTexts,
    change_email,
    invitation_email,
    invitations_enqueue,
    response_email,
)
from learninglab.labs.models import CheckIn, Invitation, Lab, LabStatus, Response
from learninglab.labs.services.seats import seats_lock, seats_move
from learninglab.messaging.models import MessageKind
from learninglab.messaging.services import messages_enqueue_each, queued_ids, queued_keys
from learninglab.stakeholders.models import ConsentMethod, ConsentPurpose, Stakeholder
from learninglab.stakeholders.selectors import (
    Exclusion,
    invitation_recipients,
    name_sort_key,
    with_consents,
)
from learninglab.stakeholders.services.consent import consent_record

SEND_CHUNK = 200


def _preference(invitation: Invitation) -> tuple[bool, datetime.datetime]:
    """Rank an invitation to keep: answered before not answered, then the newest answer."""
    answered = invitation.response != Response.PENDING
    return answered, invitation.responded_at or datetime.datetime.min.replace(tzinfo=datetime.UTC)


@transaction.atomic
def invitations_combine(*, first: Invitation, second: Invitation) -> Invitation:
    """Make two invitations of one person to one lab a single one; return the one kept.

    For two records of the same person being merged. The invitation kept is the one
    answered, the most recently answered when both were (``first`` on a tie); it takes the
    other's check-in and note when it has none, the colleagues sent in the other's
    place, and what other apps hang on it (``labs.combining``: the feedback receipt). The
    other is deleted; its e-mails stay in the outbox. Audited on the invitation kept.
    """
    # The lab first, as every path that moves a seat; then the answers as they now stand.
    lab = seats_lock(first.lab_id)
    for invitation in (first, second):
        invitation.refresh_from_db(fields=["response", "responded_at", "response_note"])
    keep, drop = (first, second) if _preference(first) >= _preference(second) else (second, first)
    if not CheckIn.objects.filter(invitation=keep).exists():
        CheckIn.objects.filter(invitation=drop).update(invitation=keep)
    Invitation.objects.filter(substitute_for=drop).update(substitute_for=keep)
    invitations_combined(keep=keep, drop=drop)
    if not keep.response_note and drop.response_note:
        keep.response_note = drop.response_note
        keep.save(update_fields=["response_note", "updated_at"])
    audit_record(
        actor=None,
        action="labs.invitation.combined",
        obj=keep,
        before={"response": drop.response},
        after={"response": keep.response},
        extra={"dropped": drop.pk},
        via=Via.SYSTEM,
    )
    drop.delete()
    seats_move(lab=lab, before=drop.response, after="")
    return keep


# Answers a reminder may be sent of: a colleague sent instead answers for themselves.
REMINDABLE = (Response.ATTENDING, Response.WAITLISTED, Response.DECLINED)


def answer_reminder_key(invitation: Invitation) -> str:
    """Return the outbox key of the reminder of the invitation's current answer."""
    return f"answer-reminder:{invitation.pk}:{invitation.answer_count}"


@dataclasses.dataclass
class InvitationPlan:
    """What sending a lab's invitations does to a choice of people (``invitation_plan``).

    Each person is in one list: ``to_invite`` get an invitation; ``answered`` are never
    asked to answer, and those in ``remindable`` may be sent a reminder of their answer
    on purpose; ``waiting`` were sent their invitation and get nothing now; ``excluded``
    are written to by nobody, for the reason given. ``unsent`` are the lab's invitations
    (whoever is chosen) whose e-mail is still to go: any sending queues it.
    """

    to_invite: list[Stakeholder]
    excluded: list[Exclusion]
    answered: list[Invitation] = dataclasses.field(default_factory=list)
    waiting: list[Invitation] = dataclasses.field(default_factory=list)
    unsent: list[Invitation] = dataclasses.field(default_factory=list)
    remindable: set[int] = dataclasses.field(default_factory=set)
    reminded: set[int] = dataclasses.field(default_factory=set)

    @property
    def invitation_count(self) -> int:
        """Return how many invitation e-mails a sending queues with every new one ticked."""
        return len(self.to_invite) + len(self.unsent)


def _by_name(lab: Lab, invitations: list[Invitation]) -> list[Invitation]:
    """Sort in the alphabet of the lab's partner, as the lists from the database are."""
    key = name_sort_key(lab.partner)
    return sorted(
        invitations,
        key=lambda i: (key(i.stakeholder.last_name), key(i.stakeholder.first_name), i.pk),
    )


def _reachable(person: Stakeholder) -> bool:
    """Return whether a person invited already may still be written to about the lab."""
    consent = getattr(person, "consent_invitations", None)
    return not person.is_erased and bool(person.email) and consent is not False


def invitation_plan(*, lab: Lab, people: QuerySet[Stakeholder]) -> InvitationPlan:
    """Return how sending the invitations of ``lab`` to ``people`` would turn out.

    Changes nothing. A new invitation needs consent to invitations; a person invited
    already (a colleague sent in someone's place has given none) is sorted by their
    invitation, unless no e-mail may reach them any more.
    """
    eligible, excluded = invitation_recipients(people.filter(partner_id=lab.partner_id))
    invitations = {
        i.stakeholder_id: i
        for i in lab.invitations.select_related("stakeholder__organisation", "message")
    }
    unsent = list(selectors.invitations_unsent(lab).select_related("stakeholder__organisation"))
    plan = InvitationPlan(to_invite=[], excluded=[], unsent=_by_name(lab, unsent))
    candidates = [(p, None) for p in eligible] + [(e.stakeholder, e) for e in excluded]
    for person, exclusion in candidates:
        invitation = invitations.get(person.pk)
        if invitation is None or not _reachable(person):
            if exclusion is None:
                plan.to_invite.append(person)
            else:
                plan.excluded.append(exclusion)
        elif invitation.response != Response.PENDING:
            plan.answered.append(invitation)
        elif invitation.message_id is not None:
            plan.waiting.append(invitation)
        # else: in ``unsent``, which the sending queues whoever is chosen
    plan.answered, plan.waiting = _by_name(lab, plan.answered), _by_name(lab, plan.waiting)
    may_remind = [i for i in plan.answered if i.response in REMINDABLE]
    keys = queued_keys(answer_reminder_key(i) for i in may_remind)
    plan.reminded = {i.pk for i in may_remind if answer_reminder_key(i) in keys}
    plan.remindable = {i.pk for i in may_remind} - plan.reminded
    return plan


@transaction.atomic
def invitations_create(
    *, actor: Actor, lab: Lab, people: QuerySet[Stakeholder], via: str = Via.WEB
) -> InvitationPlan:
    """Invite the eligible ``people`` to a published lab; return the plan carried out.

    Nobody is invited twice to the same lab, even by two staff members at once.
    """
    if lab.status != LabStatus.PUBLISHED:
        raise DomainError("not_published", _("Publish the lab before inviting people."))
    plan = invitation_plan(lab=lab, people=people)
    Invitation.objects.bulk_create(
        [
            Invitation(lab=lab, stakeholder=p, language=p.language, invited_by_id=_user_id(actor))
            for p in plan.to_invite
        ],
        ignore_conflicts=True,
    )
    if plan.to_invite:
        audit_record(
            actor=actor,
            action="labs.invitations.created",
            obj=lab,
            extra={"count": len(plan.to_invite), "stakeholders": [p.pk for p in plan.to_invite]},
            via=via,
        )
    return plan


@dataclasses.dataclass(frozen=True)
class Sending:
    """What ``invitations_create_and_send`` did: who was invited, who reminded."""

    invited: list[Stakeholder]
    reminded: list[Invitation]


@transaction.atomic
def invitations_create_and_send(
    *,
    actor: Actor,
    lab: Lab,
    people: QuerySet[Stakeholder],
    remind: QuerySet[Invitation] | None = None,
    via: str = Via.WEB,
) -> Sending:
    """Invite ``people`` as ``invitations_create`` does, remind ``remind`` of their answer
    as ``answers_remind`` does, and have the worker send the e-mails.

    The sending is queued once the invitations are committed; it also picks up the
    invitations of an earlier run whose e-mails were not queued yet, never those of
    people who answered meanwhile.
    """
    plan = invitations_create(actor=actor, lab=lab, people=people, via=via)
    reminded = []
    if remind is not None and remind.exists():
        reminded = answers_remind(actor=actor, lab=lab, invitations=remind, via=via)

    def queue_sending() -> None:
        from learninglab.labs.tasks import send_lab_invitations  # the task calls this module

        send_lab_invitations.enqueue(lab.pk)

    transaction.on_commit(queue_sending)
    return Sending(invited=plan.to_invite, reminded=reminded)


@transaction.atomic
def answers_remind(
    *, actor: Actor, lab: Lab, invitations: QuerySet[Invitation], via: str = Via.WEB
) -> list[Invitation]:
    """Have the worker send each of ``invitations`` a reminder of their answer; return them.

    The reminder says what the person answered (the e-mail that confirms it, with its
    calendar file and check-in code) and how to change it; it never asks them to answer.
    Staff send it on purpose, to people the sending of invitations leaves alone because
    they answered already (often by phone). Only attending, waiting and declined
    invitations of a published lab whose person may be written to get one, once per
    answer: sending twice sends one.
    """
    if lab.status != LabStatus.PUBLISHED:
        raise DomainError("not_published", _("Publish the lab before inviting people."))
    chosen = set(invitations.filter(lab=lab).values_list("pk", flat=True))
    plan = invitation_plan(lab=lab, people=Stakeholder.objects.filter(invitations__pk__in=chosen))
    reminded = [i for i in plan.answered if i.pk in plan.remindable]
    if not reminded:
        return []
    audit_record(
        actor=actor,
        action="labs.answers.reminded",
        obj=lab,
        extra={"count": len(reminded), "invitations": [i.pk for i in reminded]},
        via=via,
    )

    def queue_sending() -> None:
        from learninglab.labs.tasks import send_answer_reminders  # the task calls this module

        send_answer_reminders.enqueue(lab.pk, [i.pk for i in reminded])

    transaction.on_commit(queue_sending)
    return reminded


def answer_reminders_send(*, lab_id: int, invitation_ids: list[int]) -> int:
    """Queue the reminder of their answer of each of ``invitation_ids``; return how many.

    The worker's half of ``answers_remind``: the answer is read again, so the reminder
    tells the answer as it stands, and an answer changed meanwhile to none that may be
    reminded gets nothing.
    """
    lab = (
        Lab.objects.select_related("partner__project", "previous")
        .prefetch_related("contacts")
        .get(pk=lab_id)
    )
    invitations = list(
        lab.invitations.filter(pk__in=invitation_ids, response__in=REMINDABLE)
        .exclude(stakeholder__in=selectors.unreachable_people(lab.partner_id))
        .select_related("stakeholder__organisation", "substitute_for__stakeholder")
    )
    for invitation in invitations:
        invitation.lab = lab  # shares the prefetched contacts
    return messages_enqueue_each(
        invitations,
        key=answer_reminder_key,
        kind=MessageKind.CONFIRMATION,
        compose=response_email,
        partner=lab.partner,
    )


def _user_id(actor: Actor) -> int | None:
    user = acting_user(actor)
    return user.pk if user is not None else None


def invitation_key(invitation: Invitation) -> str:
    """Return the outbox key of the invitation e-mail of ``invitation``."""
    return f"invitation:{invitation.pk}"


def invitations_send(*, lab_id: int) -> int:
    """Queue the invitation e-mail of every invitation of the lab not queued yet, but
    to people who answered already or may not be written to (``invitations_unsent``).

    Return how many were queued now. Safe to run twice, or in two workers at once.
    """
    lab = (
        Lab.objects.select_related("partner__project", "previous")
        .prefetch_related("contacts")
        .get(pk=lab_id)
    )
    if lab.status != LabStatus.PUBLISHED:
        return 0
    queued = 0
    # Nobody who answered is asked to answer: not who answered staff by phone before
    # the e-mail went, nor who was registered at the door (``invitations_unsent``).
    pending = (
        selectors.invitations_unsent(lab)
        .select_related("stakeholder__organisation", "substitute_for__stakeholder")
        .order_by("pk")
    )
    texts = LabTexts(lab)
    last_pk = 0
    while True:
        chunk = list(pending.filter(pk__gt=last_pk)[:SEND_CHUNK])
        if not chunk:
            return queued
        last_pk = chunk[-1].pk
        for invitation in chunk:
            invitation.lab = lab  # shares the prefetched contacts
        queued += messages_enqueue_each(
            chunk,
            key=invitation_key,
            kind=MessageKind.INVITATION,
            compose=functools.partial(invitation_email, texts=texts),
            partner=lab.partner,
        )
        # Each invitation points at its e-mail, all of the lot in one statement.
        messages = queued_ids(invitation_key(invitation) for invitation in chunk)
        ids = {i.pk: messages[invitation_key(i)] for i in chunk if invitation_key(i) in messages}
        Invitation.objects.filter(pk__in=list(ids), message__isnull=True).update(
            message_id=Case(*(When(pk=pk, then=Value(message)) for pk, message in ids.items()))
        )


def changes_notify(*, lab_id: int, sequence: int) -> int:
    """Tell people of a new time or place, or of a cancellation, once per change.

    Attendees and waiting people get an update (same calendar UID, higher SEQUENCE); on
    cancellation, everyone who was sent an invitation or is expected, and has not
    declined, is told. Whoever answered before any invitation e-mail is told too.
    """
    lab = Lab.objects.select_related("partner").prefetch_related("contacts").get(pk=lab_id)
    # Who was sent an invitation, and who answered without one (to staff, at the door).
    invitations = (
        lab.invitations.filter(Q(message__isnull=False) | ~Q(response=Response.PENDING))
        .exclude(stakeholder__email="")
        .select_related("stakeholder__organisation")
    )
    if lab.is_cancelled:
        targets = invitations.filter(
            response__in=[Response.ATTENDING, Response.WAITLISTED, Response.PENDING]
        )
        return invitations_enqueue(
            targets,
            key="cancel:{pk}",
            kind=MessageKind.CANCELLATION,
            compose=lambda i: change_email(i, cancel=True),
            lab=lab,
        )
    targets = invitations.filter(response__in=[Response.ATTENDING, Response.WAITLISTED])
    return invitations_enqueue(
        targets,
        key=f"update:{{pk}}:{sequence}",
        kind=MessageKind.UPDATE,
        compose=lambda i: change_email(i, cancel=False),
        lab=lab,
    )


# Stored with a consent given again on the unsubscribe page, as the words the person saw.
RESUBSCRIBE_TEXT_VERSION = "unsubscribe page 1"


def _person_with_consents(invitation: Invitation) -> Stakeholder:
    return with_consents(Stakeholder.objects.filter(pk=invitation.stakeholder_id)).get()


def invitations_unsubscribe(*, invitation: Invitation) -> bool:
    """Withdraw the person's consent to invitations (one-click unsubscribe).

    Return whether it changed anything: unsubscribing twice records one withdrawal.
    """
    person = _person_with_consents(invitation)
    if person.is_erased or getattr(person, "consent_invitations", None) is False:
        return False
    consent_record(
        actor=None,
        stakeholder=person,
        purpose=ConsentPurpose.INVITATIONS,
        given=False,
        method=ConsentMethod.UNSUBSCRIBE,
        text_version="",
        via=Via.WEB,
    )
    return True


def invitations_are_withdrawn(*, invitation: Invitation) -> bool:
    """Return whether the person of ``invitation`` withdrew their consent to invitations."""
    person = _person_with_consents(invitation)
    return not person.is_erased and getattr(person, "consent_invitations", None) is False


def invitations_resubscribe(*, invitation: Invitation) -> bool:
    """Give the consent to invitations again, as the person asks through their own link.

    Only a withdrawn consent is given again (recorded as given on a web page, by nobody
    but the person); return whether anything changed. This and staff with directory
    rights (``stakeholders.consent``) are the only ways back from a withdrawal: the door
    cannot do it (``labs.services.checkin``).
    """
    person = _person_with_consents(invitation)
    if person.is_erased or getattr(person, "consent_invitations", None) is not False:
        return False
    consent_record(
        actor=None,
        stakeholder=person,
        purpose=ConsentPurpose.INVITATIONS,
        given=True,
        method=ConsentMethod.WEB,
        text_version=RESUBSCRIBE_TEXT_VERSION,
        via=Via.WEB,
    )
    return True
