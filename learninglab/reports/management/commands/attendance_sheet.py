"""Write a lab's attendance sheet as a PDF, like the download on the lab's page."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from learninglab.reports.attendance import DEFAULT_BLANK_ROWS, MAX_BLANK_ROWS, attendance_sheet_pdf
from learninglab.reports.management.output import find_lab, write
from learninglab.reports.selectors import expected_attendees


def blank_rows(value: str) -> int:
    if not value.isdigit() or int(value) > MAX_BLANK_ROWS:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to {MAX_BLANK_ROWS}")
    return int(value)


class Command(BaseCommand):
    help = (
        "Write the attendance sheet of a lab as a PDF to print: everyone who confirmed, "
        "sorted by last name, with a signature box, then empty rows for walk-ins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lab", required=True, help="Short name (slug) of the lab.")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write.")
        parser.add_argument(
            "--blank-rows",
            type=blank_rows,
            default=DEFAULT_BLANK_ROWS,
            metavar="N",
            help=f"Empty rows for walk-ins, 0 to {MAX_BLANK_ROWS} (default: {DEFAULT_BLANK_ROWS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lab = find_lab(options["lab"])
        content = attendance_sheet_pdf(lab, blank_rows=options["blank_rows"])
        path = write(options["output"], content)
        if options["verbosity"] > 0:
            count = len(expected_attendees(lab))
            self.stdout.write(
                f"Wrote the attendance sheet of {lab.slug} ({count} people) to {path}."
            )
