"""One row per e-mail: the exact bytes to send, and where its delivery stands."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")


class MessageKind(models.TextChoices):
    """What an e-mail is about; the apps that write e-mails queue them under these kinds."""

    INVITATION = "invitation", _("Invitation")
    CONFIRMATION = "confirmation", _("Confirmation of an answer")
    PROMOTION = "promotion", _("Seat from the waiting list")
    REMINDER = "reminder", _("Reminder to answer")
    DAY_BEFORE = "day_before", _("Reminder the day before")
    UPDATE = "update", _("Change of time or place")
    CANCELLATION = "cancellation", _("Cancellation")
    FEEDBACK = "feedback", _("Feedback survey")
    PRACTICE = "practice", _("Good practice review")
    PLAN_FOLLOW = "plan_follow", _("Confirmation of following an action plan")
    PLAN_UPDATE = "plan_update", _("Change of an action's status")
    MILESTONE = "milestone", _("Milestone reminder")
    REPORT_DUE = "report_due", _("Progress report reminder")
    LAB_MESSAGE = "lab_message", _("Message to a lab's participants")
    REGISTRATION = "registration", _("Registration for a lab")


class OutboundMessage(models.Model):
    """An e-mail in the durable outbox.

    ``key`` makes sending idempotent: the same key (kind and object, such as
    ``invitation:42``) is never queued twice. ``raw`` holds the complete message as it
    goes over SMTP, so what staff see in the outbox is exactly what was sent.
    """

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=MessageKind.choices, db_index=True)
    partner = models.ForeignKey(
        "projects.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender = models.CharField(_("from"), max_length=300)
    recipient = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    message_id = models.CharField(max_length=200)
    raw = models.BinaryField()
    state = models.CharField(
        _("state"), max_length=10, choices=MessageState.choices, default=MessageState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    # When the first try of the current round began: a message that keeps failing for a
    # passing reason fails for good once OUTBOX_RETRY_WINDOW_HOURS have passed since.
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["state", "lease_expires_at"], name="outbox_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"
