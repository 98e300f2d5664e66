"""Keep a progress spreadsheet between its preview and its commit; record it all or nothing.

The stakeholder import's rules: the file stays on the server under a random token
(``ProgressImport``); the preview and the commit both read it from there, so what is
recorded is what the file says, whatever a browser sends back; the commit plans the rows
again against the actions as they are then, and records every row or none.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninglab.actionplans.importing import SheetPlan, rows_plan
from learninglab.actionplans.models import ActionPlan, ProgressImport
from learninglab.actionplans.services.progress import progress_record
from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.stakeholders.importing.errors import ImportRejected

# A file never committed is deleted after this long (``progress_imports_prune``).
IMPORT_KEPT = datetime.timedelta(days=1)


def progress_import_create(
    *, actor: Actor, plan: ActionPlan, content: bytes, filename: str
) -> tuple[ProgressImport, SheetPlan]:
    """Keep an uploaded file and return it with its preview.

    A file that cannot be read (wrong type, too large, damaged, without the columns) is
    refused with ``ImportRejected`` and not kept.
    """
    preview = rows_plan(plan=plan, content=content, filename=filename)
    kept = ProgressImport.objects.create(
        plan=plan,
        filename=filename[:200],
        content=content,
        uploaded_by=acting_user(actor),
        created_at=timezone.now(),
    )
    return kept, preview


def progress_import_preview(kept: ProgressImport) -> SheetPlan:
    """Return the preview of a kept file against the actions as they are now."""
    return rows_plan(plan=kept.plan, content=bytes(kept.content), filename=kept.filename)


def progress_import_commit(*, actor: Actor, kept: ProgressImport, via: str = Via.IMPORT) -> int:
    """Record an entry for every row that changes something; return how many.

    All rows or none: a file with any error is refused (``has_errors``) and so is a row
    the services refuse at commit time (``row_failed``, naming the row). A file is
    recorded once (``already_committed``), even when two commits race.
    """
    with transaction.atomic():
        claimed = ProgressImport.objects.filter(pk=kept.pk, committed_at__isnull=True).update(
            committed_at=timezone.now()
        )
        if not claimed:
            raise ImportRejected(
                "already_committed", _("This file was recorded already; nothing more was done.")
            )
        sheet = progress_import_preview(kept)
        if sheet.has_errors:
            raise ImportRejected(
                "has_errors",
                _("The file has errors: nothing was recorded. Correct them, then upload it again."),
            )
        for row in sheet.to_record:
            assert row.action is not None and row.data is not None
            try:
                progress_record(actor=actor, action=row.action, data=row.data, via=via)
            except DomainError as error:
                raise ImportRejected(
                    "row_failed",
                    _("Row %(row)s could not be recorded (%(reason)s), so nothing was recorded.")
                    % {"row": row.number, "reason": error},
                ) from error
        audit_record(
            actor=actor,
            action="actionplans.progress.imported",
            obj=kept.plan,
            extra={"file": kept.filename, "rows": len(sheet.to_record)},
            via=via,
        )
    return len(sheet.to_record)


def progress_imports_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the files never committed within ``IMPORT_KEPT``; return how many. The
    worker runs it."""
    now = now or timezone.now()
    deleted, _kinds = ProgressImport.objects.filter(
        committed_at__isnull=True, created_at__lt=now - IMPORT_KEPT
    ).delete()
    return deleted
