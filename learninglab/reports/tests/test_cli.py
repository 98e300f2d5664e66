"""The console commands: attendance-sheet, attendance-report and name-badges."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from learninglab.manage import main
from learninglab.reports.tests.conftest import pdf_pages

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_attendance_sheet_writes_a_pdf(full_lab, tmp_path):
    target = tmp_path / "sheet.pdf"

    out = run("attendance_sheet", "--lab", full_lab.slug, "-o", str(target), "--blank-rows", "2")

    assert f"Wrote the attendance sheet of {full_lab.slug} (60 people) to {target}." in out
    pages = pdf_pages(target.read_bytes())
    assert "1 Bălan Ana" in pages[0]
    assert "61 62 Întocmit de" in pages[-1]


def test_the_hyphenated_command_works_as_project_teams_script_it(
    full_lab, tmp_path, monkeypatch, capsys
):
    # Running from the command line closes the database connections at the end, which
    # would close the test's own connection (and its transaction) on PostgreSQL.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    target = tmp_path / "sheet.pdf"

    main(["learninglab", "attendance-sheet", "--lab", full_lab.slug, "-o", str(target)])

    assert target.read_bytes().startswith(b"%PDF-")
    assert "Wrote the attendance sheet" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_attendance_report_writes_pdf_or_xlsx(full_lab, tmp_path, fmt):
    target = tmp_path / f"report.{fmt}"

    run("attendance_report", "--lab", full_lab.slug, "--format", fmt, "-o", str(target))

    if fmt == "pdf":
        assert "Prezenți 60" in " ".join(pdf_pages(target.read_bytes()))
    else:
        book = openpyxl.load_workbook(target)
        assert book.sheetnames[0] == "Rezumat"


def test_name_badges_writes_a_pdf(full_lab, tmp_path):
    target = tmp_path / "badges.pdf"

    run("name_badges", "--lab", full_lab.slug, "-o", str(target))

    assert len(pdf_pages(target.read_bytes())) == 6


def test_unknown_labs_and_unwritable_files_stop_the_commands(full_lab, tmp_path):
    with pytest.raises(CommandError, match="No lab 'nope'"):
        run("attendance_sheet", "--lab", "nope", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Cannot write"):
        run("name_badges", "--lab", full_lab.slug, "-o", str(tmp_path / "missing" / "x.pdf"))
    with pytest.raises(CommandError, match="from 0 to 100"):
        run("attendance_sheet", "--lab", full_lab.slug, "-o", "x.pdf", "--blank-rows", "500")
