"""Answer for the labs' rows that point at people when a person is merged or erased."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learninglab.core.errors import DomainError
from learninglab.labs.models import Invitation
from learninglab.labs.services.answer import address_suppress
from learninglab.stakeholders.models import Stakeholder


def stakeholder_merged(*, keep: Stakeholder, remove: Stakeholder) -> None:
    """Give ``keep`` the invitations of ``remove``, with their answers and check-ins.

    Refuse (``merge_both_invited``) when both were invited to the same lab: which of the
    two answers counts is for staff to settle first.
    """
    kept_labs = Invitation.objects.filter(stakeholder=keep).values("lab_id")
    clash = (
        Invitation.objects.filter(stakeholder=remove, lab_id__in=kept_labs)
        .select_related("lab")
        .first()
    )
    if clash is not None:
        raise DomainError(
            "merge_both_invited",
            _("Both people are invited to %(lab)s: withdraw one of the two invitations first.")
            % {"lab": clash.lab.slug},
        )
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
