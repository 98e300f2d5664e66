"""Erasing a person forgets the e-mails to their address."""

import pytest

from learninglab.factories import StakeholderFactory
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.messaging.services import Email, message_enqueue
from learninglab.stakeholders.services.stakeholder import stakeholder_erase

pytestmark = pytest.mark.django_db


def queue(key: str, to: str, state: str = MessageState.QUEUED) -> OutboundMessage:
    email = Email(to=to, subject=f"Lab for {to}", text="Bună ziua, Ana")
    message, _created = message_enqueue(key=key, kind="invitation", email=email)
    OutboundMessage.objects.filter(pk=message.pk).update(state=state)
    return message


def test_erasing_drops_the_unsent_e_mails_and_blanks_the_sent_ones(partner, staff):
    person = StakeholderFactory(partner=partner, email="ana@example.ro")
    queued = queue("invitation:1", "ana@example.ro")
    failed = queue("reminder:1", "ANA@example.ro", MessageState.FAILED)
    sent = queue("confirmation:1", "ana@example.ro", MessageState.SENT)
    other = queue("invitation:2", "ion@example.ro", MessageState.SENT)

    stakeholder_erase(actor=staff, stakeholder=person)

    assert not OutboundMessage.objects.filter(pk__in=[queued.pk, failed.pk]).exists()
    sent.refresh_from_db()
    assert (sent.recipient, sent.subject, bytes(sent.raw)) == ("", "—", b"")
    assert sent.state == MessageState.SENT
    other.refresh_from_db()
    assert other.recipient == "ion@example.ro" and bytes(other.raw)
