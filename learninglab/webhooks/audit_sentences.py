"""The sentences of the audit codes the webhooks write (``core.audit_sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learninglab.core.audit_sentences import register


def register_sentences() -> None:
    register(
        {
            "webhooks.subscription.created": _("Added the webhook “%(object)s”"),
            "webhooks.subscription.updated": _("Changed the webhook “%(object)s”"),
            "webhooks.subscription.secret_rotated": _("Gave the webhook “%(object)s” a new secret"),
            "webhooks.subscription.deleted": _("Deleted the webhook “%(object)s”"),
            "webhooks.subscription.tested": _("Sent a test event to the webhook “%(object)s”"),
            "webhooks.delivery.resent": _("Resent the event “%(object)s”"),
        },
        hidden=("delivery", "event"),
    )
