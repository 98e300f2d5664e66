"""The outbox forgets what old e-mails said, and keeps that they were sent."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from learninglab.core import jobs
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.messaging.services import messages_forget_content
from learninglab.messaging.tests.test_outbox_pages import invitation  # noqa: F401

pytestmark = pytest.mark.django_db


def age(message: OutboundMessage, days: int) -> None:
    OutboundMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_a_year_old_e_mail_loses_its_words_and_keeps_its_record(invitation):  # noqa: F811
    message = invitation.message
    assert message.state == MessageState.SENT and bytes(message.raw)
    age(message, 366)

    assert messages_forget_content() == 1

    message.refresh_from_db()
    assert bytes(message.raw) == b""
    assert message.recipient == "ioana@example.org"
    assert message.subject and message.sent_at is not None


def test_a_recent_or_unsent_e_mail_keeps_its_words(invitation):  # noqa: F811
    message = invitation.message
    age(message, 300)
    queued = OutboundMessage.objects.create(
        key="queued:1",
        kind=message.kind,
        sender=message.sender,
        recipient="later@example.org",
        subject="Not sent yet",
        message_id="<queued@example.org>",
        raw=b"Subject: Not sent yet\r\n\r\nHello",
        created_at=timezone.now() - datetime.timedelta(days=400),
    )

    assert messages_forget_content() == 0

    assert bytes(OutboundMessage.objects.get(pk=message.pk).raw)
    assert bytes(OutboundMessage.objects.get(pk=queued.pk).raw)


@override_settings(OUTBOX_CONTENT_DAYS=0)
def test_no_retention_keeps_everything(invitation):  # noqa: F811
    age(invitation.message, 4000)
    assert messages_forget_content() == 0


def test_the_worker_runs_the_retention_and_the_page_says_what_is_gone(
    invitation,  # noqa: F811
    staff_client,
):
    age(invitation.message, 400)
    job = next(job for job in jobs.registered() if job.name == "outbox-content")
    assert job.run() == 1

    response = staff_client.get(reverse("messaging:message", args=[invitation.message.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "The content of this e-mail is no longer kept" in page
    assert "Răspundeți aici" not in page
