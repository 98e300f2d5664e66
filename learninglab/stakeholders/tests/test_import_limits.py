"""The import's limits: crafted workbooks, floods of blank rows, overlong cells, and what a
batch keeps of a file once it is parsed, committed or expired."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from learninglab.core import jobs
from learninglab.stakeholders.models import ImportBatch, Stakeholder
from learninglab.stakeholders.tests.workbooks import text_row, write_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(sheet_rows: str, *, shared_strings: str = "") -> bytes:
    """Return an .xlsx file whose first sheet has ``sheet_rows`` (``<row>`` elements)."""
    buffer = io.BytesIO()
    write_workbook(
        buffer, [sheet_rows], shared_strings=[shared_strings] if shared_strings else None
    )
    return buffer.getvalue()


HEADER = text_row(1, "Name", "E-mail")
ION = text_row(2, "Ion Popescu", "ion@example.ro")


def upload(client, content: bytes, name: str = "lista.xlsx"):
    file = SimpleUploadedFile(name, content, content_type=XLSX_TYPE)
    return client.post(reverse("stakeholders:import"), {"file": file})


def form_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


def everything_kept(batch: ImportBatch) -> str:
    """Return every value of every column of the batch's row, as one text to search."""
    batch.refresh_from_db()
    values = {}
    for field in batch._meta.concrete_fields:
        value = getattr(batch, field.attname)
        if isinstance(value, bytes | memoryview):
            value = bytes(value).decode("utf-8", errors="replace")
        values[field.attname] = value
    return json.dumps(values, default=str, ensure_ascii=False)


# Crafted workbooks ---------------------------------------------------------------------------


def test_a_cell_that_unpacks_to_hundreds_of_megabytes_is_refused_before_parsing(staff_client):
    bomb = text_row(3, "Ana Pop", "A" * 40_000_000)
    content = workbook(HEADER + ION + bomb)
    assert len(content) < 200_000  # small to upload, huge once unpacked

    response = upload(staff_client, content)

    assert response.status_code == 200
    assert form_errors(response) == [
        "This file unpacks to more than 100 times its size, as no ordinary spreadsheet does. "
        "Save it again as .xlsx or as CSV."
    ]
    assert not ImportBatch.objects.exists()


def test_a_shared_strings_bomb_is_refused(staff_client):
    shared = f"<si><t>{'B' * 30_000_000}</t></si>"
    row = '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>0</v></c></row>'
    content = workbook(HEADER + ION + row, shared_strings=shared)

    response = upload(staff_client, content)

    assert "This file unpacks to more than" in form_errors(response)[0]
    assert not ImportBatch.objects.exists()


@override_settings(IMPORT_MAX_UNPACKED_BYTES=1_000_000)
def test_a_workbook_larger_than_the_unpacked_limit_is_refused_whatever_its_ratio(staff_client):
    rows = "".join(text_row(n, f"Person {n:06d}", f"p{n}@example.ro") for n in range(3, 20_000))
    content = workbook(HEADER + rows)

    response = upload(staff_client, content)

    assert form_errors(response) == [
        "This file unpacks to more than 976.6\xa0KB. "
        "Split it into smaller files, or save it as CSV."
    ]


def test_a_zip_that_lies_about_its_sizes_is_refused(staff_client):
    honest = workbook(HEADER + ION + text_row(3, "Ana Pop", "C" * 3_000_000))
    # Declare the sheet 1,000 bytes long in the central directory: a reader trusting it would
    # be misled about what it unpacks.
    archive = zipfile.ZipFile(io.BytesIO(honest))
    sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    declared = sheet.file_size.to_bytes(4, "little")
    assert honest.count(declared) >= 2  # in the local header and the central directory
    lying = honest.replace(declared, (1000).to_bytes(4, "little"))

    response = upload(staff_client, lying)

    assert response.status_code == 200
    assert form_errors(response)  # refused, one way or another, before any parsing
    assert not ImportBatch.objects.exists()


def test_the_command_refuses_a_bomb_too(partner, tmp_path):
    path = tmp_path / "lista.xlsx"
    path.write_bytes(workbook(HEADER + ION + text_row(3, "Ana Pop", "A" * 40_000_000)))

    with pytest.raises(CommandError, match="This file unpacks to more than 100 times"):
        call_command("import_stakeholders", str(path), "--partner", partner.slug)

    assert not Stakeholder.objects.exists()


# Blank rows and long cells -------------------------------------------------------------------


def test_a_workbook_of_a_hundred_thousand_blank_rows_is_refused_before_parsing(staff_client):
    blanks = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(3, 100_000))
    content = workbook(HEADER + ION + blanks + text_row(100_000, "Ana Pop", "ana@example.ro"))

    response = upload(staff_client, content)

    assert form_errors(response) == [
        "The workbook has more than 30000 rows, empty ones included. "
        "Delete the empty rows, or split it into smaller files."
    ]
    assert not ImportBatch.objects.exists()


def test_reading_stops_after_a_hundred_blank_rows(staff_client):
    # Rows missing between two written rows are read as empty rows.
    late = text_row(1_048_576, "Ana Pop", "ana@example.ro")
    content = workbook(HEADER + ION + late)

    response = upload(staff_client, content)

    preview = staff_client.get(response.url)
    html = preview.content.decode()
    assert [(r.number, r.verdict) for r in preview.context["page"]] == [(2, "new")]
    assert "Reading stopped at row 102" in html
    assert "ana@example.ro" not in html


def test_a_workbook_of_too_many_shared_strings_is_refused(staff_client):
    shared = "".join(f"<si><t>{n}</t></si>" for n in range(400_000))
    row = '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c></row>'
    content = workbook(HEADER + ION + row, shared_strings=shared)

    response = upload(staff_client, content)

    assert form_errors(response) == [
        "The workbook holds more than 320000 different texts. "
        "Split it into smaller files, or save it as CSV."
    ]


def test_a_csv_flood_of_blank_rows_stops_early(staff_client):
    content = b"Name;E-mail\nIon Popescu;ion@example.ro\n" + b";\n" * 2_000_000
    content += b"Ana Pop;ana@example.ro\n"

    response = upload(staff_client, content, name="lista.csv")

    preview = staff_client.get(response.url)
    assert [(r.number, r.verdict) for r in preview.context["page"]] == [(2, "new")]
    assert "Reading stopped at row 102" in preview.content.decode()


def test_an_overlong_cell_refuses_its_row_and_is_never_echoed_whole(staff_client):
    long_notes = "Începutul notei " + "x" * 5000 + " SFÂRȘITUL"
    long_email = "ana" + "a" * 3000 + "@example.ro"
    content = (
        "Name;E-mail;Notes\n"
        f"Ion Popescu;ion@example.ro;{long_notes}\n"
        f"Ana Pop;{long_email};\n"
        "Dan Vlad;dan@example.ro;Scurt\n"
    ).encode()

    response = upload(staff_client, content, name="lista.csv")

    preview = staff_client.get(response.url)
    html = preview.content.decode()
    verdicts = [(r.number, r.verdict) for r in preview.context["page"]]
    assert verdicts == [(2, "invalid"), (3, "invalid"), (4, "new")]
    assert "Notes: “Începutul notei xxxx…” is longer than 1000 characters." in html
    assert f"E-mail: “{long_email[:20]}…” is longer than 1000 characters." in html
    assert "SFÂRȘITUL" not in html
    assert "a" * 100 not in html
    assert "SFÂRȘITUL" not in everything_kept(ImportBatch.objects.get())


# What a batch keeps --------------------------------------------------------------------------

CSV = (
    b"Nume;Prenume;E-mail;Telefon\n"
    b"Popescu;Ion;ion@example.ro;0731 540 977\n"
    b"Pop;Maria;maria@example.ro;\n"
)


def test_the_batch_keeps_parsed_rows_not_the_file_and_previews_never_parse_again(staff_client):
    response = upload(staff_client, CSV, name="lista.csv")
    batch = ImportBatch.objects.get()

    assert CSV.decode() not in everything_kept(batch)
    assert "0731 540 977" in everything_kept(batch)  # the cell, as text, for the preview
    # The file is not read again: limits lowered after the upload change nothing.
    with override_settings(IMPORT_MAX_ROWS=1, IMPORT_MAX_BYTES=10):
        first = staff_client.get(response.url)
        second = staff_client.get(response.url)
    assert first.status_code == second.status_code == 200
    assert [(r.number, r.verdict) for r in second.context["page"]] == [(2, "new"), (3, "new")]


def test_a_committed_batch_keeps_only_its_counts(staff_client):
    response = upload(staff_client, CSV, name="lista.csv")
    batch = ImportBatch.objects.get()

    staff_client.post(reverse("stakeholders:import_commit", args=[batch.pk]))

    kept = everything_kept(batch)
    for personal in ("Popescu", "Maria", "ion@example.ro", "0731", "540 977"):
        assert personal not in kept
    assert batch.summary == {
        "rows": 2, "new": 2, "update": 0, "unchanged": 0, "duplicate": 0, "invalid": 0,
        "created": 2, "updated": 0,
    }  # fmt: skip
    page = staff_client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "This file was imported on" in html
    assert "ion@example.ro" not in html
    assert Stakeholder.objects.count() == 2


def test_an_uncommitted_batch_expires_after_a_day(staff_client):
    response = upload(staff_client, CSV, name="lista.csv")
    fresh = ImportBatch.objects.get()
    upload(staff_client, CSV, name="lista2.csv")
    ImportBatch.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    (expire,) = [job for job in jobs.registered() if job.name == "import_batches_expire"]

    assert expire.run() == 1

    kept = everything_kept(fresh)
    for personal in ("Popescu", "Maria", "ion@example.ro", "0731"):
        assert personal not in kept
    assert fresh.summary["rows"] == 2 and fresh.summary["new"] == 2
    assert "ion@example.ro" in everything_kept(ImportBatch.objects.exclude(pk=fresh.pk).get())
    page = staff_client.get(response.url)
    html = page.content.decode()
    assert "This upload expired" in html
    assert "ion@example.ro" not in html
    committed = staff_client.post(reverse("stakeholders:import_commit", args=[fresh.pk]))
    assert committed.status_code == 302
    assert not Stakeholder.objects.exists()
    assert expire.run() == 0
