"""Every good practice as one table: the staff download and ``export-practices``."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from learninglab.conftest import client_for
from learninglab.practices.models import PracticeStatus, Topic
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(partner, other_partner):
    """Timișoara's published practice and draft, Matera's published practice and draft."""
    return {
        "published": PracticeFactory(
            partner=partner,
            slug="open-workshop",
            title={"ro": "Atelierul deschis", "en": "The open workshop"},
            status=PracticeStatus.PUBLISHED,
            published_at=timezone.now(),
            expert_validated_at=timezone.now(),
            budget_eur=Decimal("120000.50"),
            people_involved=6,
            keywords="makers, SMEs",
            topics=[Topic.SME_COMPETITIVENESS, Topic.RESEARCH_INNOVATION],
        ),
        "draft": PracticeFactory(
            partner=partner,
            slug="formula",
            title={"en": '=HYPERLINK("http://example.com")'},
            summary={"en": "@SUM(A1:A2)"},
        ),
        "matera": PracticeFactory(
            partner=other_partner,
            slug="open-design-school",
            title={"it": "Open Design School", "en": "Open Design School"},
            country="IT",
            city="Matera",
            status=PracticeStatus.PUBLISHED,
            published_at=timezone.now(),
        ),
        "matera_draft": PracticeFactory(
            partner=other_partner, slug="matera-draft", title={"en": "Matera's draft"}
        ),
    }


def sheet_rows(content: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def by_address(rows: list[list]) -> dict[str, dict]:
    header, *body = rows
    return {row[0]: dict(zip(header, row, strict=True)) for row in body}


def test_the_workbook_has_one_row_per_practice_with_its_status(staff_client, practices):
    response = staff_client.get(reverse("practices:export", args=["xlsx"]))

    assert response["Content-Disposition"] == 'attachment; filename="good-practices.xlsx"'
    rows = by_address(sheet_rows(response.content))
    # Timișoara's staff: their own practices in any status, and Matera's published one.
    assert sorted(rows) == ["formula", "open-design-school", "open-workshop"]
    workshop = rows["open-workshop"]
    assert workshop["Title (English)"] == "The open workshop"
    assert workshop["Title (partner's language)"] == "Atelierul deschis"
    assert workshop["Status"] == "Published"
    assert workshop["Validated by the programme's experts"] == timezone.localdate().isoformat()
    assert workshop["Identified within the project"] == "yes"
    assert set(workshop["Topics"].split("; ")) == {
        "SME competitiveness",
        "Research and innovation",
    }
    assert workshop["Budget (EUR)"] == 120000.5
    assert workshop["People working on it"] == 6
    assert workshop["Start"] == "2019-03-01"
    assert workshop["Public page"].endswith("/practices/open-workshop/")
    assert rows["formula"]["Status"] == "Draft"
    assert rows["formula"]["Public page"] is None


def test_a_cell_that_would_run_as_a_formula_stays_text(staff_client, practices):
    xlsx = staff_client.get(reverse("practices:export", args=["xlsx"])).content
    csv_bytes = staff_client.get(reverse("practices:export", args=["csv"])).content

    row = by_address(sheet_rows(xlsx))["formula"]
    assert row["Title (English)"] == '\'=HYPERLINK("http://example.com")'
    assert row["Summary (English)"] == "'@SUM(A1:A2)"
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    formula = next(line for line in table if line[0] == "formula")
    assert formula[1] == '\'=HYPERLINK("http://example.com")'


def test_the_coordinator_gets_every_practice_and_a_facilitator_none(
    coordinator, facilitator, practices
):
    response = client_for(coordinator).get(reverse("practices:export", args=["csv"]))
    refused = client_for(facilitator).get(reverse("practices:export", args=["csv"]))

    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(table) == 1 + len(practices)
    assert refused.status_code == 403


def test_an_unknown_format_is_not_found(staff_client):
    assert staff_client.get(reverse("practices:export", args=["pdf"])).status_code == 404


# The command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export_practices", *args, stdout=out)
    return out.getvalue()


def test_the_command_exports_every_practice_in_every_status(practices, tmp_path):
    target = tmp_path / "practices.xlsx"

    out = run("--format", "xlsx", "-o", str(target))

    assert out == f"Exported 4 good practices to {target}.\n"
    assert len(sheet_rows(target.read_bytes())) == 5


def test_the_command_exports_one_partners_practices_as_csv(practices, tmp_path, other_partner):
    target = tmp_path / "matera.csv"

    run("--partner", "matera", "--format", "csv", "-o", str(target))

    table = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert sorted(row[0] for row in table[1:]) == ["matera-draft", "open-design-school"]
    assert {row[3] for row in table[1:]} == {"Matera"}


def test_the_command_names_the_partners_when_one_is_unknown(practices, tmp_path):
    with pytest.raises(CommandError, match=r"No partner 'atlantis'\. Valid partners: matera, "):
        run("--partner", "atlantis", "--format", "csv", "-o", str(tmp_path / "x.csv"))


def test_the_command_refuses_an_unknown_format(tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'pdf'"):
        run("--format", "pdf", "-o", str(tmp_path / "x.pdf"))


def test_the_command_says_when_it_cannot_write(practices, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        run("--format", "csv", "-o", str(tmp_path / "missing" / "x.csv"))


def test_an_empty_library_gives_the_header_alone(tmp_path):
    target = tmp_path / "none.csv"

    assert run("--format", "csv", "-o", str(target)) == f"Exported 0 good practices to {target}.\n"
    assert target.read_text(encoding="utf-8-sig").startswith("Address,Title (English),")


def test_the_staff_list_offers_the_download_and_visitors_do_not_see_it(staff):
    def render(user) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return render_to_string("practices/includes/export_all.html", request=request)

    assert f'href="{reverse("practices:export", args=["xlsx"])}"' in render(staff)
    assert render(AnonymousUser()).strip() == ""
