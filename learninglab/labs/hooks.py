"""Answer for the labs' rows that point at people when a person is merged or erased."""

from __future__ import annotations

from learninglab.labs.models import Invitation
from learninglab.labs.services.answer import address_suppress
from learninglab.labs.services.invitation import invitations_combine
from learninglab.stakeholders.models import Stakeholder


def stakeholder_merged(*, keep: Stakeholder, remove: Stakeholder) -> None:
    """Give ``keep`` the invitations of ``remove``, with their answers and check-ins.

    Where both were invited to the same lab, one invitation is kept: the one answered,
    the most recent answer when both were (``invitations_combine``).
    """
    kept = {i.lab_id: i for i in Invitation.objects.filter(stakeholder=keep)}
    for theirs in Invitation.objects.filter(stakeholder=remove, lab_id__in=kept):
        invitations_combine(first=kept[theirs.lab_id], second=theirs)
    Invitation.objects.filter(stakeholder=remove).update(stakeholder=keep)


def stakeholder_erased(*, stakeholder: Stakeholder) -> None:
    """Blank the notes the person left with their answers, and the names given at the door.

    The answers themselves stay. Their address is never brought back by a colleague
    nomination (``address_suppress``).
    """
    address_suppress(partner_id=stakeholder.partner_id, email=stakeholder.email)
    Invitation.objects.filter(stakeholder=stakeholder).exclude(response_note="").update(
        response_note=""
    )
    Invitation.objects.filter(stakeholder=stakeholder).exclude(name_at_door="").update(
        name_at_door=""
    )
