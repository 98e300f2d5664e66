"""Exporting the stakeholder list from the page and from the console, and the purge command."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from learninglab.manage import main
from learninglab.stakeholders.models import OrganisationType, Stakeholder
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.organisation import organisation_get_or_create
from learninglab.stakeholders.services.stakeholder import (
    StakeholderData,
    stakeholder_create,
    stakeholder_erase,
)

BOM = b"\xef\xbb\xbf"
HEADER = [
    "First name",
    "Last name",
    "E-mail",
    "Phone",
    "Organisation",
    "Organisation type",
    "Role",
    "Language",
    "Tags",
    "Consent to invitations",
    "Notes",
]


def add(partner, name, **fields):
    first, last = name.split(" ", 1)
    return stakeholder_create(
        actor=None,
        partner=partner,
        data=StakeholderData(first_name=first, last_name=last, **fields),
    )


@pytest.fixture
def group(partner, other_partner, staff):
    org, _created = organisation_get_or_create(
        actor=None, partner=partner, name="Asociația Culturală Timișoara", type="ngo"
    )
    stefan = add(
        partner,
        "Ștefan Țepeș",
        email="stefan@example.ro",
        phone="+40731540977",
        organisation=org,
        position="Director",
        language="ro",
        tags=["Round 1", "creative industries"],
        notes='=HYPERLINK("http://evil.example","click")',
    )
    consent_record(
        actor=staff, stakeholder=stefan, purpose="invitations", given=True, method="form"
    )
    add(partner, "Ana Popescu", email="ana@example.ro", notes="-2+3", position="@boss")
    erased = add(partner, "Ioana Erased", email="ioana@example.ro")
    stakeholder_erase(actor=staff, stakeholder=erased)
    add(other_partner, "Giulia Rossi", email="giulia@example.it")


def read_csv(data: bytes):
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def by_first_name(rows):
    return {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}


# The download on the list page


def test_csv_download_starts_with_a_bom_and_keeps_diacritics(group, staff_client):
    response = staff_client.get(reverse("stakeholders:export", args=["csv"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    rows = read_csv(response.content)
    assert rows[0] == HEADER
    stefan = by_first_name(rows)["Ștefan"]
    assert stefan["Last name"] == "Țepeș"
    assert stefan["Organisation"] == "Asociația Culturală Timișoara"
    assert stefan["Organisation type"] == "NGO"
    assert stefan["Tags"] == "Round 1, creative industries"
    assert stefan["Consent to invitations"] == "yes"
    assert by_first_name(rows)["Ana"]["Consent to invitations"] == ""


def test_csv_download_holds_only_the_users_group_without_erased_people(group, staff_client):
    rows = read_csv(staff_client.get(reverse("stakeholders:export", args=["csv"])).content)

    assert sorted(by_first_name(rows)) == ["Ana", "Ștefan"]


def test_csv_download_is_filtered_like_the_list(group, staff_client):
    url = reverse("stakeholders:export", args=["csv"])

    assert sorted(by_first_name(read_csv(staff_client.get(url, {"q": "tepes"}).content))) == [
        "Ștefan"
    ]
    assert sorted(
        by_first_name(read_csv(staff_client.get(url, {"consent": "unknown"}).content))
    ) == ["Ana"]


def test_the_coordinator_exports_every_group(group, coordinator_client):
    rows = read_csv(coordinator_client.get(reverse("stakeholders:export", args=["csv"])).content)

    assert sorted(by_first_name(rows)) == ["Ana", "Giulia", "Ștefan"]


def test_spreadsheet_formulas_are_neutralised_but_phone_numbers_kept(group, staff_client):
    rows = by_first_name(
        read_csv(staff_client.get(reverse("stakeholders:export", args=["csv"])).content)
    )

    assert rows["Ștefan"]["Notes"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows["Ștefan"]["Phone"] == "+40731540977"
    assert rows["Ana"]["Notes"] == "'-2+3"
    assert rows["Ana"]["Role"] == "'@boss"


def test_xlsx_download_opens_in_openpyxl_with_the_rows(group, staff_client):
    response = staff_client.get(reverse("stakeholders:export", args=["xlsx"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert [(r[0], r[1]) for r in rows[1:]] == [("Ana", "Popescu"), ("Ștefan", "Țepeș")]
    stefan = dict(zip(HEADER, rows[2], strict=True))
    assert stefan["Phone"] == "+40731540977"
    assert stefan["Notes"].startswith("'=")


def test_an_unknown_export_format_is_not_found(group, staff_client):
    assert staff_client.get(reverse("stakeholders:export", args=["pdf"])).status_code == 404


def test_facilitators_cannot_export(group, facilitator):
    from learninglab.conftest import client_for

    response = client_for(facilitator).get(reverse("stakeholders:export", args=["csv"]))

    assert response.status_code == 403


# The export command


def test_export_command_writes_a_csv_file_excel_reads(group, tmp_path):
    target = tmp_path / "timisoara.csv"

    out = io.StringIO()
    call_command(
        "export_stakeholders",
        "--partner",
        "timisoara",
        "--format",
        "csv",
        "-o",
        str(target),
        stdout=out,
    )

    rows = read_csv(target.read_bytes())
    assert [(r[0], r[1]) for r in rows[1:]] == [("Ana", "Popescu"), ("Ștefan", "Țepeș")]
    assert by_first_name(rows)["Ștefan"]["Notes"].startswith("'=")
    assert "Exported 2 people" in out.getvalue()


def test_export_command_writes_csv_to_stdout_without_a_file(group):
    out = io.StringIO()

    call_command("export_stakeholders", "--partner", "matera", stdout=out)

    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == HEADER
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [("Giulia", "Rossi", "giulia@example.it")]


def test_export_command_writes_an_xlsx_file(group, tmp_path):
    target = tmp_path / "timisoara.xlsx"

    call_command(
        "export_stakeholders",
        "--partner",
        "timisoara",
        "--format",
        "xlsx",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )

    sheet = openpyxl.load_workbook(target).active
    names = [(r[0], r[1]) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [("Ana", "Popescu"), ("Ștefan", "Țepeș")]


def test_export_command_needs_a_file_for_xlsx(group):
    with pytest.raises(CommandError, match="-o"):
        call_command("export_stakeholders", "--partner", "timisoara", "--format", "xlsx")


def test_export_command_lists_the_partners_when_the_name_is_unknown(group):
    with pytest.raises(CommandError) as refused:
        call_command("export_stakeholders", "--partner", "timisoar")

    assert "timisoar" in str(refused.value)
    assert "matera, timisoara" in str(refused.value)


def test_export_command_is_run_with_its_hyphenated_name(group, capsys):
    main(["learninglab", "export-stakeholders", "--partner", "matera", "--format", "csv"])

    assert "Giulia,Rossi,giulia@example.it" in capsys.readouterr().out


# The purge command


@pytest.fixture
def inactive(partner):
    long_ago = timezone.now() - datetime.timedelta(days=800)  # about 26 months
    stale = add(partner, "Stale Person")
    recent = add(partner, "Recent Person")
    Stakeholder.objects.filter(pk=stale.pk).update(last_activity_at=long_ago)
    Stakeholder.objects.filter(pk=recent.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=300)
    )
    return stale, recent


def erased():
    return sorted(p.pk for p in Stakeholder.objects.filter(erased_at__isnull=False))


def test_purge_command_uses_the_retention_setting(inactive, settings):
    stale, _recent = inactive
    settings.STAKEHOLDER_RETENTION_MONTHS = 24
    out = io.StringIO()

    call_command("purge_inactive", stdout=out)

    assert erased() == [stale.pk]
    assert "Erased 1 person: inactive for more than 24 months" in out.getvalue()


def test_purge_command_takes_the_months(inactive):
    out = io.StringIO()

    call_command("purge_inactive", "--months", "6", stdout=out)

    assert erased() == sorted(p.pk for p in inactive)
    assert "Erased 2 people" in out.getvalue()


def test_purge_command_dry_run_erases_nobody(inactive):
    out = io.StringIO()

    call_command("purge_inactive", "--months", "6", "--dry-run", stdout=out)

    assert erased() == []
    assert "Would erase 2 people" in out.getvalue()


def test_purge_command_is_switched_off_with_zero_months(inactive, settings):
    settings.STAKEHOLDER_RETENTION_MONTHS = 0
    out = io.StringIO()

    call_command("purge_inactive", stdout=out)

    assert erased() == []
    assert "switched off" in out.getvalue()
    assert "switched off" in _run_purge("--months", "0")


def _run_purge(*args):
    out = io.StringIO()
    call_command("purge_inactive", *args, stdout=out)
    return out.getvalue()


def test_purge_command_refuses_negative_months(inactive):
    with pytest.raises(CommandError):
        call_command("purge_inactive", "--months", "-3")
    assert erased() == []


def test_organisation_type_filter_is_applied_to_the_export(partner, staff_client):
    org, _created = organisation_get_or_create(
        actor=None, partner=partner, name="Banat IT SRL", type=OrganisationType.SME
    )
    add(partner, "Ana Popescu", organisation=org)
    add(partner, "Maria Ionescu")

    rows = read_csv(
        staff_client.get(reverse("stakeholders:export", args=["csv"]), {"type": "sme"}).content
    )

    assert sorted(by_first_name(rows)) == ["Ana"]
