"""Write tables as CSV (that Excel opens correctly) or XLSX, safe to open in a spreadsheet.

Exports carry text people typed (names, notes); a cell starting with ``=`` or ``+`` would
run as a formula in Excel or LibreOffice, so every cell goes through ``guard_formula``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_E164 = re.compile(r"^\+\d{6,15}$")


def guard_formula(value: str) -> str:
    """Return ``value`` so that a spreadsheet shows it as text, never runs it as a formula."""
    if value.startswith(_FORMULA_START) and not _E164.match(value):
        return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]], stream: IO[str]) -> None:
    """Write a table as CSV; the caller opens ``stream`` with encoding ``utf-8-sig``."""
    writer = csv.writer(stream)
    writer.writerow(header)
    for row in rows:
        writer.writerow([guard_formula(v) for v in row])


Cell = str | int | float


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook; numbers stay numbers, text is guarded like every cell."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]


def write_workbook(sheets: Sequence[Sheet], stream: IO[bytes]) -> None:
    """Write tables as the sheets of one Excel workbook, each with a bold, frozen header."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for table in sheets:
        sheet = workbook.create_sheet(title=table.title[:31])  # Excel's limit for sheet names
        sheet.append(list(table.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append([guard_formula(v) if isinstance(v, str) else v for v in row])
    workbook.save(stream)


def write_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[str]], stream: IO[bytes], *, title: str
) -> None:
    """Write a table as an Excel workbook with a bold, frozen header row."""
    write_workbook([Sheet(title=title, header=header, rows=rows)], stream)


def table_response(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    fmt: str,
    filename: str,
    title: str,
) -> HttpResponse:
    """Return a download of the table as ``csv`` (with a byte order mark) or ``xlsx``."""
    if fmt not in FORMATS:
        raise Http404
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "csv":
        text = io.StringIO()
        write_csv(header, rows, text)
        response.write(text.getvalue().encode("utf-8-sig"))
    else:
        buffer = io.BytesIO()
        write_xlsx(header, rows, buffer, title=title)
        response.write(buffer.getvalue())
    return response
