"""What the import keeps of an uploaded file: the cells of the columns it reads, as text.

A file is read once, when it is uploaded (``parse_upload``); its preview and its commit work
from the ``ParsedFile`` kept with the batch, never from the file, which is not kept at all.
The encoding of a CSV file is the one thing read from the raw bytes that a person may want to
change: it is chosen on the upload form (or detected) and applied while the file is read, and
the preview names the encoding used. When letters come out wrong, the person uploads the file
again with another encoding, as the form's help says, so nothing ever needs the bytes after
the upload.

Only the columns the import reads are kept, below the header row, each cell cut as
``open_rows`` cuts it, and at most ``MAX_TEXT`` characters in all: what a batch holds is
bounded whatever the file.
"""

from __future__ import annotations

import dataclasses
from itertools import chain, islice
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from learninglab.stakeholders.importing.columns import (
    HEADER_SEARCH_ROWS,
    Columns,
    check_mapping,
    locate,
)
from learninglab.stakeholders.importing.errors import ImportRejected
from learninglab.stakeholders.importing.reader import open_rows, text_bounded

# Headers are shown on the preview; a longer one is shortened.
_HEADER_CHARS = 100


@dataclasses.dataclass(frozen=True)
class ParsedFile:
    """The rows below the header of a file, with only the columns that the import reads.

    ``columns`` indexes the kept cells (not the file's columns); ``stopped_at`` is the row
    where reading stopped at a run of blank rows, if it did.
    """

    format: str
    encoding: str
    delimiter: str
    columns: Columns
    records: list[tuple[int, list[str]]]
    stopped_at: int | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the file as JSON-ready data, as kept with a batch."""
        return {
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header_row": self.columns.row,
            "headers": self.columns.headers,
            "index": self.columns.index,
            "ignored": self.columns.ignored,
            "records": [[number, cells] for number, cells in self.records],
            "stopped_at": self.stopped_at,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParsedFile:
        return cls(
            format=data["format"],
            encoding=data["encoding"],
            delimiter=data["delimiter"],
            columns=Columns(
                row=data["header_row"],
                headers=list(data["headers"]),
                index=dict(data["index"]),
                ignored=list(data["ignored"]),
            ),
            records=[(number, list(cells)) for number, cells in data["records"]],
            stopped_at=data.get("stopped_at"),
        )


def parse_upload(
    content: bytes, *, encoding: str, mapping: dict[str, str], languages: list[str]
) -> ParsedFile:
    """Read ``content`` once and return what the import keeps of it.

    Raise ``ImportRejected`` (and only that) when the file is too large, cannot be read,
    breaks one of the reader's limits, or lacks a name column or an e-mail/phone column.
    """
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ImportRejected(
            "file_too_large",
            _("The file is larger than %(size)s. Split it into smaller files.")
            % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)},
        )
    checked = check_mapping(mapping)
    rows = open_rows(
        content, encoding=encoding, languages=languages, max_rows=settings.IMPORT_MAX_ROWS
    )
    stream = iter(rows)
    head = list(islice(stream, HEADER_SEARCH_ROWS))
    found = locate(head, checked)
    used = sorted(set(found.index.values()))
    columns = Columns(
        row=found.row,
        headers=[_shortened(found.headers[i]) for i in used],
        index={field: used.index(i) for field, i in found.index.items()},
        ignored=[_shortened(header) for header in found.ignored],
    )
    below = (
        (number, [cells[i] if i < len(cells) else "" for i in used])
        for number, cells in chain(head, stream)
        if number > found.row
    )
    records = list(text_bounded(below))
    return ParsedFile(
        format=rows.format,
        encoding=rows.encoding,
        delimiter=rows.delimiter,
        columns=columns,
        records=records,
        stopped_at=rows.stopped_at,
    )


def _shortened(header: str) -> str:
    return header if len(header) <= _HEADER_CHARS else header[: _HEADER_CHARS - 1] + "…"
