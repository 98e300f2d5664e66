"""Invite people to a lab and queue the e-mails about it.

Only people with invitation consent are ever invited (the stakeholder directory decides
who, in ``invitation_recipients``); a person is invited to a lab once; each e-mail has an
idempotency key in the outbox, so sending twice never sends anyone a second copy.

Also what a person's answer to our e-mails does to their consent (one-click unsubscribe).
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.labs.combining import invitations_combined
from learninglab.labs.emails import change_email, invitation_email, invitations_enqueue
from learninglab.labs.models import CheckIn, Invitation, Lab, LabStatus, Response, ResponseVia
from learninglab.messaging.models import MessageKind
from learninglab.messaging.services import message_enqueue
from learninglab.stakeholders.models import ConsentMethod, ConsentPurpose, Stakeholder
from learninglab.stakeholders.selectors import Exclusion, invitation_recipients, with_consents
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
    return keep


@dataclasses.dataclass
class InvitationPlan:
    """Who a choice of people splits into: to invite, invited before, and excluded (why)."""

    to_invite: list[Stakeholder]
    already_invited: list[Stakeholder]
    excluded: list[Exclusion]


def invitation_plan(*, lab: Lab, people: QuerySet[Stakeholder]) -> InvitationPlan:
    """Return how inviting ``people`` to ``lab`` would turn out, changing nothing."""
    eligible, excluded = invitation_recipients(people.filter(partner_id=lab.partner_id))
    invited = set(lab.invitations.values_list("stakeholder_id", flat=True))
    return InvitationPlan(
        to_invite=[p for p in eligible if p.pk not in invited],
        already_invited=[p for p in eligible if p.pk in invited],
        excluded=excluded,
    )


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


@transaction.atomic
def invitations_create_and_send(
    *, actor: Actor, lab: Lab, people: QuerySet[Stakeholder], via: str = Via.WEB
) -> InvitationPlan:
    """Invite ``people`` as ``invitations_create`` does, and have the worker send the e-mails.

    The sending is queued once the invitations are committed; it also picks up the
    invitations of an earlier run whose e-mails were not queued yet.
    """
    plan = invitations_create(actor=actor, lab=lab, people=people, via=via)

    def queue_sending() -> None:
        from learninglab.labs.tasks import send_lab_invitations  # the task calls this module

        send_lab_invitations.enqueue(lab.pk)

    transaction.on_commit(queue_sending)
    return plan


def _user_id(actor: Actor) -> int | None:
    user = acting_user(actor)
    return user.pk if user is not None else None


def invitations_send(*, lab_id: int) -> int:
    """Queue the invitation e-mail of every invitation of the lab not queued yet.

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
    # People who came without an invitation were registered at the door (answered in
    # person): they are never sent one afterwards.
    pending = (
        lab.invitations.filter(message__isnull=True)
        .exclude(response=Response.SUBSTITUTED)
        .exclude(response_via=ResponseVia.IN_PERSON)
        .select_related("stakeholder__organisation", "substitute_for__stakeholder")
        .order_by("pk")
    )
    last_pk = 0
    while True:
        chunk = list(pending.filter(pk__gt=last_pk)[:SEND_CHUNK])
        if not chunk:
            return queued
        last_pk = chunk[-1].pk
        for invitation in chunk:
            invitation.lab = lab  # shares the prefetched contacts
            message, created = message_enqueue(
                key=f"invitation:{invitation.pk}",
                kind=MessageKind.INVITATION,
                email=invitation_email(invitation),
                partner=lab.partner,
            )
            Invitation.objects.filter(pk=invitation.pk, message__isnull=True).update(
                message=message
            )
            queued += created


def changes_notify(*, lab_id: int, sequence: int) -> int:
    """Tell people of a new time or place, or of a cancellation, once per change.

    Attendees and waiting people get an update (same calendar UID, higher SEQUENCE); on
    cancellation, everyone who was sent an invitation and has not declined is told.
    """
    lab = Lab.objects.select_related("partner").prefetch_related("contacts").get(pk=lab_id)
    invitations = lab.invitations.filter(message__isnull=False).select_related(
        "stakeholder__organisation"
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
