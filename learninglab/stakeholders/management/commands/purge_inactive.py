"""Erase the people of every stakeholder group who have been inactive for too long."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from learninglab.stakeholders.services.stakeholder import stakeholders_purge_inactive


class Command(BaseCommand):
    help = (
        "Erase the personal data of people with no activity and no consent recorded for "
        "more than N months (STAKEHOLDER_RETENTION_MONTHS by default; 0 switches it off), "
        "and the colleagues sent in someone's place who never answered, "
        "COLLEAGUE_RETENTION_DAYS after their lab."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Months of inactivity after which a person is erased.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the people who would be erased."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"]
        if months is None:
            months = settings.STAKEHOLDER_RETENTION_MONTHS
        if months < 0:
            raise CommandError("--months cannot be negative.")
        if months == 0:
            self.stdout.write("The purge for inactivity is switched off (0 months).")
        dry_run = options["dry_run"]
        count = stakeholders_purge_inactive(months=months, dry_run=dry_run)
        noun = "person" if count == 1 else "people"
        why = f"inactive for more than {months} months, or " if months else ""
        why += "sent as a colleague and never answered"
        if dry_run:
            self.stdout.write(f"Would erase {count} {noun}: {why} (dry run).")
        else:
            self.stdout.write(f"Erased {count} {noun}: {why}.")
