"""Webhook subscriptions and their deliveries: one row per event sent to one address."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix of a secret, not one


class EventName(models.TextChoices):
    """What a subscriber may be told of; the names go out in the payloads as they are."""

    ANSWER_RECORDED = "answer.recorded", _("An answer to an invitation was recorded")
    CHECKED_IN = "checkin.recorded", _("Someone was checked in at a lab")
    PRACTICE_PUBLISHED = "practice.published", _("A good practice was published")
    ACTION_STATUS_CHANGED = "action.status_changed", _("An action's status changed")
    TEST = "webhook.test", _("Test event")


# The events a subscription may choose (the test event is sent on request only).
SUBSCRIBABLE = [name for name in EventName if name != EventName.TEST]


class Subscription(models.Model):
    """An address that receives the events it chose, signed with its own secret.

    A partner's subscription hears of that partner's labs, practices and plans only;
    one without a partner (the coordinator's) hears of every partner's.
    """

    partner = models.ForeignKey(
        "projects.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secret_rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.target_url

    def event_labels(self) -> list[str]:
        """Return the labels of the events chosen, in the order of ``EventName``."""
        return [str(name.label) for name in EventName if name in self.events]


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Waiting to retry")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One event for one subscription: the payload, and how its sending went.

    ``event_id`` names the event: the same in every delivery of it, resent ones too, so
    that a receiver can tell an event it already handled.
    """

    audit_partner = "subscription.partner_id"

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40, choices=EventName.choices)
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    payload = models.JSONField(default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("response"), null=True, blank=True)
    response_body = models.TextField(_("response body"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    resent_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="webhook_due"),
            models.Index(fields=["state", "lease_expires_at"], name="webhook_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription.target_url}"


class DeliveryTry(models.Model):
    """One try of a delivery: when it went, and what the receiver answered or what failed.

    The delivery keeps its last try's answer for the log's table; its tries keep each one.
    """

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveSmallIntegerField(_("try"))
    at = models.DateTimeField(_("when"))
    response_status = models.PositiveSmallIntegerField(_("response"), null=True, blank=True)
    response_body = models.TextField(_("response body"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("try of a webhook delivery")
        verbose_name_plural = _("tries of webhook deliveries")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_try_once")
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"
