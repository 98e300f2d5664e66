"""Answer for the practices' rows that point at people: merged, erased or exported."""

from __future__ import annotations

from typing import Any

from learninglab.practices.models import GoodPractice
from learninglab.stakeholders.models import Stakeholder


def stakeholder_merged(*, keep: Stakeholder, remove: Stakeholder) -> None:
    """Make ``keep`` the contact of the practices that named ``remove``."""
    GoodPractice.objects.filter(contact=remove).update(contact=keep)


def stakeholder_erased(*, stakeholder: Stakeholder) -> None:
    """An erased person is no longer anyone's contact person."""
    GoodPractice.objects.filter(contact=stakeholder).update(contact=None)


def stakeholder_exported(*, stakeholder: Stakeholder) -> dict[str, Any]:
    """Return the good practices that name the person as their contact."""
    practices = GoodPractice.objects.filter(contact=stakeholder).order_by("created_at", "pk")
    return {
        "practices_as_contact": [
            {
                "practice": practice.slug,
                "title": str(practice.title.in_(stakeholder.language)),
                "status": practice.status,
            }
            for practice in practices
        ]
    }
