"""Record how an action progresses: one entry at a time, each keeping the action's status.

An action's ``status``, ``progress`` and ``status_reason`` are those of its latest entry
(by date, then by when it was recorded): an entry back-dated before the latest one is
kept in the history and changes nothing else. An entry may bring evidence files
(checked like every upload, ``core.uploads``); when it changes the status of an action
of a public plan, the plan's confirmed followers get an e-mail once it is committed.
Milestones are marked reached (or not) with ``milestone_mark``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.emails import status_change_notify
from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import (
    STATUSES_WITH_REASON,
    Action,
    ActionStatus,
    EvidenceFile,
    FundingSource,
    FundsMobilised,
    Milestone,
    ProgressEntry,
)
from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.uploads import (
    DOCUMENT,
    PHOTO,
    FileType,
    accepted_types,
    check_upload,
    photo_without_metadata,
    unstored_on_error,
)

# Evidence may be any document or photo the project takes elsewhere.
EVIDENCE_MAX_FILES = 10


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
    # Uploaded files that show the progress (minutes, a contract, a photo).
    evidence: Sequence[Any] = ()


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
    if len(data.evidence) > EVIDENCE_MAX_FILES:
        raise DomainError(
            "too_many_files",
            _("Attach at most %(count)s files to one entry.") % {"count": EVIDENCE_MAX_FILES},
            field="evidence",
        )


def evidence_check(upload: Any) -> tuple[Any, FileType]:
    """Return an evidence file as it will be stored, with its type: a document the
    project takes elsewhere, or a photo saved again without its metadata (a phone's photo
    tells where it was taken).

    Raise ``DomainError`` naming the file and what is accepted.
    """
    if PurePath(upload.name or "").suffix.lower() in accepted_types(PHOTO):
        file_type = check_upload(upload, kind=PHOTO)
        return photo_without_metadata(upload, file_type=file_type), file_type
    return upload, check_upload(upload, kind=DOCUMENT)


@transaction.atomic
def progress_record(
    *,
    actor: Actor,
    action: Action,
    data: EntryData,
    now: datetime.datetime | None = None,
    via: str = Via.WEB,
) -> ProgressEntry:
    """Add a progress entry to ``action`` and, if it is the latest, take its status.

    Returns the entry, recorded ``now`` (by default the present; a script replaying past
    entries gives their moment). When the action's status changes, ``status_changed_at``
    is set (the public page and the plan's followers hear of it).
    """
    action = Action.objects.select_related("plan").select_for_update().get(pk=action.pk)
    entry_check(action, data)
    # Every file is checked before any is stored: one refused file refuses the entry.
    checked = [evidence_check(upload) for upload in data.evidence]
    entry = ProgressEntry.objects.create(
        action=action,
        on=data.on,
        text=data.text.strip(),
        status=data.status,
        progress=data.progress,
        reason=data.reason.strip() if data.status in STATUSES_WITH_REASON else "",
        created_at=now or timezone.now(),
        created_by=acting_user(actor),
    )
    FundsMobilised.objects.bulk_create(
        FundsMobilised(entry=entry, source=source, amount_eur=amount)
        for source, amount in data.funds.items()
        if amount
    )
    before = {"status": action.status, "progress": action.progress}
    latest = action.entries.order_by("-on", "-created_at", "-pk").first()
    status_changed = False
    if latest is not None and latest.pk == entry.pk:
        if action.status != entry.status:
            action.status_changed_at = entry.created_at
            status_changed = True
        action.status, action.progress = entry.status, entry.progress
        action.status_reason = entry.reason
        action.save(update_fields=["status", "progress", "status_reason", "status_changed_at"])
    with unstored_on_error() as stored:
        files = [_evidence_keep(entry, upload, file_type, stored) for upload, file_type in checked]
        audit_record(
            actor=actor,
            action="actionplans.action.progress_recorded",
            obj=action,
            before=before,
            after={
                "status": action.status,
                "progress": action.progress,
                "entry": entry.pk,
                "evidence": [f.original_name for f in files],
            },
            via=via,
        )
    if status_changed and action.plan.is_public:
        transaction.on_commit(lambda: status_change_notify(entry.pk))
    return entry


def _evidence_keep(
    entry: ProgressEntry, upload: Any, file_type: FileType, stored: list[EvidenceFile]
) -> EvidenceFile:
    name = PurePath(upload.name).name
    evidence = EvidenceFile(
        entry=entry,
        original_name=name[:200],
        content_type=file_type.content_type,
        size=upload.size,
    )
    evidence.file.save(name, upload, save=False)
    stored.append(evidence)
    evidence.save()
    return evidence


@transaction.atomic
def milestone_mark(
    *, actor: Actor, milestone: Milestone, done_on: datetime.date | None, via: str = Via.WEB
) -> Milestone:
    """Mark ``milestone`` reached on ``done_on``, or not reached when it is None.

    Refuses ``milestone_future``: a milestone is reached on a day that has come.
    """
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if done_on is not None and done_on > timezone.localdate():
        raise DomainError(
            "milestone_future",
            _("A milestone is reached on a day that has come: not a future date."),
            field="done_on",
        )
    before = {"done_on": milestone.done_on.isoformat() if milestone.done_on else None}
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="actionplans.milestone.marked",
        obj=milestone,
        before=before,
        after={"done_on": done_on.isoformat() if done_on else None},
        via=via,
    )
    return milestone
