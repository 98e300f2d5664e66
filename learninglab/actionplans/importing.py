"""Read a spreadsheet of progress, one row per action, and say what recording it would do.

People keep their actions' progress in Excel: ``template_xlsx`` writes the plan's
actions with the columns to fill in; ``rows_plan`` reads a filled-in file (XLSX or CSV,
read like the stakeholder import's: ``stakeholders.importing.reader``) and gives each row
what would change and every error, with its row and column, in plain words. Nothing is
changed here: ``services.progress_import`` records the rows, all of them or none.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
from collections.abc import Sequence
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from learninglab.actionplans.models import STATUSES_WITH_REASON, Action, ActionPlan, ActionStatus
from learninglab.actionplans.services.progress import EntryData, entry_check
from learninglab.core.errors import DomainError
from learninglab.core.spreadsheets import guard_formula
from learninglab.stakeholders.importing.errors import ImportRejected
from learninglab.stakeholders.importing.reader import read_table

# The columns, in the template's order: key → header. The headers are read in English
# and in the language of the page that uploads the file.
COLUMNS: dict[str, object] = {
    "number": gettext_lazy("Action"),
    "title": gettext_lazy("Title"),
    "status": gettext_lazy("Status"),
    "progress": gettext_lazy("Progress (%)"),
    "reason": gettext_lazy("Reason (when delayed or abandoned)"),
    "on": gettext_lazy("Date"),
    "text": gettext_lazy("What happened"),
}
REQUIRED = ("number", "status", "progress", "on", "text")
ACCEPTED_SUFFIXES = (".xlsx", ".csv")
# The entry fields a ``DomainError`` names, and the column that holds each.
FIELD_COLUMNS = {"status": "status", "progress": "progress", "reason": "reason", "on": "on"}
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y")


def _key(text: str) -> str:
    return re.sub(r"[^\w%]+", " ", text.casefold()).strip()


def _headers() -> dict[str, str]:
    """Return every accepted spelling of every header → its column key."""
    known: dict[str, str] = {}
    for column, label in COLUMNS.items():
        known[_key(column)] = column
        known[_key(str(label))] = column
        with translation.override("en"):
            known[_key(str(label))] = column
    known[_key("Progress")] = "progress"
    known[_key("Reason")] = "reason"
    return known


def _statuses() -> dict[str, str]:
    known: dict[str, str] = {}
    for value, label in ActionStatus.choices:
        known[_key(value)] = value
        known[_key(str(label))] = value
        with translation.override("en"):
            known[_key(str(label))] = value
    return known


@dataclasses.dataclass
class RowPlan:
    """What recording one row would do: the entry, the changes, or the errors."""

    number: int
    action: Action | None = None
    data: EntryData | None = None
    errors: list[str] = dataclasses.field(default_factory=list)
    changes: list[str] = dataclasses.field(default_factory=list)
    skipped: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclasses.dataclass
class SheetPlan:
    """Every row of a file and what recording it would do."""

    filename: str
    format: str
    rows: list[RowPlan]
    errors: list[str] = dataclasses.field(default_factory=list)

    @property
    def to_record(self) -> list[RowPlan]:
        return [row for row in self.rows if not row.skipped and row.is_valid]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(len(row.errors) for row in self.rows)


def file_check(filename: str, content: bytes) -> None:
    """Refuse a file that is not .xlsx or .csv, or too large, with what to do instead."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ImportRejected(
            "wrong_type",
            _(
                "%(name)s is not a spreadsheet this page takes. Upload the Excel workbook "
                "(.xlsx) or a CSV file (.csv): in Excel, choose File, Save as, then one of these."
            )
            % {"name": PurePath(filename).name},
        )
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ImportRejected(
            "file_too_large",
            _("The file is larger than %(size)s.")
            % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)},
        )


def _percent(text: str) -> int | None:
    text = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    if 0 < value < 1 and not value.is_integer():  # a cell formatted as a percentage
        value *= 100
    return round(value) if value.is_integer() or value > 1 else None


def _date(text: str) -> datetime.date | None:
    text = text.strip()[:10]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def rows_plan(*, plan: ActionPlan, content: bytes, filename: str) -> SheetPlan:
    """Return what recording the file's rows for ``plan``'s actions would do.

    Raise ``ImportRejected`` when the file cannot be read at all (wrong type, empty,
    damaged, without the columns); otherwise every problem is an error of its row.
    A row whose status and progress are the action's and says nothing happened is left
    out. Changes nothing.
    """
    file_check(filename, content)
    table = read_table(
        content, languages=[plan.language], max_rows=max(settings.IMPORT_MAX_ROWS, 1)
    )
    header_number, header_cells = table.records[0]
    known = _headers()
    index: dict[str, int] = {}
    for i, cell in enumerate(header_cells):
        column = known.get(_key(cell))
        if column and column not in index:
            index[column] = i
    missing = [str(COLUMNS[c]) for c in REQUIRED if c not in index]
    if missing:
        raise ImportRejected(
            "columns_missing",
            _(
                "Row %(row)s should hold the headers, but these columns are missing: %(missing)s. "
                "Download the template and fill it in."
            )
            % {"row": header_number, "missing": ", ".join(f"“{m}”" for m in missing)},
        )
    actions = {a.number: a for a in plan.actions.order_by("position", "pk")}
    statuses = _statuses()
    seen: dict[int, int] = {}
    rows = []
    for number, cells in table.records[1:]:
        rows.append(_row(number, _Cells(cells, index), actions, statuses, seen))
    return SheetPlan(filename=filename, format=table.format, rows=rows)


def _column_error(number: int, column: str, message: str) -> str:
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": number,
        "column": COLUMNS[column],
        "message": message,
    }


@dataclasses.dataclass(frozen=True)
class _Cells:
    """The cells of one row, read by column key."""

    cells: Sequence[str]
    index: dict[str, int]

    def __call__(self, column: str) -> str:
        i = self.index.get(column)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""


def _row(
    number: int,
    cell: _Cells,
    actions: dict[int, Action],
    statuses: dict[str, str],
    seen: dict[int, int],
) -> RowPlan:
    row = RowPlan(number=number)
    raw_number = cell("number")
    try:
        action_number = int(float(raw_number))
    except ValueError:
        row.errors.append(
            _column_error(number, "number", _("give the action's number, as in the template."))
        )
        return row
    action = actions.get(action_number)
    if action is None:
        row.errors.append(
            _column_error(
                number, "number", _("the plan has no action %(number)s.") % {"number": raw_number}
            )
        )
        return row
    row.action = action
    if action_number in seen:
        row.errors.append(
            _column_error(
                number,
                "number",
                _("action %(number)s is in row %(other)s already: keep one row per action.")
                % {"number": action_number, "other": seen[action_number]},
            )
        )
        return row
    seen[action_number] = number

    status = action.status
    if cell("status"):
        status = statuses.get(_key(cell("status")), "")
        if not status:
            choices = ", ".join(str(label) for label in ActionStatus.labels)
            row.errors.append(
                _column_error(
                    number,
                    "status",
                    _("“%(value)s” is not a status; write one of: %(choices)s.")
                    % {"value": cell("status"), "choices": choices},
                )
            )
    progress: int | None = action.progress
    if cell("progress"):
        progress = _percent(cell("progress"))
        if progress is None or not 0 <= progress <= 100:
            row.errors.append(
                _column_error(
                    number,
                    "progress",
                    _("“%(value)s” is not a percentage from 0 to 100.")
                    % {"value": cell("progress")},
                )
            )
    reason, text = cell("reason"), cell("text")
    if (
        status == action.status
        and progress == action.progress
        and not text
        and (reason == action.status_reason or not reason)
        and not row.errors
    ):
        row.skipped = True
        return row
    on = _date(cell("on")) if cell("on") else None
    if on is None:
        row.errors.append(
            _column_error(
                number,
                "on",
                _("“%(value)s” is not a date; write it as 2025-03-31 or 31.03.2025.")
                % {"value": cell("on")}
                if cell("on")
                else _("give the date it happened."),
            )
        )
    if row.errors:
        return row
    assert on is not None and progress is not None
    data = EntryData(on=on, text=text, status=status, progress=progress, reason=reason)
    try:
        entry_check(action, data)
    except DomainError as error:
        column = FIELD_COLUMNS.get(str(error.params.get("field", "")), "text")
        row.errors.append(_column_error(number, column, str(error)))
        return row
    row.data = data
    if status != action.status:
        row.changes.append(
            _("Status: %(before)s → %(after)s")
            % {"before": action.get_status_display(), "after": ActionStatus(status).label}
        )
    if progress != action.progress:
        row.changes.append(
            _("Progress: %(before)s%% → %(after)s%%")
            % {"before": action.progress, "after": progress}
        )
    if status in STATUSES_WITH_REASON and reason != action.status_reason:
        row.changes.append(_("Reason: %(reason)s") % {"reason": reason})
    row.changes.append(_("New entry on %(date)s") % {"date": on.isoformat()})
    return row


def template_xlsx(plan: ActionPlan) -> bytes:
    """Return a workbook of the plan's actions with their status and progress now, and
    the columns to fill in; the status column offers the statuses as a list."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Progress")[:31]
    sheet.append([str(label) for label in COLUMNS.values()])
    for header in sheet[1]:
        header.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    today = timezone.localdate()
    actions = list(plan.actions.order_by("position", "pk"))
    for action in actions:
        sheet.append(
            [
                action.number,
                guard_formula(str(action.title)),
                str(action.get_status_display()),
                action.progress,
                guard_formula(action.status_reason),
                today,
                "",
            ]
        )
    for row in range(2, len(actions) + 2):
        sheet.cell(row=row, column=6).number_format = "yyyy-mm-dd"
    labels = ",".join(str(label) for label in ActionStatus.labels)
    if len(labels) < 250:  # Excel's limit for a list written in the rule
        rule = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
        sheet.add_data_validation(rule)
        rule.add(f"C2:C{max(len(actions) + 1, 2) + 100}")
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
    percent.error = _("Progress is a percentage from 0 to 100.")
    sheet.add_data_validation(percent)
    percent.add(f"D2:D{max(len(actions) + 1, 2) + 100}")
    for letter, width in zip("ABCDEFG", (8, 40, 16, 12, 30, 12, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
