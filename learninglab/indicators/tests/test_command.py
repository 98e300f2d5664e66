"""``learninglab indicators``: one row per indicator and partner, then the project's."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_csv_has_a_row_per_indicator_and_partner_and_the_projects(world, tmp_path):
    out = tmp_path / "indicators.csv"

    call_command("indicators", "--format", "csv", "-o", str(out), verbosity=0)

    text = out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # Excel reads the diacritics
    rows = list(csv.reader(text.decode("utf-8-sig").splitlines()))
    assert rows[0] == [
        "Project",
        "Partner",
        "Partner's name",
        "Period",
        "Indicator",
        "Indicator's name",
        "Figure",
        "Unit",
    ]
    figures = {(row[1], row[4]): row[6] for row in rows[1:]}
    assert figures[("timisoara", "events_held")] == "3"
    assert figures[("matera", "events_held")] == "1"
    assert figures[("(project)", "events_held")] == "4"
    assert figures[("timisoara", "actions_by_status.delayed")] == "1"
    assert figures[("(project)", "funds_planned_structural")] == "230000.00"
    assert {row[1] for row in rows[1:]} == {"uef", "timisoara", "matera", "(project)"}


def test_xlsx_for_one_partner_and_period(world, tmp_path):
    out = tmp_path / "indicators.xlsx"

    call_command(
        "indicators",
        "--partner",
        "timisoara",
        "--period",
        "2021-S2",
        "--format",
        "xlsx",
        "-o",
        str(out),
        verbosity=0,
    )

    book = openpyxl.load_workbook(out)
    rows = list(book["Indicators"].iter_rows(values_only=True))
    assert {row[1] for row in rows[1:]} == {"timisoara", "(project)"}
    assert {row[3] for row in rows[1:]} == {"2021-S2"}
    figures = {(row[1], row[4]): row[6] for row in rows[1:]}
    assert figures[("timisoara", "events_held")] == 1
    assert figures[("timisoara", "funds_mobilised")] == 85000
    assert figures[("timisoara", "attendance_rate")] == 100
    common = list(book["Common indicators"].iter_rows(values_only=True))
    assert ("timisoara", "RCO 81") in {(row[1], row[3]) for row in common}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--partner", "atlantis"],
            "No partner 'atlantis'. Valid partners: matera, timisoara, uef.",
        ),
        (["--period", "2021-S3"], "No period '2021-S3'. Write a reporting period as YYYY-S1"),
        (["--format", "pdf"], "No format 'pdf'. Valid formats: csv, xlsx."),
    ],
)
def test_clear_errors(world, tmp_path, arguments, message):
    options = {"--format": "csv", **dict(zip(arguments[::2], arguments[1::2], strict=True))}
    argv = [item for pair in options.items() for item in pair]

    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        call_command("indicators", *argv, "-o", str(tmp_path / "out"), verbosity=0)
    assert not (tmp_path / "out").exists()
