"""Record how an action progresses: one entry at a time, each keeping the action's status.

An action's ``status``, ``progress`` and ``status_reason`` are those of its latest entry
(by date, then by when it was recorded): an entry back-dated before the latest one is
kept in the history and changes nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import (
    STATUSES_WITH_REASON,
    Action,
    ActionStatus,
    FundingSource,
    FundsMobilised,
    ProgressEntry,
)
from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via


@dataclasses.dataclass
class EntryData:
    """What happened to an action on a date, as a form, a spreadsheet or a script says."""

    on: datetime.date
    text: str
    status: str
    progress: int
    reason: str = ""
    # The funds mobilised, by the action's funding source.
    funds: Mapping[FundingSource, Decimal] = dataclasses.field(default_factory=dict)


def entry_check(action: Action, data: EntryData) -> None:
    """Refuse an entry no form should let through; the forms say it more kindly first."""
    if data.status not in ActionStatus.values:
        raise DomainError("unknown_status", _("Choose a status from the list."), field="status")
    if not 0 <= data.progress <= 100:
        raise DomainError(
            "progress_range", _("Progress is a percentage from 0 to 100."), field="progress"
        )
    if data.status == ActionStatus.COMPLETED and data.progress != 100:
        raise DomainError(
            "completed_not_full",
            _("A completed action is 100% done: set its progress to 100."),
            field="progress",
        )
    if data.status in STATUSES_WITH_REASON and not data.reason.strip():
        raise DomainError(
            "reason_required",
            _("Say why the action is %(status)s.")
            % {"status": ActionStatus(data.status).label.lower()},
            field="reason",
        )
    if not data.text.strip():
        raise DomainError("text_required", _("Say what happened."), field="text")
    if len(data.text) > limit("entry_text") or len(data.reason) > limit("reason"):
        raise DomainError("too_long", _("The text is too long."), field="text")
    if data.on > timezone.localdate():
        raise DomainError(
            "entry_future", _("An entry tells what happened: not a future date."), field="on"
        )
    for source, amount in data.funds.items():
        if source.action_id != action.pk:
            raise DomainError("source_elsewhere", _("Choose a funding source of this action."))
        if amount < 0:
            raise DomainError("funds_negative", _("Funds mobilised cannot be negative."))


@transaction.atomic
def progress_record(
    *, actor: Actor, action: Action, data: EntryData, via: str = Via.WEB
) -> ProgressEntry:
    """Add a progress entry to ``action`` and, if it is the latest, take its status.

    Returns the entry. When the action's status changes, ``status_changed_at`` is set
    (the public page and the plan's followers hear of it).
    """
    action = Action.objects.select_for_update().get(pk=action.pk)
    entry_check(action, data)
    entry = ProgressEntry.objects.create(
        action=action,
        on=data.on,
        text=data.text.strip(),
        status=data.status,
        progress=data.progress,
        reason=data.reason.strip() if data.status in STATUSES_WITH_REASON else "",
        created_at=timezone.now(),
        created_by=acting_user(actor),
    )
    FundsMobilised.objects.bulk_create(
        FundsMobilised(entry=entry, source=source, amount_eur=amount)
        for source, amount in data.funds.items()
        if amount
    )
    before = {"status": action.status, "progress": action.progress}
    latest = action.entries.order_by("-on", "-created_at", "-pk").first()
    if latest is not None and latest.pk == entry.pk:
        if action.status != entry.status:
            action.status_changed_at = entry.created_at
        action.status, action.progress = entry.status, entry.progress
        action.status_reason = entry.reason
        action.save(update_fields=["status", "progress", "status_reason", "status_changed_at"])
    audit_record(
        actor=actor,
        action="actionplans.action.progress_recorded",
        obj=action,
        before=before,
        after={"status": action.status, "progress": action.progress, "entry": entry.pk},
        via=via,
    )
    return entry
