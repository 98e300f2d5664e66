"""All good practices as one table, one row each with its status, for a download and the
console: a workbook (numbers stay numbers) or a CSV file Excel opens correctly.

Every text goes through ``core.spreadsheets``, which keeps a cell that starts with
``=``, ``+``, ``-`` or ``@`` from running as a formula.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Iterator, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from learninglab.core.spreadsheets import Cell, Sheet, write_csv, write_workbook
from learninglab.practices.links import absolute, public_url
from learninglab.practices.models import GoodPractice

FORMATS = ("xlsx", "csv")


def practices_header() -> list[str]:
    """Return the columns, in the active language."""
    return [
        _("Address"),
        _("Title (English)"),
        _("Title (partner's language)"),
        _("Partner"),
        _("Main institution"),
        _("Country"),
        _("NUTS 2 region"),
        _("City"),
        _("Status"),
        _("Validated by the programme's experts"),
        _("Identified within the project"),
        _("Topics"),
        _("Keywords"),
        _("Start"),
        _("End"),
        _("Status of the practice"),
        _("Budget (EUR)"),
        _("People working on it"),
        _("Summary (English)"),
        _("Submitted"),
        _("Published"),
        _("Public page"),
    ]


def _date(value: datetime.date | None) -> str:
    """Return the day of ``value`` (a moment, in the site's time zone) as 2021-03-12."""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.isoformat() if value is not None else ""


def _row(practice: GoodPractice) -> list[Cell]:
    local = practice.partner.main_language
    topics = [topic.get_topic_display() for topic in practice.topics.all()]
    return [
        practice.slug,
        practice.title.get("en"),
        practice.title.get(local) if local != "en" else "",
        practice.partner.city,
        practice.institution.in_("en"),
        practice.country,
        practice.nuts2,
        practice.city,
        practice.get_status_display(),
        _date(practice.expert_validated_at),
        _("yes") if practice.identified_in_project else _("no"),
        "; ".join(str(topic) for topic in topics),
        practice.keywords,
        _date(practice.started_on),
        _date(practice.ended_on),
        practice.get_progress_display(),
        float(practice.budget_eur) if practice.budget_eur is not None else "",
        practice.people_involved if practice.people_involved is not None else "",
        practice.summary.get("en"),
        _date(practice.submitted_at),
        _date(practice.published_at),
        absolute(public_url(practice)) if practice.is_published else "",
    ]


def practices_rows(practices: Iterable[GoodPractice]) -> Iterator[list[Cell]]:
    """Yield one row per practice (see ``selectors.exported`` for what to pass)."""
    for practice in practices:
        yield _row(practice)


def _as_text(rows: Iterable[Sequence[Cell]]) -> Iterator[list[str]]:
    for row in rows:
        yield [str(value) for value in row]


def practices_file(practices: Iterable[GoodPractice], fmt: str) -> bytes:
    """Return the table of ``practices`` as an ``xlsx`` workbook or a ``csv`` file (UTF-8
    with a byte order mark, so that Excel reads the diacritics)."""
    header, rows = practices_header(), practices_rows(practices)
    if fmt == "csv":
        text = io.StringIO()
        write_csv(header, _as_text(rows), text)
        return text.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_workbook([Sheet(title=_("Good practices"), header=header, rows=rows)], buffer)
        return buffer.getvalue()
    raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")


def practices_filename(partner_slug: str = "") -> str:
    """Return the download's name without its extension."""
    return f"good-practices-{partner_slug}" if partner_slug else "good-practices"
