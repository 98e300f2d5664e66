"""The addresses a follower of a plan gets by e-mail, absolute: confirm, stop, the page."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from learninglab.actionplans.models import ActionPlan, PlanFollower


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def public_plan_url(plan: ActionPlan) -> str:
    return absolute(reverse("actionplans:public_plan", args=[plan.slug]))


def follow_confirm_url(follower: PlanFollower) -> str:
    return absolute(reverse("actionplans:follow_confirm", args=[follower.token]))


def unsubscribe_url(follower: PlanFollower) -> str:
    """Return the one-click unsubscribe link (RFC 8058) of ``follower``."""
    return absolute(reverse("actionplans:unsubscribe", args=[follower.token]))
