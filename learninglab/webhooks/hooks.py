"""Answer for the deliveries that name a person who is erased."""

from __future__ import annotations

from learninglab.stakeholders.models import Stakeholder
from learninglab.webhooks.models import Delivery, DeliveryState

ERASED = "—"


def stakeholder_erased(*, stakeholder: Stakeholder) -> None:
    """Forget the person in the deliveries that named them.

    Those not sent yet are dropped, so that none tells anyone of the person after the
    erasure; those sent keep their row in the log, the person's name and organisation
    blanked in the payload kept (what the receiver got is theirs to erase).
    """
    naming = Delivery.objects.filter(payload__data__stakeholder__id=stakeholder.pk)
    naming.exclude(state__in=[DeliveryState.SUCCEEDED, DeliveryState.FAILED]).delete()
    changed = []
    for delivery in naming.only("payload"):
        delivery.payload["data"]["stakeholder"] = {"id": None, "name": ERASED, "organisation": None}
        changed.append(delivery)
    Delivery.objects.bulk_update(changed, ["payload"], batch_size=200)
