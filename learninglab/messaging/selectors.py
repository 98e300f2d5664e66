"""Read the outbox, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from learninglab.core.permissions import scope
from learninglab.messaging.models import OutboundMessage

PERMISSION = "messaging.outbox.view"


def messages_for(user: Any) -> QuerySet[OutboundMessage]:
    """Return the messages ``user`` may see, newest first, without their bytes."""
    queryset = OutboundMessage.objects.select_related("partner").defer("raw")
    return scope(user, PERMISSION, queryset).order_by("-created_at", "-id")


def message_get(user: Any, pk: int) -> OutboundMessage:
    """Return the message if ``user`` may see it; else 404, its existence not disclosed."""
    queryset = scope(user, PERMISSION, OutboundMessage.objects.select_related("partner"))
    try:
        return queryset.get(pk=pk)
    except OutboundMessage.DoesNotExist:
        raise Http404(_("No such message.")) from None


def outbox_filtered(
    messages: QuerySet[OutboundMessage], *, state: str = "", kind: str = "", query: str = ""
) -> QuerySet[OutboundMessage]:
    """Return ``messages`` narrowed by state, kind and words of recipient or subject."""
    if state:
        messages = messages.filter(state=state)
    if kind:
        messages = messages.filter(kind=kind)
    for word in query.split():
        messages = messages.filter(Q(recipient__icontains=word) | Q(subject__icontains=word))
    return messages


def outbox_kinds(messages: QuerySet[OutboundMessage]) -> list[str]:
    """Return the kinds of message present, sorted."""
    return sorted(set(messages.order_by().values_list("kind", flat=True).distinct()))
