"""Answer for the practices' rows that point at people when a person is merged or erased."""

from __future__ import annotations

from learninglab.practices.models import GoodPractice
from learninglab.stakeholders.models import Stakeholder


def stakeholder_merged(*, keep: Stakeholder, remove: Stakeholder) -> None:
    """Make ``keep`` the contact of the practices that named ``remove``."""
    GoodPractice.objects.filter(contact=remove).update(contact=keep)


def stakeholder_erased(*, stakeholder: Stakeholder) -> None:
    """An erased person is no longer anyone's contact person."""
    GoodPractice.objects.filter(contact=stakeholder).update(contact=None)
