"""Read webhook subscriptions and their deliveries, scoped to what the user may manage."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from learninglab.core.permissions import has_perm, scope
from learninglab.projects.models import Partner
from learninglab.webhooks.models import Delivery, DeliveryState, Subscription

PERMISSION = "webhooks.manage"
DELIVERY_PERMISSION = "webhooks.delivery.manage"
ALL_PARTNERS_PERMISSION = "webhooks.manage_all_partners"


def subscriptions_for(user: Any) -> QuerySet[Subscription]:
    """Return the subscriptions ``user`` may manage, newest first, with their partner and
    how many of their deliveries failed."""
    queryset = Subscription.objects.select_related("partner", "created_by").annotate(
        failed_count=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED))
    )
    return scope(user, PERMISSION, queryset).order_by("-created_at", "-id")


def subscription_get(user: Any, pk: int) -> Subscription:
    """Return the subscription if ``user`` may manage it; else 404, its existence not
    disclosed."""
    queryset = scope(user, PERMISSION, Subscription.objects.select_related("partner"))
    try:
        return queryset.get(pk=pk)
    except Subscription.DoesNotExist:
        raise Http404(_("No such webhook.")) from None


def deliveries_of(subscription: Subscription) -> QuerySet[Delivery]:
    """Return the subscription's deliveries, newest first, without their payloads, each with
    its tries."""
    return (
        subscription.deliveries.defer("payload")
        .prefetch_related("tries")
        .order_by("-created_at", "-id")
    )


def delivery_get(user: Any, pk: int) -> Delivery:
    """Return the delivery if ``user`` may manage its subscription; else 404."""
    queryset = scope(
        user, DELIVERY_PERMISSION, Delivery.objects.select_related("subscription__partner")
    )
    try:
        return queryset.get(pk=pk)
    except Delivery.DoesNotExist:
        raise Http404(_("No such delivery.")) from None


def subscription_partners(user: Any) -> QuerySet[Partner]:
    """Return the partners ``user`` may subscribe to the events of."""
    if has_perm(user, ALL_PARTNERS_PERMISSION):
        return Partner.objects.order_by("city")
    partner_id = getattr(user, "partner_id", None)
    return Partner.objects.filter(pk=partner_id) if partner_id else Partner.objects.none()


def may_subscribe_to_all(user: Any) -> bool:
    """Return whether ``user`` may subscribe to the events of every partner at once."""
    return has_perm(user, ALL_PARTNERS_PERMISSION)
