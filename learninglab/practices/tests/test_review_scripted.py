"""Review steps taken by a script (the demo, an import): audited as such, and with
``notify=False`` nobody is e-mailed."""

import pytest

from learninglab.core.models import AuditEntry, Via
from learninglab.messaging.models import OutboundMessage
from learninglab.practices.models import PracticeStatus
from learninglab.practices.services.review import (
    practice_approve,
    practice_submit,
    practice_validate,
)
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_steps_recorded_from_the_command_line_tell_nobody(partner, staff, coordinator):
    practice = PracticeFactory(partner=partner, created_by=staff)

    practice = practice_submit(actor=None, practice=practice, via=Via.CLI, notify=False)
    practice = practice_approve(actor=None, practice=practice, via=Via.CLI, notify=False)
    practice = practice_validate(
        actor=None, practice=practice, opinion={"en": "Sound."}, via=Via.CLI, notify=False
    )

    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.expert_validated_at is not None
    assert not OutboundMessage.objects.exists()
    entries = AuditEntry.objects.filter(action__startswith="practices.practice.")
    assert set(entries.values_list("via", flat=True)) == {Via.CLI}
    assert entries.count() == 3


def test_by_default_a_step_is_announced(partner, staff, coordinator):
    practice = PracticeFactory(partner=partner, created_by=staff)

    practice_submit(actor=staff, practice=practice)

    assert OutboundMessage.objects.filter(recipient=coordinator.email).count() == 1
