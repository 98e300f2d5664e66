"""What a person's answer to our e-mails does to their consent."""

from __future__ import annotations

from learninglab.core.models import Via
from learninglab.labs.models import Invitation
from learninglab.stakeholders.models import ConsentMethod, ConsentPurpose
from learninglab.stakeholders.selectors import with_consents
from learninglab.stakeholders.services import consent_record


def invitations_unsubscribe(*, invitation: Invitation) -> bool:
    """Withdraw the person's consent to invitations (one-click unsubscribe).

    Return whether it changed anything: unsubscribing twice records one withdrawal.
    """
    person = with_consents(
        type(invitation.stakeholder).objects.filter(pk=invitation.stakeholder_id)
    ).get()
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
