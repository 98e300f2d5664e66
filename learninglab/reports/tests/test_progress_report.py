"""A partner's progress report per period, from the entries dated in it; the list of reports."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from docx import Document

from learninglab.actionplans.models import ActionStatus, FundingKind, FundsMobilised
from learninglab.actionplans.periods import Period
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    ProgressEntryFactory,
)
from learninglab.conftest import client_for
from learninglab.factories import PolicyInstrumentFactory
from learninglab.reports.progress_report import (
    progress_report,
    progress_report_docx,
    progress_report_pdf,
    progress_report_xlsx,
    reports_overview,
)
from learninglab.reports.tests.conftest import pdf_pages

pytestmark = pytest.mark.django_db

day = datetime.date
S1, S2 = Period(2021, 1), Period(2021, 2)


def ro(text: str, context: str = "") -> str:
    """Return ``text`` as the Romanian report writes it (translated, if it is yet)."""
    with translation.override("ro"):
        return pgettext(context, text) if context else gettext(text)


def ro_status(status: str) -> str:
    return ro(status, "stakeholder")


# The report is in Timișoara's language: so are the kinds of its funding sources.
ERDF = "POR Vest 2.1 (Fondul European de Dezvoltare Regională (FEDR))"
LOCAL = "Bugetul local (Fonduri publice regionale sau locale)"


def entry(action, on, status, progress, text, reason="", funds=()):
    made = ProgressEntryFactory(
        action=action, on=on, status=status, progress=progress, text=text, reason=reason
    )
    for source, amount in funds:
        FundsMobilised.objects.create(entry=made, source=source, amount_eur=Decimal(amount))
    return made


@pytest.fixture
def plan(partner, other_partner):
    """Timișoara's plan: three actions and four entries, two in each half of 2021."""
    plan = ActionPlanFactory(
        partner=partner,
        slug="timisoara-rop-west",
        instrument=PolicyInstrumentFactory(partner=partner, name="POR Vest", slug="rop-west"),
        title={"ro": "Planul de acțiune al Timișoarei"},
    )
    vouchers = ActionFactory(
        plan=plan,
        position=0,
        title={"ro": "Vouchere pentru IMM-uri creative"},
        starts_on=day(2021, 1, 1),
    )
    erdf = FundingSourceFactory(action=vouchers, kind=FundingKind.ERDF, name="POR Vest 2.1")
    local = FundingSourceFactory(action=vouchers, kind=FundingKind.REGIONAL, name="Bugetul local")
    house = ActionFactory(
        plan=plan, position=1, title={"ro": "Casa creativă"}, starts_on=day(2021, 4, 1)
    )
    ActionFactory(plan=plan, position=2, title={"ro": "Rețeaua mentorilor"}, starts_on=None)
    entry(
        vouchers,
        day(2021, 3, 1),
        ActionStatus.IN_PROGRESS,
        20,
        "Termenii apelului stabiliți.",
        funds=[(erdf, "10000")],
    )
    # The last day of S1 belongs to S1.
    entry(
        vouchers,
        day(2021, 6, 30),
        ActionStatus.IN_PROGRESS,
        40,
        "Apelul a fost lansat.",
        funds=[(erdf, "5000"), (local, "2500")],
    )
    entry(
        vouchers,
        day(2021, 7, 1),
        ActionStatus.DELAYED,
        40,
        "Evaluarea a întârziat.",
        reason="Alegeri locale",
    )
    entry(
        house,
        day(2021, 12, 31),
        ActionStatus.ABANDONED,
        10,
        "Clădirea a fost vândută.",
        reason="Clădirea nu mai este disponibilă",
    )
    # Another partner's progress is not Timișoara's.
    matera = ActionFactory(
        plan=ActionPlanFactory(
            partner=other_partner,
            slug="matera-plan",
            language="it",
            instrument=PolicyInstrumentFactory(partner=other_partner, slug="por-basilicata"),
        ),
        title={"it": "Voucher"},
        starts_on=day(2021, 1, 1),
    )
    entry(matera, day(2021, 5, 1), ActionStatus.IN_PROGRESS, 50, "Bando pubblicato.")
    return plan


def test_the_report_says_where_each_action_stood_at_the_periods_end(plan, coordinator, partner):
    report = progress_report(coordinator, partner, S1)

    [lines] = report.plans
    assert [(a.number, a.title, a.status, a.progress) for a in lines.actions] == [
        (1, "Vouchere pentru IMM-uri creative", ActionStatus.IN_PROGRESS, 40),
        (2, "Casa creativă", ActionStatus.NOT_STARTED, 0),
        (3, "Rețeaua mentorilor", ActionStatus.NOT_STARTED, 0),
    ]
    vouchers = lines.actions[0]
    assert [e.text for e in vouchers.entries] == [
        "Termenii apelului stabiliți.",
        "Apelul a fost lansat.",
    ]
    assert [(f.source, f.amount) for f in vouchers.funds] == [
        (ERDF, Decimal("15000")),
        (LOCAL, Decimal("2500")),
    ]
    assert vouchers.funds_total == Decimal("17500")
    assert report.entry_count == 2

    second = progress_report(coordinator, partner, S2).plans[0].actions
    assert [(a.status, a.progress, a.reason, len(a.entries)) for a in second] == [
        (ActionStatus.DELAYED, 40, "Alegeri locale", 1),
        (ActionStatus.ABANDONED, 10, "Clădirea nu mai este disponibilă", 1),
        (ActionStatus.NOT_STARTED, 0, "", 0),
    ]
    assert second[0].funds == []


def test_the_workbook_has_a_row_per_entry_and_per_action_without_one(plan, coordinator, partner):
    book = openpyxl.load_workbook(
        io.BytesIO(progress_report_xlsx(progress_report(coordinator, partner, S1)))
    )

    sheet = book["2021-S1"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    assert rows[1][1:] == (
        1,
        "Vouchere pentru IMM-uri creative",
        ro_status("In progress"),
        40,
        "2021-03-01",
        "Termenii apelului stabiliți.",
        10000,
        f"{ERDF}: 10.000,00",
        None,
    )
    assert rows[2][5:8] == ("2021-06-30", "Apelul a fost lansat.", 7500)
    assert [row[2] for row in rows[3:]] == ["Casa creativă", "Rețeaua mentorilor"]
    assert rows[3][5] is None  # no entry in the period
    funds = list(book[ro("Funds mobilised")].iter_rows(values_only=True))[1:]
    assert [(row[3], row[4]) for row in funds] == [(ERDF, 15000), (LOCAL, 2500)]

    second = openpyxl.load_workbook(
        io.BytesIO(progress_report_xlsx(progress_report(coordinator, partner, S2)))
    )["2021-S2"]
    reasons = [row[9] for row in list(second.iter_rows(values_only=True))[1:]]
    assert reasons == ["Alegeri locale", "Clădirea nu mai este disponibilă", None]


def test_the_word_and_pdf_reports_show_the_entries_of_the_period(plan, coordinator, partner):
    report = progress_report(coordinator, partner, S2)

    document = Document(io.BytesIO(progress_report_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Planul de acțiune al Timișoarei" in text
    assert "Evaluarea a întârziat." in text
    assert "Clădirea nu mai este disponibilă" in text
    assert "Apelul a fost lansat." not in text  # S1
    assert "Bando pubblicato." not in text  # Matera
    summary = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert summary[1:] == [
        ["1. Vouchere pentru IMM-uri creative", ro_status("Delayed"), "40", "0,00"],
        ["2. Casa creativă", ro_status("Abandoned"), "10", "0,00"],
        ["3. Rețeaua mentorilor", ro_status("Not started"), "0", "0,00"],
    ]

    pages = " ".join(pdf_pages(progress_report_pdf(progress_report(coordinator, partner, S1))))
    assert "Termenii apelului stabiliți." in pages
    assert "Vouchere pentru IMM-uri creative" in pages
    assert "17.500,00" in pages
    assert "30 septembrie 2021" in pages  # due on


# The page and the downloads


def test_the_list_shows_each_period_its_due_date_and_whether_it_is_overdue(
    plan, coordinator, partner
):
    # 2022-S1 ended, its report due on 30 September 2022, nothing recorded in it.
    overview = reports_overview(coordinator, today=day(2022, 10, 5))

    assert [group.partner.slug for group in overview] == ["matera", "timisoara"]
    timisoara = overview[1]
    assert [
        (str(r.period), r.due_on, r.entries, r.is_overdue, r.is_under_way)
        for r in timisoara.reports
    ] == [
        ("2022-S2", day(2023, 3, 31), 0, False, True),
        ("2022-S1", day(2022, 9, 30), 0, True, False),
        ("2021-S2", day(2022, 3, 31), 2, False, False),
        ("2021-S1", day(2021, 9, 30), 2, False, False),
    ]


def test_partner_staff_see_their_own_reports_only(plan, staff_client, other_staff):
    page = staff_client.get(reverse("reports:plan_reports"))

    assert page.status_code == 200
    content = page.content.decode()
    assert "Timișoara" in content
    assert "Matera" not in content
    assert reverse("reports:progress_report", args=["timisoara", "2021-S1", "xlsx"]) in content
    other = client_for(other_staff).get(reverse("reports:plan_reports")).content.decode()
    assert "Matera" in other and "Timișoara" not in other


def report_url(partner="timisoara", period="2021-S1", fmt="pdf") -> str:
    return reverse("reports:progress_report", args=[partner, period, fmt])


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_staff_download_their_report(plan, staff_client, fmt):
    response = staff_client.get(report_url(fmt=fmt))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="progress-report-timisoara-2021-S1.{fmt}"'
    )


def test_another_partner_a_bad_period_or_format_is_not_found(
    plan, staff_client, other_staff, facilitator, coordinator_client
):
    assert client_for(other_staff).get(report_url()).status_code == 404
    assert client_for(facilitator).get(report_url()).status_code == 403
    assert client_for(None).get(report_url()).status_code == 302
    assert staff_client.get(report_url(period="2021-S3")).status_code == 404
    assert staff_client.get(report_url(fmt="odt")).status_code == 404
    assert staff_client.get(report_url(partner="rome")).status_code == 404
    assert coordinator_client.get(report_url(partner="matera")).status_code == 200


def test_the_list_takes_as_many_queries_whatever_the_number_of_plans(
    plan, coordinator_client, partner, django_assert_num_queries
):
    url = reverse("reports:plan_reports")
    with CaptureQueriesContext(connection) as first:
        coordinator_client.get(url)
    for n in range(3):
        more = ActionPlanFactory(
            partner=partner,
            instrument=PolicyInstrumentFactory(partner=partner, slug=f"more-{n}"),
        )
        ProgressEntryFactory(action=ActionFactory(plan=more, starts_on=day(2020, 1, 1)))

    with django_assert_num_queries(len(first)):
        response = coordinator_client.get(url)
    # One partner, one row per period whatever the number of its plans.
    assert response.content.decode().count('<th scope="row">2020-S1<br>') == 1
