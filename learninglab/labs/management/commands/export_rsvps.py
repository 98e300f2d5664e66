"""Export the answers to a lab's invitations as CSV or XLSX, like the answers page's download."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learninglab.core import spreadsheets
from learninglab.labs import exports, selectors
from learninglab.labs.models import Lab
from learninglab.stakeholders.selectors import people_order


class Command(BaseCommand):
    help = (
        "Export who was invited to a lab and what they answered. CSV goes to standard output "
        "unless -o is given; a CSV file is written with a byte order mark so that Excel "
        "reads its diacritics. XLSX needs -o."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lab", required=True, help="Short name (slug) of the lab.")
        parser.add_argument(
            "--format",
            choices=spreadsheets.FORMATS,
            default="csv",
            dest="fmt",
            help="Default: csv.",
        )
        parser.add_argument("-o", "--output", help="File to write; CSV only may go to stdout.")

    def handle(self, *args: Any, **options: Any) -> None:
        lab = Lab.objects.filter(slug=options["lab"]).first()
        if lab is None:
            raise CommandError(f"No lab {options['lab']!r}.")
        fmt, output = options["fmt"], options["output"]
        if fmt == "xlsx" and not output:
            raise CommandError("An XLSX export needs a file name: add -o FILE.")
        answers = list(
            lab.invitations.select_related("stakeholder__organisation").order_by(
                *people_order(lab.partner, via="stakeholder__")
            )
        )
        questions = selectors.lab_questions(lab, asked_only=False)
        header = exports.answers_header(lab, questions)
        rows = exports.answers_rows(lab, answers, questions)
        if output is None:
            text = io.StringIO()
            spreadsheets.write_csv(header, rows, text)
            self.stdout.write(text.getvalue(), ending="")
            return
        path = Path(output)
        try:
            if fmt == "csv":
                with path.open("w", encoding="utf-8-sig", newline="") as stream:
                    spreadsheets.write_csv(header, rows, stream)
            else:
                with path.open("wb") as stream:
                    spreadsheets.write_xlsx(header, rows, stream, title="Answers")
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}") from exc
        if options["verbosity"] > 0:
            self.stdout.write(f"Exported {len(answers)} answer(s) of {lab.slug} to {path}.")
