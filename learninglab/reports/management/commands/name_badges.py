"""Write name badges for a lab's expected participants as a PDF, ten to an A4 sheet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from learninglab.reports.badges import badges_pdf
from learninglab.reports.management.output import find_lab, write


class Command(BaseCommand):
    help = "Write a name badge for everyone on a lab's attendance sheet, as a PDF to print."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lab", required=True, help="Short name (slug) of the lab.")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        lab = find_lab(options["lab"])
        path = write(options["output"], badges_pdf(lab))
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote the name badges of {lab.slug} to {path}.")
