"""Read the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from learninglab.core.models import AuditEntry
from learninglab.core.permissions import scope


def audit_entries_for(user: Any, *, action_prefix: str = "") -> QuerySet[AuditEntry]:
    """Return the audit entries ``user`` may read, newest first."""
    entries = AuditEntry.objects.select_related("actor", "content_type")
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix)
    return scope(user, "core.audit.view", entries)
