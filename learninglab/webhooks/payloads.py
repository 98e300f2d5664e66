"""What a delivery says about each event, and which partners' subscribers may hear of it.

A payload names the event, its id and when it happened, the partner it belongs to, and
the essential fields of its object: what the partner's own staff see on their pages,
never more (a person by name and organisation, never their e-mail address or phone).
Texts written in several languages go out with all their languages. Links are absolute,
to the staff's page of the object (the public page for a published practice).
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse

from learninglab.actionplans.models import Action
from learninglab.core.events import Event
from learninglab.labs.models import CheckIn, Invitation, Lab
from learninglab.practices.links import public_url
from learninglab.practices.models import GoodPractice
from learninglab.projects.models import Partner
from learninglab.webhooks.models import EventName

# The audit codes each event comes from.
SOURCES: dict[str, EventName] = {
    "labs.rsvp.recorded": EventName.ANSWER_RECORDED,
    "labs.checkin.recorded": EventName.CHECKED_IN,
    "practices.practice.approved": EventName.PRACTICE_PUBLISHED,
    "actionplans.action.progress_recorded": EventName.ACTION_STATUS_CHANGED,
}


@dataclasses.dataclass(frozen=True)
class Built:
    """A payload, and the partners whose subscriptions may receive it."""

    payload: dict[str, Any]
    partner_ids: frozenset[int]


def event_name_of(event: Event) -> EventName | None:
    """Return the webhook event ``event`` is, or None when it is none (an action's
    progress recorded without a change of its status)."""
    name = SOURCES.get(event.action)
    if name == EventName.ACTION_STATUS_CHANGED:
        before = (event.changes.get("before") or {}).get("status")
        after = (event.changes.get("after") or {}).get("status")
        if before == after:
            return None
    return name


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _time(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _partner(partner: Partner) -> dict[str, Any]:
    return {"slug": partner.slug, "city": partner.city, "country": partner.country}


def _lab(lab: Lab) -> dict[str, Any]:
    return {
        "slug": lab.slug,
        "theme": dict(lab.theme),
        "starts_at": _time(lab.starts_at),
        "ends_at": _time(lab.ends_at),
        "url": _absolute(lab.get_absolute_url()),
    }


def _person(invitation: Invitation) -> dict[str, Any]:
    person = invitation.stakeholder
    return {
        "id": person.pk,
        "name": person.full_name,
        "organisation": person.organisation.name if person.organisation else None,
    }


def envelope(
    *, name: str, event_id: uuid.UUID, at: datetime.datetime, partner: Partner | None, data: dict
) -> dict[str, Any]:
    """Return the payload's outer shape, the same for every event."""
    return {
        "id": str(event_id),
        "event": str(name),
        "occurred_at": _time(at),
        "partner": _partner(partner) if partner is not None else None,
        "data": data,
    }


def _invitation(pk: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("lab__partner", "stakeholder__organisation", "checkin")
        .filter(pk=pk)
        .first()
    )


def _answer(event: Event) -> tuple[Partner, dict[str, Any]] | None:
    invitation = _invitation(event.object_id)
    if invitation is None:
        return None
    after = event.changes.get("after") or {}
    data = {
        "invitation": {
            "id": invitation.pk,
            "response": after.get("response"),
            "previous_response": (event.changes.get("before") or {}).get("response"),
            "via": after.get("via"),
        },
        "lab": _lab(invitation.lab),
        "stakeholder": _person(invitation),
    }
    return invitation.lab.partner, data


def _checkin(event: Event) -> tuple[Partner, dict[str, Any]] | None:
    invitation = _invitation(event.object_id)
    checkin: CheckIn | None = getattr(invitation, "checkin", None) if invitation else None
    if invitation is None or checkin is None:
        return None
    data = {
        "checkin": {
            "invitation": invitation.pk,
            "checked_in_at": _time(checkin.checked_in_at),
            "is_walk_in": checkin.is_walk_in,
        },
        "lab": _lab(invitation.lab),
        "stakeholder": _person(invitation),
    }
    return invitation.lab.partner, data


def _practice(event: Event) -> tuple[Partner, dict[str, Any]] | None:
    practice = GoodPractice.objects.select_related("partner").filter(pk=event.object_id).first()
    if practice is None:
        return None
    data = {
        "practice": {
            "slug": practice.slug,
            "title": dict(practice.title),
            "city": practice.city,
            "country": practice.country,
            "published_at": _time(practice.published_at),
            "url": _absolute(public_url(practice)),
        }
    }
    return practice.partner, data


def _action(event: Event) -> tuple[Partner, dict[str, Any], set[int]] | None:
    action = (
        Action.objects.select_related("plan__partner", "plan__instrument")
        .prefetch_related("plan__joint_partners")
        .filter(pk=event.object_id)
        .first()
    )
    if action is None:
        return None
    plan = action.plan
    data = {
        "action": {
            "id": action.pk,
            "number": action.number,
            "title": dict(action.title),
            "status": (event.changes.get("after") or {}).get("status"),
            "previous_status": (event.changes.get("before") or {}).get("status"),
            "progress": (event.changes.get("after") or {}).get("progress"),
            "url": _absolute(reverse("actionplans:action", args=[plan.slug, action.pk])),
        },
        "plan": {
            "slug": plan.slug,
            "instrument": str(plan.instrument),
            "is_public": plan.is_public,
        },
    }
    # Partners writing a joint plan see its actions as their own (``actionplans.rules``).
    return plan.partner, data, {p.pk for p in plan.joint_partners.all()}


def payload_build(name: EventName, event: Event, *, event_id: uuid.UUID) -> Built | None:
    """Return the payload of ``event`` as the webhook event ``name``, or None when its
    object is gone (deleted before the event was handled)."""
    joint: set[int] = set()
    found: Any
    if name == EventName.ANSWER_RECORDED:
        found = _answer(event)
    elif name == EventName.CHECKED_IN:
        found = _checkin(event)
    elif name == EventName.PRACTICE_PUBLISHED:
        found = _practice(event)
    elif name == EventName.ACTION_STATUS_CHANGED:
        found = _action(event)
        if found is not None:
            found, joint = found[:2], found[2]
    else:
        return None
    if found is None:
        return None
    partner, data = found
    payload = envelope(name=name, event_id=event_id, at=event.at, partner=partner, data=data)
    return Built(payload=payload, partner_ids=frozenset({partner.pk, *joint}))


def ping_payload(*, event_id: uuid.UUID, at: datetime.datetime, partner: Partner | None) -> dict:
    """Return the payload of a test event: the envelope, and nothing that happened."""
    data = {"message": "This is a test event sent from Learning Lab."}
    return envelope(name=EventName.TEST, event_id=event_id, at=at, partner=partner, data=data)
