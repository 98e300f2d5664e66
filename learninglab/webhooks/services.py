"""Change webhook subscriptions, and queue their deliveries.

Every change by staff is audited. Deliveries are rows, queued in the database: the
worker sends them (``webhooks.delivery``), so nothing waits on a subscriber's server.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_changes, audit_record, snapshot
from learninglab.core.errors import DomainError
from learninglab.core.events import Event
from learninglab.core.models import Via
from learninglab.projects.models import Partner
from learninglab.webhooks.models import (
    SECRET_PREFIX,
    SUBSCRIBABLE,
    Delivery,
    DeliveryState,
    EventName,
    Subscription,
)
from learninglab.webhooks.payloads import event_name_of, payload_build, ping_payload
from learninglab.webhooks.targets import target_parse

DESCRIPTION_MAX_LENGTH = 200
_FIELDS = ["target_url", "description", "events", "is_active"]


def secret_new() -> str:
    """Return a new signing secret: 32 random bytes, URL-safe, with a recognisable prefix."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _events_check(events: Iterable[str]) -> list[str]:
    chosen = set(events)
    if not chosen:
        raise DomainError("no_events", _("Choose at least one event."), field="events")
    if chosen - set(SUBSCRIBABLE):
        raise DomainError("unknown_event", _("Choose events from the list."), field="events")
    return [str(name) for name in SUBSCRIBABLE if name in chosen]


def _description_check(description: str) -> str:
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise DomainError(
            "too_long",
            _("The description is longer than %(limit)s characters.")
            % {"limit": DESCRIPTION_MAX_LENGTH},
            field="description",
        )
    return description


def _url_check(url: str) -> str:
    try:
        target_parse(url)
    except DomainError as error:
        error.params["field"] = "target_url"
        raise
    return url.strip()


# The events some active subscription chose, kept in the cache so that an answer, a
# check-in or a practice published does not ask the database when nobody listens. A change
# of subscriptions drops it; without a shared cache (REDIS_URL) another app process may
# keep its own copy up to this long.
SUBSCRIBED_KEY = "webhooks:subscribed-events"
SUBSCRIBED_SECONDS = 30


def subscribed_events() -> frozenset[str]:
    """Return the events some active subscription chose (kept a little while)."""
    found = cache.get(SUBSCRIBED_KEY)
    if found is None:
        chosen = Subscription.objects.filter(is_active=True).values_list("events", flat=True)
        found = frozenset(name for events in chosen for name in events)
        cache.set(SUBSCRIBED_KEY, found, SUBSCRIBED_SECONDS)
    return found


def _subscriptions_changed() -> None:
    """Drop the events kept, now and once the change is committed (a reader in between
    may have kept the set as it was)."""
    cache.delete(SUBSCRIBED_KEY)
    transaction.on_commit(lambda: cache.delete(SUBSCRIBED_KEY))


@transaction.atomic
def subscription_create(
    *,
    actor: Actor,
    partner: Partner | None,
    target_url: str,
    events: Iterable[str],
    description: str = "",
    via: str = Via.WEB,
) -> Subscription:
    """Subscribe ``target_url`` to ``events`` of ``partner`` (None: of every partner).

    A new secret is made for it; the caller shows it to the subscriber. Refuses an
    address the webhooks may not go to (``webhooks.targets``) and an empty choice of
    events.
    """
    subscription = Subscription.objects.create(
        partner=partner,
        target_url=_url_check(target_url),
        events=_events_check(events),
        description=_description_check(description),
        secret=secret_new(),
        created_by=acting_user(actor),
    )
    _subscriptions_changed()
    audit_record(
        actor=actor,
        action="webhooks.subscription.created",
        obj=subscription,
        after=snapshot(subscription, _FIELDS),
        via=via,
    )
    return subscription


@transaction.atomic
def subscription_update(
    *,
    actor: Actor,
    subscription: Subscription,
    target_url: str,
    events: Iterable[str],
    description: str,
    is_active: bool,
    via: str = Via.WEB,
) -> Subscription:
    """Change the address, the events, the description, or pause (``is_active``) the
    subscription. A paused subscription receives nothing, and nothing is kept for it."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    before = snapshot(subscription, _FIELDS)
    subscription.target_url = _url_check(target_url)
    subscription.events = _events_check(events)
    subscription.description = _description_check(description)
    subscription.is_active = is_active
    subscription.save()
    _subscriptions_changed()
    audit_changes(
        actor=actor,
        action="webhooks.subscription.updated",
        obj=subscription,
        before=before,
        via=via,
    )
    return subscription


@transaction.atomic
def subscription_secret_rotate(
    *, actor: Actor, subscription: Subscription, via: str = Via.WEB
) -> Subscription:
    """Give the subscription a new secret; deliveries sent from now on are signed with it."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.secret = secret_new()
    subscription.secret_rotated_at = timezone.now()
    subscription.save(update_fields=["secret", "secret_rotated_at"])
    audit_record(
        actor=actor, action="webhooks.subscription.secret_rotated", obj=subscription, via=via
    )
    return subscription


@transaction.atomic
def subscription_delete(*, actor: Actor, subscription: Subscription, via: str = Via.WEB) -> None:
    """Delete the subscription and its deliveries' log; deliveries not sent are dropped."""
    audit_record(
        actor=actor,
        action="webhooks.subscription.deleted",
        obj=subscription,
        before=snapshot(subscription, _FIELDS),
        via=via,
    )
    subscription.delete()
    _subscriptions_changed()


def deliveries_queue(event: Event) -> list[Delivery]:
    """Queue a delivery of ``event`` for each active subscription that chose it and may
    hear of its partner; return them. (The receiver of ``core.events``.)"""
    name = event_name_of(event)
    if name is None or name not in subscribed_events():
        return []
    subscriptions = [s for s in Subscription.objects.filter(is_active=True) if name in s.events]
    if not subscriptions:
        return []
    event_id = uuid.uuid4()
    built = payload_build(name, event, event_id=event_id)
    if built is None:
        return []
    now = timezone.now()
    return Delivery.objects.bulk_create(
        Delivery(
            subscription=subscription,
            event=name,
            event_id=event_id,
            payload=built.payload,
            created_at=now,
            next_attempt_at=now,
        )
        for subscription in subscriptions
        if subscription.partner_id is None or subscription.partner_id in built.partner_ids
    )


@transaction.atomic
def subscription_ping(*, actor: Actor, subscription: Subscription, via: str = Via.WEB) -> Delivery:
    """Queue a test event for the subscription, whether or not it is active."""
    event_id, now = uuid.uuid4(), timezone.now()
    delivery = Delivery.objects.create(
        subscription=subscription,
        event=EventName.TEST,
        event_id=event_id,
        payload=ping_payload(event_id=event_id, at=now, partner=subscription.partner),
        created_at=now,
        next_attempt_at=now,
    )
    audit_record(actor=actor, action="webhooks.subscription.tested", obj=subscription, via=via)
    return delivery


@transaction.atomic
def delivery_resend(*, actor: Actor, delivery: Delivery, via: str = Via.WEB) -> Delivery:
    """Queue the delivery's event again, as a new delivery with the same event id and
    payload, signed with the subscription's secret of now. Refuses one still on its way."""
    if delivery.state not in (DeliveryState.SUCCEEDED, DeliveryState.FAILED):
        raise DomainError(
            "not_finished",
            _("This delivery is still on its way: it can be resent once it succeeded or failed."),
        )
    now = timezone.now()
    again = Delivery.objects.create(
        subscription=delivery.subscription,
        event=delivery.event,
        event_id=delivery.event_id,
        payload=delivery.payload,
        created_at=now,
        next_attempt_at=now,
        resent_from=delivery,
    )
    audit_record(
        actor=actor,
        action="webhooks.delivery.resent",
        obj=delivery,
        extra={"event": delivery.event, "delivery": again.pk},
        via=via,
    )
    return again
