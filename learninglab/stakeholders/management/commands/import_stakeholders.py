"""``learninglab import-stakeholders FILE --partner SLUG``: import people from a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from learninglab.core.models import Via
from learninglab.projects.models import Partner
from learninglab.projects.selectors import partner_by_slug
from learninglab.stakeholders import importing


class Command(BaseCommand):
    help = (
        "Import people from a CSV or Excel (.xlsx) file into a partner's stakeholder group. "
        "Prints the verdict on every row, then imports the new and changed people unless "
        "--dry-run is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file to import.")
        parser.add_argument("--partner", required=True, help="Short name (slug) of the partner.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only show what would be imported."
        )
        parser.add_argument(
            "--encoding", default="", help="Encoding of a CSV file, such as cp1250 or utf-8."
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help=(
                "Read the column HEADER as FIELD (repeatable). Fields: "
                + ", ".join((*importing.FIELDS, importing.IGNORE))
                + "."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partner = partner_by_slug(options["partner"])
        except Partner.DoesNotExist:
            raise CommandError(
                _("There is no partner with the short name “%(slug)s”.")
                % {"slug": options["partner"]}
            ) from None
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": exc.strerror}
            ) from None
        try:
            import_options = importing.ImportOptions(
                encoding=options["encoding"], mapping=importing.parse_mapping(options["map"])
            )
            if options["dry_run"]:
                report = importing.import_preview(
                    partner=partner, content=content, filename=path.name, options=import_options
                )
            else:
                batch, report = importing.import_batch_create(
                    actor=None,
                    partner=partner,
                    content=content,
                    filename=path.name,
                    options=import_options,
                )
            self._write_report(report)
            if options["dry_run"]:
                self.stdout.write(_("Dry run: nothing was imported."))
                return
            report = importing.import_commit(actor=None, batch=batch, via=Via.CLI)
        except importing.ImportRejected as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported: %(created)s new, %(updated)s updated.")
                % {"created": report.created, "updated": report.updated}
            )
        )

    def _write_report(self, report: importing.ImportReport) -> None:
        for row in report.rows:
            details = list(row.reasons)
            if row.changes:
                fields = ", ".join(row.change_labels)
                details.insert(0, _("changes: %(fields)s") % {"fields": fields})
            if row.is_problem and row.existing is not None:
                details.append(_("see person #%(id)s") % {"id": row.existing.pk})
            line = f"{row.number:>6}  {row.get_verdict_display():<10}  {row.name or '—'}"
            if details:
                line += "  — " + "; ".join(details)
            self.stdout.write(line)
        if report.ignored_columns:
            self.stdout.write(
                _("Columns ignored: %(columns)s") % {"columns": ", ".join(report.ignored_columns)}
            )
        counts = ", ".join(f"{label}: {count}" for _verdict, label, count in report.tally())
        summary = _("%(rows)s rows — %(counts)s") % {"rows": len(report.rows), "counts": counts}
        self.stdout.write(summary)
