"""Write one good practice as the programme's form: a Word document or a PDF."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learninglab.practices.models import GoodPractice
from learninglab.reports.management.output import write
from learninglab.reports.practice import WRITERS, document_languages, practice_document


class Command(BaseCommand):
    help = (
        "Write a good practice laid out like the programme's good-practice form, in any "
        "status, as DOCX or PDF: in English, or in the partner's language with --language."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Short name (slug) of the practice, as in its address.")
        parser.add_argument("--format", choices=sorted(WRITERS), required=True, dest="fmt")
        parser.add_argument(
            "--language", default="en", help="en (default) or the partner's language, e.g. it."
        )
        parser.add_argument("-o", "--output", required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        slug, language = options["slug"], options["language"]
        practice = (
            GoodPractice.objects.select_related("partner__project", "contact__organisation")
            .prefetch_related("topics")
            .filter(slug=slug)
            .first()
        )
        if practice is None:
            raise CommandError(f"No good practice {slug!r}.")
        if language not in document_languages(practice):
            choices = ", ".join(document_languages(practice))
            raise CommandError(f"No {language!r} version of {slug}: choose one of {choices}.")
        path = write(
            options["output"], practice_document(practice, options["fmt"], language=language)
        )
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote the good practice {slug} ({language}) to {path}.")
