"""Write the programme's indicators as CSV or XLSX: one row per indicator and partner,
then the project's total rows, over all time or one reporting period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learninglab.accounts.models import User
from learninglab.actionplans.periods import Period
from learninglab.core.roles import Role
from learninglab.indicators.exports import FORMATS, indicators_file
from learninglab.indicators.selectors import Dashboard, dashboard
from learninglab.projects.commands import partner_or_stop
from learninglab.projects.models import Project


class Command(BaseCommand):
    help = (
        "Write the programme's indicators, computed from what was recorded: one row per "
        "indicator and partner, then the project's totals. A CSV file is written with a "
        "byte order mark so that Excel reads its diacritics."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partner", help="Short name (slug) of one partner; default: all.")
        parser.add_argument(
            "--period", help="A reporting period, 2026-S1 (Jan–Jun) or 2026-S2 (Jul–Dec)."
        )
        parser.add_argument("--format", required=True, dest="fmt", help="csv or xlsx")
        parser.add_argument("-o", "--output", required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fmt"] not in FORMATS:
            raise CommandError(
                f"No format {options['fmt']!r}. Valid formats: {', '.join(FORMATS)}."
            )
        period = None
        if options["period"]:
            try:
                period = Period.parse(options["period"])
            except ValueError:
                raise CommandError(
                    f"No period {options['period']!r}. Write a reporting period as YYYY-S1 "
                    "(January to June) or YYYY-S2 (July to December), e.g. 2026-S1."
                ) from None
        partner = partner_or_stop(options["partner"]) if options["partner"] else None
        # No one runs a command as a person: it reads every partner, as the coordinator.
        reader = User(role=Role.COORDINATOR, is_active=True)
        projects = [partner.project] if partner else list(Project.objects.order_by("acronym"))
        dashboards = [
            _only(dashboard(reader, project=project, partner=partner, period=period), partner)
            for project in projects
        ]
        path = Path(options["output"])
        try:
            path.write_bytes(indicators_file(dashboards, options["fmt"]))
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}") from exc
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote the indicators to {path}.")


def _only(figures: Dashboard, partner: Any) -> Dashboard:
    """Keep one partner's rows (and the project's) when one partner was asked for."""
    if partner is None:
        return figures
    return Dashboard(
        project=figures.project,
        period=figures.period,
        partner=partner,
        partners=[t for t in figures.partners if t.partner == partner],
        total=figures.total,
    )
