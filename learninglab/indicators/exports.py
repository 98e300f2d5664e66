"""The indicators as a table, for the download and the ``indicators`` command: one row
per figure and partner, then the project's rows; as CSV (Excel reads its diacritics) or a
workbook whose second sheet maps them to the programme's common indicators."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from learninglab.core.spreadsheets import Cell, Sheet, write_csv, write_workbook
from learninglab.indicators.selectors import Dashboard, Number, common_indicators, flat_rows

FORMATS = ("csv", "xlsx")


def header() -> list[str]:
    return [
        _("Project"),
        _("Partner"),
        _("Partner's name"),
        _("Period"),
        _("Indicator"),
        _("Indicator's name"),
        _("Figure"),
        _("Unit"),
    ]


def _cell(value: Number) -> Cell | Decimal:
    return "" if value is None else value


def _text(cell: Cell | Decimal) -> str:
    """Return a cell as CSV writes it: amounts in euro with their cents."""
    return f"{cell:.2f}" if isinstance(cell, Decimal) else str(cell)


def _number(cell: Cell | Decimal) -> Cell:
    """Return a cell as a workbook keeps it: amounts as numbers."""
    return float(cell) if isinstance(cell, Decimal) else cell


UNITS = {"count": "number", "percent": "%", "eur": "EUR"}


def rows(dashboards: Iterable[Dashboard]) -> list[list[Cell | Decimal]]:
    """Return one row per figure (and part of a breakdown) of each partner, then of the
    project, of every dashboard."""
    table: list[list[Cell | Decimal]] = []
    for dashboard in dashboards:
        period = str(dashboard.period) if dashboard.period is not None else _("all time")
        for tally, key, label, figure, unit in flat_rows(dashboard):
            table.append(
                [
                    dashboard.project.acronym,
                    tally.slug or _("(project)"),
                    tally.name,
                    period,
                    key,
                    str(label),
                    _cell(figure),
                    UNITS[unit],
                ]
            )
    return table


def common_sheet(dashboards: Iterable[Dashboard]) -> Sheet:
    table: list[Sequence[Cell]] = []
    for dashboard in dashboards:
        period = str(dashboard.period) if dashboard.period is not None else _("all time")
        for tally in dashboard.tallies():
            for common in common_indicators(tally):
                table.append(
                    [
                        dashboard.project.acronym,
                        tally.slug or _("(project)"),
                        period,
                        common.code,
                        str(common.name),
                        str(common.ours),
                        _number(_cell(common.figure)),
                        str(common.mapping),
                    ]
                )
    return Sheet(
        title=_("Common indicators"),
        header=[
            _("Project"),
            _("Partner"),
            _("Period"),
            _("Code"),
            _("Programme's indicator"),
            _("Our figure"),
            _("Figure"),
            _("How ours maps"),
        ],
        rows=table,
    )


def indicators_file(dashboards: Sequence[Dashboard], fmt: str) -> bytes:
    """Return the figures of ``dashboards`` as a ``csv`` or ``xlsx`` file."""
    if fmt == "csv":
        text = io.StringIO()
        write_csv(header(), [[_text(cell) for cell in row] for row in rows(dashboards)], text)
        return text.getvalue().encode("utf-8-sig")
    buffer = io.BytesIO()
    write_workbook(
        [
            Sheet(
                title=_("Indicators"),
                header=header(),
                rows=[[_number(cell) for cell in row] for row in rows(dashboards)],
            ),
            common_sheet(dashboards),
        ],
        buffer,
    )
    return buffer.getvalue()
