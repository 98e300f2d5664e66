"""Reporting periods of six months: ``2026-S1`` is January to June 2026, ``2026-S2`` July
to December.

Kept minimal: what the indicators need to name a period, read it back, and turn it into
the dates and moments it covers.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import zoneinfo

from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(\d{4})-S([12])$")


@dataclasses.dataclass(frozen=True, order=True)
class Period:
    """Half a year: ``half`` 1 is January–June, 2 is July–December."""

    year: int
    half: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """Return the period written ``YYYY-S1`` or ``YYYY-S2``; raise ValueError otherwise."""
        match = _PATTERN.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a period such as 2026-S1 or 2026-S2.")
        return cls(year=int(match[1]), half=int(match[2]))

    @classmethod
    def of(cls, day: datetime.date) -> Period:
        """Return the period ``day`` falls in."""
        return cls(year=day.year, half=1 if day.month <= 6 else 2)

    def __str__(self) -> str:
        return f"{self.year}-S{self.half}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> datetime.date:
        return (
            datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)
        )

    @property
    def label(self) -> str:
        """Return "January–June 2026" in the active language."""
        if self.half == 1:
            return _("January–June %(year)s") % {"year": self.year}
        return _("July–December %(year)s") % {"year": self.year}

    def moments(self, time_zone: str) -> tuple[datetime.datetime, datetime.datetime]:
        """Return the period's first moment and the first moment after it, in ``time_zone``
        (a lab on 1 July at 00:30 in Timișoara is in the second half, whatever UTC says)."""
        zone = zoneinfo.ZoneInfo(time_zone)
        end = self.last_day + datetime.timedelta(days=1)
        return (
            datetime.datetime.combine(self.first_day, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(end, datetime.time.min, tzinfo=zone),
        )


def periods_between(first: datetime.date, last: datetime.date) -> list[Period]:
    """Return every period from the one of ``first`` to the one of ``last``, in order."""
    periods = []
    current, end = Period.of(first), Period.of(last)
    while current <= end:
        periods.append(current)
        current = Period(current.year, 2) if current.half == 1 else Period(current.year + 1, 1)
    return periods
