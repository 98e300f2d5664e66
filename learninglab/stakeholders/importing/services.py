"""Preview and commit an import of people from a spreadsheet.

A batch keeps the parsed rows of its file (``ParsedFile``), never the file, and only until
it is committed or expires (``import_batches_expire``): after that it keeps only its counts.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninglab.core import languages
from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import language_name
from learninglab.projects.models import Partner
from learninglab.stakeholders.importing.columns import FIELD_LABELS
from learninglab.stakeholders.importing.errors import ImportRejected
from learninglab.stakeholders.importing.parsed import ParsedFile, parse_upload
from learninglab.stakeholders.importing.plan import (
    IMPORTABLE,
    PROBLEMS,
    RowResult,
    Verdict,
    plan_rows,
)
from learninglab.stakeholders.models import (
    ConsentMethod,
    ConsentPurpose,
    ImportBatch,
    Organisation,
    OrganisationType,
)
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.organisation import organisation_get_or_create
from learninglab.stakeholders.services.stakeholder import (
    StakeholderData,
    stakeholder_create,
    stakeholder_update,
)


@dataclasses.dataclass(frozen=True)
class ImportOptions:
    """What the user chose besides the file: its encoding and how to read unknown headers."""

    encoding: str = ""
    mapping: dict[str, str] = dataclasses.field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"encoding": self.encoding, "mapping": dict(self.mapping)}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ImportOptions:
        data = data or {}
        return cls(encoding=data.get("encoding") or "", mapping=dict(data.get("mapping") or {}))


@dataclasses.dataclass
class ImportReport:
    """The verdict on every row of a file, and after a commit what was imported."""

    partner: Partner
    filename: str
    format: str
    encoding: str
    delimiter: str
    header_row: int
    columns: dict[str, str]
    ignored_columns: list[str]
    rows: list[RowResult]
    stopped_at: int | None = None
    batch: ImportBatch | None = None
    created: int = 0
    updated: int = 0

    def counts(self) -> dict[str, int]:
        """Return the number of rows per verdict, every verdict listed."""
        found = Counter(row.verdict for row in self.rows)
        return {str(verdict): found.get(verdict, 0) for verdict in Verdict}

    def column_labels(self) -> list[tuple[str, str]]:
        """Return (header in the file, field it fills) for every column read."""
        return [(header, str(FIELD_LABELS[field])) for field, header in self.columns.items()]

    def type_words(self) -> list[tuple[str, str, int]]:
        """Return (word of the file, organisation type it was read as, number of rows) for
        every word of the type column, such as ("IMM", "SME", 12), in the order first met."""
        found: Counter[tuple[str, str]] = Counter(
            (row.raw_type, row.person.organisation_type)
            for row in self.rows
            if row.raw_type and row.person.organisation_type
        )
        return [
            (word, str(OrganisationType(kind).label), count)
            for (word, kind), count in found.items()
        ]

    def untranslated(self) -> list[tuple[str, int]]:
        """Return (language, number of rows) for every language of the rows to be imported
        that we cannot write in, such as ("Hungarian", 3), in the order first met."""
        found: Counter[str] = Counter(
            row.person.language
            for row in self.rows
            if not row.is_problem
            and row.person.language
            and row.person.language not in languages.written()
        )
        return [(language_name(code), count) for code, count in found.items()]

    @property
    def written_instead(self) -> str:
        """Return the language people of those languages are written to in."""
        code = languages.for_person(None, partner_language=self.partner.main_language)
        return language_name(code)

    def tally(self) -> list[tuple[str, str, int]]:
        """Return (verdict, its label, number of rows) for every verdict."""
        counts = self.counts()
        return [(str(v), str(v.label), counts[str(v)]) for v in Verdict]

    @property
    def delimiter_name(self) -> str:
        names = {",": _("comma"), ";": _("semicolon"), "\t": _("tab"), "|": _("vertical bar")}
        return names.get(self.delimiter, self.delimiter)

    @property
    def importable(self) -> list[RowResult]:
        return [row for row in self.rows if row.verdict in IMPORTABLE]

    @property
    def problems(self) -> list[RowResult]:
        return [row for row in self.rows if row.verdict in PROBLEMS]

    def summary(self) -> dict[str, Any]:
        """Return the counts as JSON-ready data, as kept with a committed batch."""
        return {
            "rows": len(self.rows),
            **self.counts(),
            "created": self.created,
            "updated": self.updated,
        }


def import_preview(
    *, partner: Partner, content: bytes, filename: str, options: ImportOptions
) -> ImportReport:
    """Return what importing ``content`` into the partner's group would do, row by row.

    Changes nothing. Raise ``ImportRejected`` (and only that) when the file is too large,
    cannot be read, breaks a limit of the import, or lacks a name column or an e-mail/phone
    column.
    """
    parsed = parse_upload(
        content,
        encoding=options.encoding,
        mapping=options.mapping,
        languages=list(partner.languages or ()),
    )
    return _report(partner=partner, filename=filename, parsed=parsed)


def _report(*, partner: Partner, filename: str, parsed: ParsedFile) -> ImportReport:
    columns = parsed.columns
    return ImportReport(
        partner=partner,
        filename=filename,
        format=parsed.format,
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
        header_row=columns.row,
        columns=columns.mapped_headers(),
        ignored_columns=columns.ignored,
        rows=plan_rows(partner=partner, columns=columns, records=parsed.records),
        stopped_at=parsed.stopped_at,
    )


def import_batch_create(
    *, actor: Actor, partner: Partner, content: bytes, filename: str, options: ImportOptions
) -> tuple[ImportBatch, ImportReport]:
    """Read an uploaded file once, keep its parsed rows, and return the batch and its preview.

    The batch keeps the cells of the columns read (``ParsedFile``) and the preview's counts,
    never the file. A file that cannot be read is refused with ``ImportRejected`` and nothing
    is kept.
    """
    parsed = parse_upload(
        content,
        encoding=options.encoding,
        mapping=options.mapping,
        languages=list(partner.languages or ()),
    )
    report = _report(partner=partner, filename=filename, parsed=parsed)
    batch = ImportBatch.objects.create(
        partner=partner,
        uploaded_by=acting_user(actor),
        filename=filename[:200],
        table=parsed.as_json(),
        options=options.as_json(),
        summary=report.summary(),
    )
    report.batch = batch
    return batch, report


def import_batch_preview(batch: ImportBatch) -> ImportReport:
    """Return the preview of a batch's rows against the group as it is now.

    The rows come from the batch; the file is never read again. Raise ``ImportRejected``
    when the batch was committed or has expired, as it no longer has rows.
    """
    if batch.committed_at is not None:
        raise _committed()
    if batch.expired_at is not None or not batch.table:
        raise _expired()
    report = _report(
        partner=batch.partner, filename=batch.filename, parsed=ParsedFile.from_json(batch.table)
    )
    report.batch = batch
    return report


def _committed() -> ImportRejected:
    return ImportRejected(
        "already_committed", _("This file was already imported; nothing more was done.")
    )


def _expired() -> ImportRejected:
    return ImportRejected(
        "expired", _("This upload expired and its rows were deleted. Upload the file again.")
    )


def import_batches_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the rows of every batch uploaded more than ``IMPORT_KEPT_HOURS`` ago and never
    committed; return how many expired. They keep only their counts. The worker runs it."""
    now = now or timezone.now()
    return ImportBatch.objects.filter(
        committed_at__isnull=True,
        expired_at__isnull=True,
        created_at__lt=now - datetime.timedelta(hours=settings.IMPORT_KEPT_HOURS),
    ).update(table={}, expired_at=now)


def import_commit(*, actor: Actor, batch: ImportBatch, via: str = Via.IMPORT) -> ImportReport:
    """Import every ``new`` and ``update`` row of the batch, all of them or none.

    The verdicts are computed again, against the group as it is at commit time. Each person,
    organisation and consent goes through the stakeholder services, so every change is
    audited. A batch is committed once: a second commit, even a concurrent one, raises
    ``ImportRejected("already_committed")`` and changes nothing; so does an expired batch
    (``expired``). If any row fails, nothing is imported and ``ImportRejected("row_failed")``
    names the row. Once committed, the batch keeps only its counts, not its rows.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(
            pk=batch.pk, committed_at__isnull=True, expired_at__isnull=True
        ).update(committed_at=now)
        if not claimed:
            batch.refresh_from_db()
            raise _expired() if batch.expired_at is not None else _committed()
        # The rows never change while a batch is open, and it cannot expire once claimed.
        report = _report(
            partner=batch.partner,
            filename=batch.filename,
            parsed=ParsedFile.from_json(batch.table),
        )
        text_version = f"{batch.filename[:29]} {timezone.localdate(now).isoformat()}"
        importer = _Importer(actor=actor, partner=batch.partner, via=via, consent=text_version)
        for row in report.importable:
            importer.apply(row)
        report.created, report.updated = importer.created, importer.updated
        summary = report.summary()
        ImportBatch.objects.filter(pk=batch.pk).update(summary=summary, table={})
        audit_record(
            actor=actor,
            action="stakeholders.import.committed",
            obj=batch,
            after=summary,
            via=via,
        )
    batch.committed_at, batch.summary, batch.table = now, summary, {}
    return report


class _Importer:
    """Write the rows of one commit through the stakeholder services."""

    def __init__(self, *, actor: Actor, partner: Partner, via: str, consent: str) -> None:
        self.actor, self.partner, self.via, self.text_version = actor, partner, via, consent
        self.created = self.updated = 0

    def apply(self, row: RowResult) -> None:
        try:
            if row.verdict == Verdict.NEW:
                self._create(row)
                self.created += 1
            else:
                self._update(row)
                self.updated += 1
        except (DomainError, IntegrityError, DataError) as exc:
            raise ImportRejected(
                "row_failed",
                _("Row %(row)s could not be imported (%(reason)s), so nothing was imported.")
                % {"row": row.number, "reason": exc},
            ) from exc

    def _organisation(self, name: str, type: str) -> Organisation | None:
        if not name:
            return None
        organisation, _created = organisation_get_or_create(
            actor=self.actor, partner=self.partner, name=name, type=type or None, via=self.via
        )
        return organisation

    def _consent(self, person: Any, given: bool | None) -> None:
        if given is None:
            return
        consent_record(
            actor=self.actor,
            stakeholder=person,
            purpose=ConsentPurpose.INVITATIONS,
            given=given,
            method=ConsentMethod.IMPORT,
            text_version=self.text_version,
            via=self.via,
        )

    def _create(self, row: RowResult) -> None:
        p = row.person
        language = p.language or self.partner.main_language
        if language not in dict(settings.STAKEHOLDER_LANGUAGES):
            language = "en"
        person = stakeholder_create(
            actor=self.actor,
            partner=self.partner,
            data=StakeholderData(
                first_name=p.first_name,
                last_name=p.last_name,
                email=p.email,
                phone=p.phone,
                organisation=self._organisation(p.organisation, p.organisation_type),
                position=p.position,
                language=language,
                notes=p.notes,
                tags=p.tags or None,
            ),
            via=self.via,
        )
        self._consent(person, p.consent)

    def _update(self, row: RowResult) -> None:
        person, merged = row.existing, row.merged
        assert person is not None  # an update always has the person it updates
        organisation = person.organisation
        if "organisation" in row.changes or "organisation_type" in row.changes:
            organisation = self._organisation(
                merged["organisation"], merged["organisation_type"] or row.person.organisation_type
            )
        stakeholder_update(
            actor=self.actor,
            stakeholder=person,
            data=StakeholderData(
                first_name=merged["first_name"],
                last_name=merged["last_name"],
                email=merged["email"],
                phone=merged["phone"],
                organisation=organisation,
                position=merged["position"],
                language=merged["language"],
                notes=merged["notes"],
                tags=merged["tags"],
            ),
            via=self.via,
        )
        if "consent" in row.changes:
            self._consent(person, merged["consent"])
