"""Webhook subscriptions for the tests, made through the service as staff would."""

from __future__ import annotations

from typing import Any

from learninglab.webhooks.models import SUBSCRIBABLE, Subscription
from learninglab.webhooks.services import subscription_create


def subscribe(
    url: str, *, partner: Any = None, events: Any = None, actor: Any = None
) -> Subscription:
    """Subscribe ``url`` to ``events`` (all of them by default) of ``partner``."""
    return subscription_create(
        actor=actor,
        partner=partner,
        target_url=url,
        events=events if events is not None else [str(name) for name in SUBSCRIBABLE],
    )
