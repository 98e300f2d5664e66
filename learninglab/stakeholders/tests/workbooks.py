"""Build .xlsx files by hand, part by part, as a crafted or an oversized upload would be.

openpyxl cannot write what the import's limits are there to refuse (a cell of millions of
characters, a million empty rows, a part that unpacks a thousandfold), so the tests and the
import benchmark write the workbook's XML themselves, streaming the sheet into the zip.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from typing import IO

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8"?>'


def _parts(*, shared_strings: bool) -> dict[str, str]:
    """Return the workbook's fixed parts: content types, relationships, the workbook."""
    shared_type = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    shared_rel = f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{REL}/sharedStrings"/>'
    return {
        "[Content_Types].xml": (
            f"{XML}"
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + (shared_type if shared_strings else "")
            + "</Types>"
        ),
        "_rels/.rels": (
            f'{XML}<Relationships xmlns="{PACKAGE_REL}">'
            f'<Relationship Id="rId1" Target="xl/workbook.xml" Type="{REL}/officeDocument"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            '<sheets><sheet name="Lista" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{XML}<Relationships xmlns="{PACKAGE_REL}">'
            f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{REL}/worksheet"/>'
            + (shared_rel if shared_strings else "")
            + "</Relationships>"
        ),
    }


def write_workbook(
    target: str | IO[bytes],
    sheet_rows: Iterable[str],
    *,
    shared_strings: Iterable[str] | None = None,
) -> None:
    """Write an .xlsx file to ``target`` (a path or a binary file) with one sheet.

    ``sheet_rows`` are ``<row>`` elements and ``shared_strings`` ``<si>`` elements (None:
    no shared strings part); both are streamed into the zip, so a file of millions of rows
    is written without holding it.
    """
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _parts(shared_strings=shared_strings is not None).items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            stream.write(f'{XML}<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for chunk in sheet_rows:
                stream.write(chunk.encode())
            stream.write(b"</sheetData></worksheet>")
        if shared_strings is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
                stream.write(f'{XML}<sst xmlns="{MAIN}">'.encode())
                for chunk in shared_strings:
                    stream.write(chunk.encode())
                stream.write(b"</sst>")


def text_row(number: int, *values: str) -> str:
    """Return a ``<row>`` of inline texts in columns A, B, C, …"""
    cells = "".join(
        f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for index, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'
