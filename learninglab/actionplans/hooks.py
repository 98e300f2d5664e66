"""Answer for the action plans' rows about a person who is erased or asks for their data.

A person appears in a plan of their partner as its contact (by e-mail address), as a
player of an action named after them (a player not from the directory), or as someone
following a public plan (by e-mail address). An idea behind an action keeps its copied
text: the text of an idea names nobody.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from learninglab.actionplans.models import ActionPlan, ActionPlayer, PlanFollower, PlanVersion
from learninglab.core.audit import audit_scrub
from learninglab.core.text import redact_words
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import PersonalValues, stakeholder_personal_values
from learninglab.stakeholders.services.stakeholder import ERASED_NAME


def _plans_with_contact(stakeholder: Stakeholder, values: PersonalValues) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(
        partner_id=stakeholder.partner_id, contact_email__in=values.emails
    ).exclude(contact_email="")


def _players_named(stakeholder: Stakeholder, values: PersonalValues) -> QuerySet[ActionPlayer]:
    named = ActionPlayer.objects.filter(
        action__plan__partner_id=stakeholder.partner_id, organisation__isnull=True
    ).exclude(name="")
    return ActionPlayer.objects.filter(
        pk__in=[p.pk for p in named.only("name") if values.is_name(p.name)]
    )


def _following(stakeholder: Stakeholder, values: PersonalValues) -> QuerySet[PlanFollower]:
    return PlanFollower.objects.filter(
        plan__partner_id=stakeholder.partner_id, email__in=values.emails
    )


def stakeholder_erased(*, stakeholder: Stakeholder) -> None:
    """Take the person out of the partner's plans, their versions and their history.

    Their follow requests are deleted; a plan whose contact they are loses its contact; a
    player named after them is renamed "—" (the action keeps its player and role); the
    snapshots of the plan's versions and the audit entries lose their name and contact
    details.
    """
    values = stakeholder_personal_values(stakeholder)
    words = values.words()
    _following(stakeholder, values).delete()
    plans = list(_plans_with_contact(stakeholder, values).values_list("pk", flat=True))
    ActionPlan.objects.filter(pk__in=plans).update(
        contact_name="", contact_email="", contact_phone=""
    )
    players = list(_players_named(stakeholder, values).values_list("pk", flat=True))
    ActionPlayer.objects.filter(pk__in=players).update(name=ERASED_NAME)
    touched = set(plans) | set(
        ActionPlayer.objects.filter(pk__in=players).values_list("action__plan_id", flat=True)
    )
    for version in PlanVersion.objects.filter(plan_id__in=touched).only("content"):
        content = redact_words(version.content, words, ERASED_NAME)
        if content != version.content:
            PlanVersion.objects.filter(pk=version.pk).update(content=content)
    audit_scrub(model=ActionPlan, object_ids=plans, values=words, replacement=ERASED_NAME)
    audit_scrub(model=ActionPlayer, object_ids=players, values=words, replacement=ERASED_NAME)


def stakeholder_exported(*, stakeholder: Stakeholder) -> dict[str, Any]:
    """Return the plans the person is the contact of, a player in, or follows."""
    values = stakeholder_personal_values(stakeholder)
    language = stakeholder.language
    players = _players_named(stakeholder, values).select_related("action__plan")
    return {
        "action_plans": {
            "contact_of": [
                {
                    "plan": plan.slug,
                    "title": str(plan.title.in_(language)),
                    "contact_name": plan.contact_name,
                    "contact_email": plan.contact_email,
                    "contact_phone": plan.contact_phone,
                }
                for plan in _plans_with_contact(stakeholder, values).order_by("pk")
            ],
            "player_in": [
                {
                    "plan": player.action.plan.slug,
                    "action": str(player.action.title.in_(language)),
                    "name": player.name,
                    "role": str(player.role.in_(language)),
                }
                for player in players.order_by("pk")
            ],
            "following": [
                {
                    "plan": follower.plan.slug,
                    "email": follower.email,
                    "asked_at": follower.created_at.isoformat(),
                    "confirmed_at": (
                        follower.confirmed_at.isoformat() if follower.confirmed_at else None
                    ),
                }
                for follower in _following(stakeholder, values).select_related("plan")
            ],
        }
    }
