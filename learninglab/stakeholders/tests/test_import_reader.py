"""Reading spreadsheets as offices export them: delimiters, encodings, workbooks, broken files."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest

from learninglab.stakeholders.importing.errors import ImportRejected
from learninglab.stakeholders.importing.reader import (
    cell_text,
    detect_encoding,
    read_table,
)

ROMANIAN = [
    ["Nume", "Prenume", "E-mail", "Telefon"],
    ["Ţepeş", "Ştefan", "stefan@example.ro", "0731.540.977"],
    ["Brâncoveanu", "Ioana Mădălina", "ioana@example.ro", "0256 – 408.371"],
]
WESTERN = [
    ["Last name", "First name", "Email", "Phone"],
    ["Dubois", "Hélène", "helene@example.fr", "+33 1 42 68 53 00"],
    ["Öberg", "Renée", "renee@example.se", "+46 8 123 456 78"],
    ["Muñoz", "José Agustín", "jose@example.es", "+34 912 345 678"],
    ["Lefèvre", "François", "francois@example.fr", "+33 1 42 68 53 01"],
]


def csv_bytes(rows, *, delimiter=",", encoding="utf-8"):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


def values(table):
    return [cells for _number, cells in table.records]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1250", "utf-16"])
def test_romanian_csv_is_read_whatever_the_delimiter_and_encoding(delimiter, encoding):
    content = csv_bytes(ROMANIAN, delimiter=delimiter, encoding=encoding)

    table = read_table(content, languages=["ro"])

    assert table.format == "csv"
    assert table.delimiter == delimiter
    assert values(table) == ROMANIAN
    assert [number for number, _cells in table.records] == [1, 2, 3]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_western_csv_in_windows_1252_is_read_for_a_romanian_partner(delimiter):
    content = csv_bytes(WESTERN, delimiter=delimiter, encoding="cp1252")

    table = read_table(content, languages=["ro", "en"])

    assert table.encoding == "cp1252"
    assert values(table) == WESTERN


def test_utf8_is_tried_first_and_a_bom_is_dropped():
    with_bom = read_table(csv_bytes(ROMANIAN, encoding="utf-8-sig"))
    without = read_table(csv_bytes(ROMANIAN, encoding="utf-8"))

    assert with_bom.encoding == "utf-8-sig"
    assert without.encoding == "utf-8"
    assert values(with_bom)[0][0] == "Nume"  # not "\ufeffNume"


def test_the_code_page_is_chosen_by_the_letters_of_the_partners_language():
    romanian = "Ştefan Ţepeş, Mădălina Brâncoveanu, Timişoara".encode("cp1250")
    french = "Hélène Lefèvre, José Muñoz, Françoise".encode("cp1252")

    assert detect_encoding(romanian, languages=["ro", "en"]) == "cp1250"
    assert detect_encoding(romanian, languages=["it", "en"]) == "cp1250"
    assert detect_encoding(french, languages=["ro", "en"]) == "cp1252"
    assert detect_encoding(french, languages=["it", "en"]) == "cp1252"


def test_the_user_can_force_the_encoding():
    rows = [["Nume", "Prenume", "Email"], ["Ţepeş", "Ştefan", "stefan@example.ro"]]
    content = csv_bytes(rows, encoding="iso-8859-2")

    table = read_table(content, encoding="ISO-8859-2")

    assert table.encoding == "iso8859-2"
    assert values(table) == rows


def test_an_unknown_or_wrong_encoding_is_refused_clearly():
    with pytest.raises(ImportRejected) as unknown:
        read_table(csv_bytes(ROMANIAN), encoding="klingon")
    with pytest.raises(ImportRejected) as not_text:
        read_table(csv_bytes(ROMANIAN), encoding="base64")
    with pytest.raises(ImportRejected) as wrong:
        read_table(csv_bytes(ROMANIAN, encoding="cp1250"), encoding="utf-8")

    assert unknown.value.code == not_text.value.code == "encoding_unknown"
    assert "klingon" in str(unknown.value)
    assert wrong.value.code == "encoding_mismatch"
    assert "utf-8" in str(wrong.value)


def test_row_numbers_are_those_of_the_spreadsheet_and_blank_rows_are_skipped():
    content = (
        "Lista participanți\n"
        "\n"
        "Nume,Prenume,Email\n"
        'Popescu,Ion,"ion@example.ro"\n'
        ",,\n"
        '"Ionescu","Maria\nMagdalena",maria@example.ro\n'
        "   ,  ,\n"
        "Pop,Ana,ana@example.ro\n"
    ).encode()

    table = read_table(content)

    assert [number for number, _cells in table.records] == [1, 3, 4, 6, 8]
    assert table.records[3][1][1] == "Maria\nMagdalena"


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet_is_read_with_numbers_as_text():
    content = xlsx_bytes(
        [
            ["Nume", "Prenume", "Telefon", "Data"],
            ["Popescu", "Ion", 731540977, datetime.datetime(2019, 10, 3)],
            [None, None, None, None],
            ["Pop", "Ana", 256408371.0, None],
            ["Radu", None, 40.5, True],
        ]
    )

    table = read_table(content)

    assert table.format == "xlsx"
    assert table.records == [
        (1, ["Nume", "Prenume", "Telefon", "Data"]),
        (2, ["Popescu", "Ion", "731540977", "2019-10-03"]),
        (4, ["Pop", "Ana", "256408371"]),
        (5, ["Radu", "", "40.5", "true"]),
    ]


def test_cell_text_shows_values_as_a_person_sees_them():
    assert cell_text(None) == ""
    assert cell_text(731540977.0) == "731540977"
    assert cell_text(40731540977) == "40731540977"
    assert cell_text(0.25) == "0.25"
    assert cell_text(datetime.date(2020, 1, 2)) == "2020-01-02"
    assert cell_text(datetime.datetime(2020, 1, 2, 14, 30)) == "2020-01-02 14:30:00"
    assert cell_text(" Ion ") == " Ion "


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file_empty"),
        (b"   \r\n\r\n", "file_empty"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 50, "file_binary"),
        (bytes(range(1, 32)) * 40, "file_binary"),
        (b"PK\x03\x04this is not really a zip file", "xlsx_broken"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls_legacy"),
        (b"Name\nIon Popescu\nAna Pop\n", "single_column"),
        (b"  ,  ;\n,,\n", "file_empty"),
    ],
    ids=["empty", "blank", "binary", "controls", "broken-zip", "xls", "one-column", "no-cells"],
)
def test_malformed_files_are_refused_with_a_clear_message(content, code):
    with pytest.raises(ImportRejected) as refused:
        read_table(content)

    assert refused.value.code == code
    assert str(refused.value)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")

    with pytest.raises(ImportRejected) as refused:
        read_table(buffer.getvalue())

    assert refused.value.code == "xlsx_broken"
    assert ".xlsx" in str(refused.value)


def test_too_many_rows_are_refused():
    rows = [["Nume", "Email"]] + [[f"P{i}", f"p{i}@example.ro"] for i in range(11)]

    assert len(read_table(csv_bytes(rows), max_rows=11).records) == 12
    with pytest.raises(ImportRejected) as refused:
        read_table(csv_bytes(rows), max_rows=10)

    assert refused.value.code == "too_many_rows"
    assert "10" in str(refused.value)
