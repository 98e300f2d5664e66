"""The reporting periods of the implementation phase: six months each, written "2021-S1".

S1 runs from 1 January to 30 June, S2 from 1 July to 31 December. The report on a period
is due three months after it ends: on 30 September for S1, on 31 March of the next year
for S2. A plan's periods run from the first start of one of its actions (or, before any
action has a start, its endorsement) to the period of today.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import zoneinfo

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.models import ActionPlan

_WRITTEN = re.compile(r"^(?P<year>\d{4})-S(?P<half>[12])$")

# The report on a period is due this many months after it ends.
REPORT_DUE_MONTHS = 3


class PeriodError(ValueError):
    """A period that is not written as "YYYY-S1" or "YYYY-S2"."""


@dataclasses.dataclass(frozen=True, order=True)
class Period:
    """Half a year: ``half`` 1 (January–June) or 2 (July–December) of ``year``."""

    year: int
    half: int

    def __post_init__(self) -> None:
        if self.half not in (1, 2) or not 1900 <= self.year <= 9998:
            raise PeriodError(f"No period S{self.half} of {self.year}.")

    def __str__(self) -> str:
        return f"{self.year}-S{self.half}"

    @classmethod
    def parse(cls, written: str) -> Period:
        """Return the period written "2021-S1"; raise ``PeriodError`` for anything else."""
        found = _WRITTEN.match(written.strip())
        if found is None:
            raise PeriodError(
                _("“%(written)s” is not a period: write it as 2021-S1 or 2021-S2.")
                % {"written": written}
            )
        return cls(int(found["year"]), int(found["half"]))

    @classmethod
    def of(cls, day: datetime.date) -> Period:
        """Return the period ``day`` falls in."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def ends_on(self) -> datetime.date:
        return (
            datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)
        )

    @property
    def due_on(self) -> datetime.date:
        """Return the day the period's report is due: three months after it ends."""
        if self.half == 1:
            return datetime.date(self.year, 9, 30)
        return datetime.date(self.year + 1, 3, 31)

    @property
    def next(self) -> Period:
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)

    @property
    def previous(self) -> Period:
        return Period(self.year - 1, 2) if self.half == 1 else Period(self.year, 1)

    @property
    def label(self) -> str:
        """Return "January–June 2026" in the active language."""
        if self.half == 1:
            return gettext("January–June %(year)s") % {"year": self.year}
        return gettext("July–December %(year)s") % {"year": self.year}

    def moments(self, time_zone: str) -> tuple[datetime.datetime, datetime.datetime]:
        """Return the period's first moment and the first moment after it, in ``time_zone``
        (a lab on 1 July at 00:30 in Timișoara is in the second half, whatever UTC says)."""
        zone = zoneinfo.ZoneInfo(time_zone)
        end = self.ends_on + datetime.timedelta(days=1)
        return (
            datetime.datetime.combine(self.starts_on, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(end, datetime.time.min, tzinfo=zone),
        )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.starts_on <= day <= self.ends_on

    def is_overdue(self, today: datetime.date) -> bool:
        """Whether the report's due date has passed on ``today``."""
        return today > self.due_on


def periods_between(first: datetime.date, last: datetime.date) -> list[Period]:
    """Return the periods from the one of ``first`` to the one of ``last``, in order."""
    periods: list[Period] = []
    period, end = Period.of(first), Period.of(last)
    while period <= end:
        periods.append(period)
        period = period.next
    return periods


def plan_first_day(plan: ActionPlan) -> datetime.date | None:
    """Return the day the plan's implementation starts: its actions' first start, else its
    endorsement; ``None`` when it has neither."""
    starts = [action.starts_on for action in plan.actions.all() if action.starts_on]
    if starts:
        return min(starts)
    return plan.endorsed_on


def plan_periods(plan: ActionPlan, *, today: datetime.date) -> list[Period]:
    """Return the periods of ``plan`` up to the one of ``today`` (none before it starts).

    Reads the plan's actions: prefetch them when listing several plans.
    """
    first = plan_first_day(plan)
    if first is None or first > today:
        return []
    return periods_between(first, today)
