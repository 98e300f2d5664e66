"""Turn the bytes of an uploaded spreadsheet into rows of text.

City offices export CSV from Excel in whatever the office computer uses: comma, semicolon or
tab between cells, UTF-8 with or without a byte-order mark, UTF-16 ("Unicode text"), or a
Windows code page (1250 in Romania, 1252 in Western Europe). Others send the workbook itself.
``read_table`` accepts all of these and refuses anything else with an ``ImportRejected``.

Whatever a file says about itself, reading it stays bounded: a workbook is refused before it
is parsed if it unpacks to more than ``IMPORT_MAX_UNPACKED_BYTES`` or any part of it to more
than ``IMPORT_MAX_UNPACK_RATIO`` times its packed size (``check_workbook``); a cell is cut to
one character more than ``IMPORT_MAX_CELL_CHARS``, so that an overlong value is recognised
without being kept; reading stops at a run of ``BLANK_RUN`` blank rows; and the rows kept
hold at most ``MAX_TEXT`` characters.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from learninglab.stakeholders.importing.errors import ImportRejected

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 and other OLE files
DELIMITERS = (",", ";", "\t", "|")
LEGACY_ENCODINGS = ("cp1250", "cp1252")
# Spreadsheets never need more columns than this; the limit keeps a crafted file small.
MAX_COLUMNS = 256
# Reading stops at this many blank rows in a row: a sheet of a million formatted but empty
# rows (or a gap that the workbook reader fills with empty rows) is not read to its end.
BLANK_RUN = 100
# The rows kept from one file hold at most this many characters (800 a row at the row limit).
MAX_TEXT = 16_000_000
# A workbook never has more parts than this.
MAX_ZIP_MEMBERS = 1000
# Rows written in a workbook (empty ones included) beyond the row limit: the workbook reader
# goes through every written row when it opens a sheet, so their number is bounded first.
WRITTEN_BLANK_ROWS = 10_000
# Different texts (shared strings) a workbook may hold per row of the row limit: the workbook
# reader keeps them all in memory, at some 150 bytes each.
SHARED_STRINGS_PER_ROW = 16
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
_STRING_TAG = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")
# Parts smaller than this may compress as well as they like: they cannot do harm.
_RATIO_FLOOR = 1024 * 1024
_CHUNK = 256 * 1024

# Letters that each language writes beyond ASCII, used to tell code pages apart.
LANGUAGE_LETTERS: dict[str, str] = {
    "ro": "ăâîșşțţ",
    "it": "àèéìíîòóùú",
    "nl": "éëïöüèáóú",
    "fy": "âêôûúéäëïöü",
    "hr": "čćđšž",
    "lt": "ąčęėįšųūž",
    "fi": "äöå",
    "en": "",
}
# Other letters often met in European names, whatever the partner's language: the Western
# ones (cp1252) are far more frequent than the Central European ones (cp1250).
_WESTERN_LETTERS = "éèêëàâäçîïôöùûüñóáíúßãõåøæ"
_CENTRAL_LETTERS = "ăąćčďęěĺľłńňőŕřśšťůűźżžșşțţđ"
# Characters a person's name or an organisation's hardly ever contains: a code page that
# turns the file's bytes into these is probably the wrong one.
_UNLIKELY = set("¤¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÞþÐðˆˇ˘˙˛˜˝×÷ƒ")
# Languages whose offices use code page 1250: it wins when both code pages score the same.
_CENTRAL_LANGUAGES = {"ro", "hr", "cs", "sk", "pl", "hu", "sl", "bs", "sr"}


@dataclasses.dataclass(frozen=True)
class Table:
    """The non-empty rows of a sheet, each with its row number as the spreadsheet shows it.

    ``stopped_at`` is the row where reading stopped, after ``BLANK_RUN`` blank rows, if it did.
    """

    records: list[tuple[int, list[str]]]
    format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    stopped_at: int | None = None


class Rows:
    """The non-blank rows of a file, read one at a time as ``(number, cells)``, bounded.

    Each row has at most ``MAX_COLUMNS`` cells, each cut to ``IMPORT_MAX_CELL_CHARS`` + 1
    characters. More than ``max_rows`` rows besides the header are refused. At the first run
    of ``BLANK_RUN`` blank rows reading stops, and ``stopped_at`` says at which row.
    """

    def __init__(
        self,
        source: Iterator[tuple[int, list[str]]],
        *,
        format: str,
        encoding: str = "",
        delimiter: str = "",
        max_rows: int | None = None,
    ) -> None:
        self.format, self.encoding, self.delimiter = format, encoding, delimiter
        self.stopped_at: int | None = None
        self._source, self._max_rows = source, max_rows

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        cut = settings.IMPORT_MAX_CELL_CHARS + 1
        blank = kept = 0
        try:
            for number, cells in self._source:
                if _is_blank(cells):
                    blank += 1
                    if blank >= BLANK_RUN:
                        self.stopped_at = number
                        return
                    continue
                blank = 0
                kept += 1
                if self._max_rows is not None and kept > self._max_rows + 1:
                    raise ImportRejected(
                        "too_many_rows",
                        _("The file has more than %(max)s rows. Split it into smaller files.")
                        % {"max": self._max_rows},
                    )
                yield number, [cell[:cut] for cell in cells[:MAX_COLUMNS]]
        finally:
            close = getattr(self._source, "close", None)
            if close is not None:
                close()


def open_rows(
    content: bytes,
    *,
    encoding: str = "",
    languages: Sequence[str] = (),
    max_rows: int | None = None,
) -> Rows:
    """Return the rows of a CSV or XLSX file, to be read once; raise ``ImportRejected`` if the
    file cannot be read.

    ``encoding`` forces the code page of a CSV file; otherwise it is detected, using the
    partner's ``languages`` to choose between code pages 1250 and 1252. A workbook is checked
    by ``check_workbook`` before anything parses it.
    """
    if not content or not content.strip():
        raise ImportRejected("file_empty", _("The file is empty."))
    if content.startswith(XLSX_MAGIC):
        check_workbook(content)
        return Rows(_xlsx_records(content), format="xlsx", max_rows=max_rows)
    if content.startswith(XLS_MAGIC):
        raise ImportRejected(
            "xls_legacy",
            _(
                "This is an Excel 97–2003 workbook (.xls). Open it in Excel or LibreOffice and "
                "save it as an Excel workbook (.xlsx) or as CSV, then upload that file."
            ),
        )
    text, used = decode(content, encoding=encoding, languages=languages)
    if not any(ch.isalnum() for ch in text):
        raise ImportRejected("file_empty", _("The file has no rows with any text in them."))
    delimiter = detect_delimiter(text)
    return Rows(
        _csv_records(text, delimiter),
        format="csv",
        encoding=used,
        delimiter=delimiter,
        max_rows=max_rows,
    )


def read_table(
    content: bytes,
    *,
    encoding: str = "",
    languages: Sequence[str] = (),
    max_rows: int | None = None,
) -> Table:
    """Return the rows of a CSV or XLSX file; raise ``ImportRejected`` if it cannot be read.

    The rows are those of ``open_rows``, all read; rows whose cells are all blank are left
    out, and a file with no other row is refused.
    """
    rows = open_rows(content, encoding=encoding, languages=languages, max_rows=max_rows)
    records = list(text_bounded(rows))
    if not records:
        raise ImportRejected("file_empty", _("The file has no rows with any text in them."))
    return Table(
        records=records,
        format=rows.format,
        encoding=rows.encoding,
        delimiter=rows.delimiter,
        stopped_at=rows.stopped_at,
    )


def text_bounded(
    records: Iterable[tuple[int, list[str]]],
) -> Iterator[tuple[int, list[str]]]:
    """Pass ``records`` on, refusing the file once they hold more than ``MAX_TEXT`` characters."""
    total = 0
    for number, cells in records:
        total += sum(len(cell) for cell in cells)
        if total > MAX_TEXT:
            raise ImportRejected(
                "too_much_text",
                _(
                    "The file holds more than %(max)s characters of text, more than an import "
                    "takes. Split it into smaller files."
                )
                % {"max": f"{MAX_TEXT:,}"},
            )
        yield number, cells


def _is_blank(cells: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in cells)


# CSV ----------------------------------------------------------------------------------------


def decode(content: bytes, *, encoding: str = "", languages: Sequence[str] = ()) -> tuple[str, str]:
    """Return the text of ``content`` and the name of the encoding it was read with."""
    if encoding:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            info = None
        if info is None or not getattr(info, "_is_text_encoding", True):
            raise ImportRejected(
                "encoding_unknown",
                _("“%(encoding)s” is not a text encoding.") % {"encoding": encoding},
            )
        name = info.name
        if name == "utf-8" and content.startswith(codecs.BOM_UTF8):
            name = "utf-8-sig"
        try:
            text = content.decode(name)
        except (UnicodeDecodeError, UnicodeError):
            raise ImportRejected(
                "encoding_mismatch",
                _(
                    "The file cannot be read as %(encoding)s. Choose another encoding, or let "
                    "it be detected."
                )
                % {"encoding": encoding},
            ) from None
        return _checked_text(text.lstrip("\ufeff")), name
    name = detect_encoding(content, languages=languages)
    return _checked_text(content.decode(name, errors="replace").lstrip("\ufeff")), name


def detect_encoding(content: bytes, *, languages: Sequence[str] = ()) -> str:
    """Return the most likely encoding of ``content``.

    UTF-8 and UTF-16 are recognised for sure (by their byte-order mark, or because the bytes
    are valid UTF-8). Other bytes are read with code pages 1250 and 1252, and the one that
    yields more letters of the partner's ``languages`` (and of European names in general)
    and fewer stray symbols wins.
    """
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in content[:4096]:
        raise ImportRejected("file_binary", _("This is not a CSV or Excel (.xlsx) file."))
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    preferred: tuple[str, ...] = LEGACY_ENCODINGS
    if not _CENTRAL_LANGUAGES.intersection(languages):
        preferred = tuple(reversed(LEGACY_ENCODINGS))
    # max() keeps the first of equal scores, so the partner's usual code page wins a tie.
    return max(preferred, key=lambda name: _legacy_score(content, name, languages))


def _legacy_score(content: bytes, encoding: str, languages: Sequence[str]) -> int:
    own = set("".join(LANGUAGE_LETTERS.get(code, "") for code in languages))
    own |= {letter.upper() for letter in own}
    western = set(_WESTERN_LETTERS + _WESTERN_LETTERS.upper())
    central = set(_CENTRAL_LETTERS + _CENTRAL_LETTERS.upper())
    text = content.decode(encoding, errors="replace")
    score = 0
    for char in text:
        if char.isascii():
            continue
        if char in own:
            score += 3
        elif char in western:
            score += 2
        elif char in central:
            score += 1
        elif char == "\ufffd" or unicodedata.category(char) == "Cc":
            score -= 10  # a byte this code page does not define
        elif char in _UNLIKELY:
            score -= 3
    return score


def _checked_text(text: str) -> str:
    """Return ``text`` unless it looks like the decoding of a binary file."""
    if "\x00" in text:
        raise ImportRejected("file_binary", _("This is not a CSV or Excel (.xlsx) file."))
    sample = text[:20000]
    odd = sum(1 for ch in sample if ch == "\ufffd" or _is_control(ch))
    if odd > max(8, len(sample) // 20):
        raise ImportRejected("file_binary", _("This is not a CSV or Excel (.xlsx) file."))
    return text


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and char not in "\t\r\n"


def detect_delimiter(text: str) -> str:
    """Return the delimiter that splits the first rows into the most regular columns.

    Raise ``ImportRejected`` when no delimiter gives more than one column.
    """
    sample = text[:65536]
    best: tuple[int, int] = (0, 0)
    chosen = ""
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            rows = [row for row in islice(reader, 60) if not _is_blank(row)]
        except csv.Error:
            continue
        widths = Counter(len(row) for row in rows)
        if not widths:
            continue
        width, regular = widths.most_common(1)[0]
        if width > 1 and (regular, width) > best:
            best, chosen = (regular, width), delimiter
    if not chosen:
        raise ImportRejected(
            "single_column",
            _(
                "Only one column was found. Save the spreadsheet as CSV with the cells separated "
                "by commas, semicolons or tabs, or upload the Excel workbook (.xlsx) itself."
            ),
        )
    return chosen


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ImportRejected(
                "csv_broken",
                _("Row %(row)s cannot be read: the file is not a valid CSV file.")
                % {"row": number + 1},
            ) from None
        # Each record is a row of the spreadsheet, even when a cell spans several lines.
        number += 1
        yield number, row[:MAX_COLUMNS]


# XLSX ---------------------------------------------------------------------------------------


def _xlsx_broken() -> ImportRejected:
    return ImportRejected(
        "xlsx_broken",
        _(
            "The file looks like an Excel workbook but cannot be opened. Save it again as .xlsx "
            "(not .xls or .ods) or as CSV."
        ),
    )


def check_workbook(content: bytes) -> None:
    """Refuse a workbook that would unpack to too much, before anything parses it.

    The sizes the zip's directory declares are checked first: all parts together at most
    ``IMPORT_MAX_UNPACKED_BYTES``, each part larger than a megabyte at most
    ``IMPORT_MAX_UNPACK_RATIO`` times its packed size. Then every part is unpacked once, a
    chunk at a time and thrown away, counting the bytes really produced: ``zipfile`` stops at
    the declared size and checks the part's checksum, so a zip that lies about its sizes is
    refused as damaged, and no more than the limit is ever unpacked. The same pass counts the
    rows written (``WRITTEN_BLANK_ROWS`` more than ``IMPORT_MAX_ROWS`` at most) and the
    shared strings (``SHARED_STRINGS_PER_ROW`` per row of the limit at most), which the
    workbook reader would otherwise go through, or keep, all of.
    """
    max_bytes = settings.IMPORT_MAX_UNPACKED_BYTES
    max_rows = settings.IMPORT_MAX_ROWS + WRITTEN_BLANK_ROWS
    max_strings = settings.IMPORT_MAX_ROWS * SHARED_STRINGS_PER_ROW
    too_large = ImportRejected(
        "unpacked_too_large",
        _(
            "This file unpacks to more than %(size)s. Split it into smaller files, or save "
            "it as CSV."
        )
        % {"size": filesizeformat(max_bytes)},
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_ZIP_MEMBERS:
                raise _xlsx_broken()
            for part in parts:
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > _RATIO_FLOOR and ratio > settings.IMPORT_MAX_UNPACK_RATIO:
                    raise ImportRejected(
                        "unpack_ratio",
                        _(
                            "This file unpacks to more than %(ratio)s times its size, as no "
                            "ordinary spreadsheet does. Save it again as .xlsx or as CSV."
                        )
                        % {"ratio": settings.IMPORT_MAX_UNPACK_RATIO},
                    )
            if sum(part.file_size for part in parts) > max_bytes:
                raise too_large
            produced = rows = strings = 0
            for part in parts:
                with archive.open(part) as stream:
                    tail = b""
                    while chunk := stream.read(_CHUNK):
                        produced += len(chunk)
                        if produced > max_bytes:
                            raise too_large
                        # A tag cut in two by the chunks is found whole with the last chunk's
                        # tail; the tags within the tail alone were counted already.
                        text = tail + chunk
                        rows += _count(_ROW_TAG, text) - _count(_ROW_TAG, tail)
                        strings += _count(_STRING_TAG, text) - _count(_STRING_TAG, tail)
                        tail = text[-64:]
                if rows > max_rows:
                    raise ImportRejected(
                        "too_many_rows",
                        _(
                            "The workbook has more than %(max)s rows, empty ones included. "
                            "Delete the empty rows, or split it into smaller files."
                        )
                        % {"max": max_rows},
                    )
                if strings > max_strings:
                    raise ImportRejected(
                        "too_many_strings",
                        _(
                            "The workbook holds more than %(max)s different texts. Split it "
                            "into smaller files, or save it as CSV."
                        )
                        % {"max": max_strings},
                    )
    except ImportRejected:
        raise
    # Damaged, encrypted or foreign zip files fail in many ways; the user needs one answer.
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as exc:
        raise _xlsx_broken() from exc
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise _xlsx_broken() from exc


def _count(tag: re.Pattern[bytes], text: bytes) -> int:
    return sum(1 for _match in tag.finditer(text))


def _xlsx_records(content: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    # openpyxl raises many kinds of errors on damaged or foreign zip files (zip, XML, key
    # and value errors): whichever it is, the user needs the same answer.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise _xlsx_broken() from exc
    try:
        if not workbook.worksheets:
            raise ImportRejected("file_empty", _("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write wrong dimensions; read every cell
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(value) for value in values[:MAX_COLUMNS]]
            while cells and not cells[-1]:  # formatted but empty cells at the end of the row
                cells.pop()
            yield number, cells
    except ImportRejected:
        raise
    except Exception as exc:
        raise _xlsx_broken() from exc
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """Return a cell's value as the text a person sees in it.

    Whole numbers lose the ``.0`` spreadsheets give them (``731540977.0`` is a phone number,
    ``731540977``), dates become ISO dates.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
