"""Export every good practice, or one partner's, as XLSX or CSV: one row each, with its
status, like the download on the staff pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learninglab.practices.exports import FORMATS, practices_file
from learninglab.practices.models import GoodPractice
from learninglab.practices.selectors import exported
from learninglab.projects.commands import partner_or_stop


class Command(BaseCommand):
    help = (
        "Export the good practices, in every status, one row each: all of them or one "
        "partner's. A CSV file is written with a byte order mark so that Excel reads its "
        "diacritics; cells that a spreadsheet would run as formulas are kept as text."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partner", help="Short name (slug) of one partner; default: all.")
        parser.add_argument("--format", choices=FORMATS, required=True, dest="fmt")
        parser.add_argument("-o", "--output", required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        # No user runs a command: every practice, whatever its status.
        practices = GoodPractice.objects.all()
        if options["partner"]:
            practices = practices.filter(partner=partner_or_stop(options["partner"]))
        rows = list(exported(practices))
        path = Path(options["output"])
        try:
            path.write_bytes(practices_file(rows, options["fmt"]))
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}") from exc
        if options["verbosity"] > 0:
            noun = "practice" if len(rows) == 1 else "practices"
            self.stdout.write(f"Exported {len(rows)} good {noun} to {path}.")
