"""Write a lab's attendance report as a PDF or a workbook, like the downloads on its page."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from learninglab.reports.management.output import find_lab, write
from learninglab.reports.report import attendance_report_pdf, attendance_report_xlsx

WRITERS = {"pdf": attendance_report_pdf, "xlsx": attendance_report_xlsx}


class Command(BaseCommand):
    help = (
        "Write who came to a lab (checked in, or else confirmed), with counts by "
        "organisation type and quadruple-helix category, as a PDF or an XLSX workbook."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lab", required=True, help="Short name (slug) of the lab.")
        parser.add_argument(
            "--format", choices=sorted(WRITERS), default="pdf", dest="fmt", help="Default: pdf."
        )
        parser.add_argument("-o", "--output", required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        lab = find_lab(options["lab"])
        path = write(options["output"], WRITERS[options["fmt"]](lab))
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote the attendance report of {lab.slug} to {path}.")
