"""Export a partner's stakeholder group as CSV or XLSX, like the list page's download."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learninglab.projects.commands import partner_or_stop
from learninglab.stakeholders.exports import FORMATS, export_people, write_csv, write_xlsx
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import people_order


class Command(BaseCommand):
    help = (
        "Export the people of one partner's stakeholder group. CSV goes to standard output "
        "unless -o is given; a CSV file is written with a byte order mark so that Excel "
        "reads its diacritics. XLSX needs -o."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partner", required=True, help="Short name (slug) of the partner.")
        parser.add_argument(
            "--format", choices=FORMATS, default="csv", dest="fmt", help="Default: csv."
        )
        parser.add_argument("-o", "--output", help="File to write; CSV only may go to stdout.")

    def handle(self, *args: Any, **options: Any) -> None:
        partner = partner_or_stop(options["partner"])
        fmt, output = options["fmt"], options["output"]
        if fmt == "xlsx" and not output:
            raise CommandError("An XLSX export needs a file name: add -o FILE.")
        # No user runs a command: every person of the group, as the list page orders them.
        people = export_people(
            Stakeholder.objects.filter(partner=partner, erased_at__isnull=True).order_by(
                *people_order(partner)
            )
        )
        if output is None:
            text = io.StringIO()
            write_csv(people, text)
            self.stdout.write(text.getvalue(), ending="")
            return
        path = Path(output)
        try:
            if fmt == "csv":
                with path.open("w", encoding="utf-8-sig", newline="") as stream:
                    write_csv(people, stream)
            else:
                with path.open("wb") as stream:
                    write_xlsx(people, stream)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}") from exc
        if options["verbosity"] > 0:
            count = len(list(people))  # already fetched by the writer
            noun = "person" if count == 1 else "people"
            self.stdout.write(f"Exported {count} {noun} of {partner.slug} to {path}.")
