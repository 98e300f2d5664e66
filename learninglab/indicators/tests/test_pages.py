"""The dashboard, the rows behind its figures and its download, through HTTP."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from learninglab.conftest import client_for

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("indicators:dashboard")


def rows_url(key: str, query: str = "") -> str:
    url = reverse("indicators:rows", args=[key])
    return f"{url}?{query}" if query else url


def test_the_navigation_leads_to_the_dashboard(world, staff_client):
    page = staff_client.get(reverse("core:home")).content.decode()

    assert f'href="{DASHBOARD}"' in page


def test_the_dashboard_shows_the_projects_figures_and_the_capacity_page(world, staff_client):
    response = staff_client.get(DASHBOARD)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Programme indicators" in page
    assert reverse("results:capacity") in page
    cards = {card.indicator.key: card.text for card in response.context["cards"]}
    assert cards["events_held"] == "4"
    assert cards["attendance_rate"] == "71 %"
    assert cards["funds_planned"] == "EUR\xa0290,000"
    # Every card leads to its rows, with the filters kept.
    assert f'href="{rows_url("labs")}"' in page
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page


def test_a_partner_and_a_period_narrow_the_figures(world, staff_client):
    response = staff_client.get(DASHBOARD, {"partner": "timisoara", "period": "2021-S1"})

    cards = {card.indicator.key: card.text for card in response.context["cards"]}
    assert cards["events_held"] == "2"
    assert cards["participants"] == "3"
    page = response.content.decode()
    assert "January–June 2021" in page
    assert f'href="{rows_url("people", "partner=timisoara&amp;period=2021-S1")}"' in page


def test_partner_staff_cannot_choose_another_partner(world, staff_client):
    response = staff_client.get(DASHBOARD, {"partner": "matera"})

    assert response.status_code == 200
    assert "Choose a partner whose figures you may see" in response.content.decode()
    # The figures fall back to the project's totals; Matera's own are not shown.
    assert response.context["dashboard"].partner is None
    assert [t.name for t in response.context["dashboard"].partners] == ["Timișoara"]


def test_a_malformed_period_is_refused_with_a_message(world, staff_client):
    response = staff_client.get(DASHBOARD, {"period": "2021-S3"})

    assert "Choose one of the project&#x27;s reporting periods" in response.content.decode()
    assert response.context["dashboard"].period is None


def test_the_coordinator_compares_the_partners(world, coordinator_client):
    response = coordinator_client.get(DASHBOARD, {"partner": "matera"})

    page = response.content.decode()
    assert response.context["dashboard"].partner.slug == "matera"
    assert [c.key for c in response.context["comparison_charts"]] == [
        "compare-participants",
        "compare-ideas",
        "compare-actions",
        "compare-funds_mobilised",
    ]
    assert "Partner by partner" in page
    assert "RCO 87" in page and "RCR 79" in page


def test_the_people_behind_a_figure_are_listed_only_to_their_partners_staff(
    world, staff, other_staff
):
    mine = client_for(staff).get(rows_url("people")).content.decode()
    theirs = client_for(other_staff).get(rows_url("people")).content.decode()

    assert "Ana" in mine and "Florin" in mine
    assert "Maria" not in mine
    assert "4 more rows of other partners" in theirs
    assert "Ana" not in theirs and "Maria" in theirs


def test_the_coordinator_sees_every_partners_organisations(world, coordinator_client):
    page = coordinator_client.get(rows_url("organisations")).content.decode()

    for name in ("Atelier A", "Theatre D", "Rete E"):
        assert name in page
    # Never counted: University B's person did not come, Bottega F's neither.
    assert "University B" not in page and "Bottega F" not in page


@pytest.mark.parametrize(
    ("key", "query", "expected", "absent"),
    [
        ("labs", "period=2021-S2", ["Interregional workshop"], ["round 3"]),
        (
            "ideas",
            "",
            ["Vouchers for creative SMEs", "Open studios"],
            ["Off topic", "Vouchers please"],
        ),
        ("practices", "validated=1", ["The open design workshop"], []),
        ("plans", "improved=1", ["Regional Operational Programme"], ["Local strategy"]),
        ("actions", "status=delayed", ["1 row", "· Delayed"], []),
        ("funds", "structural=1", ["200,000", "Structural Funds"], ["Private funds"]),
        ("capacity", "", ["67 %"], []),
    ],
)
def test_each_figure_leads_to_its_rows(world, coordinator_client, key, query, expected, absent):
    response = coordinator_client.get(rows_url(key, query))

    assert response.status_code == 200
    page = response.content.decode()
    for text in expected:
        assert text in page
    for text in absent:
        assert text not in page


def test_an_unknown_figure_is_not_found(world, staff_client):
    assert staff_client.get(rows_url("nonsense")).status_code == 404


def test_every_figure_downloads_as_a_workbook(world, staff_client):
    response = staff_client.get(reverse("indicators:export"), {"period": "2021-S1"})

    assert response["Content-Disposition"] == (
        'attachment; filename="indicators-ECoC-SME-2021-S1.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Indicators", "Common indicators"]
    rows = list(book["Indicators"].iter_rows(values_only=True))
    figures = {(row[1], row[4]): row[6] for row in rows[1:]}
    assert figures[("timisoara", "events_held")] == 2
    assert figures[("(project)", "events_held")] == 2
    assert figures[("timisoara", "funds_mobilised")] == 20000
    # Partner staff get their own partner's rows and the project's, never Matera's.
    assert {row[1] for row in rows[1:]} == {"timisoara", "(project)"}


def test_each_partners_figure_leads_to_that_partners_rows(world, coordinator_client):
    response = coordinator_client.get(DASHBOARD, {"partner": "matera", "period": "2021-S2"})

    page = response.content.decode()
    matera = rows_url("labs", "partner=matera&amp;period=2021-S2")
    timisoara = rows_url("labs", "partner=timisoara&amp;period=2021-S2")
    project = rows_url("labs", "period=2021-S2")
    assert f'<a href="{matera}">1</a>' in page
    assert f'<a href="{timisoara}">1</a>' in page
    assert f'<a href="{project}">2</a>' in page


@pytest.mark.parametrize(
    ("key", "shown", "hidden"),
    [
        ("ideas", "Vouchers for creative SMEs", "1 more row"),
        ("labs", "Interregional workshop", "1 more row"),
        ("organisations", "Theatre D", "1 more row"),
    ],
)
def test_partner_staff_see_their_own_rows_and_how_many_others_count(
    world, staff_client, key, shown, hidden
):
    page = staff_client.get(rows_url(key)).content.decode()

    assert shown in page
    assert hidden in page
    for other in ("Heritage trails", "Rete E", "Study visit", "European Social Fund"):
        assert other not in page


def test_a_chart_with_nothing_counted_says_so(world, staff_client):
    response = staff_client.get(DASHBOARD, {"period": "2022-S1"})

    events = next(c for c in response.context["charts"] if c.key == "events_by_kind")
    assert events.is_empty
    assert "Nothing counted here yet." in response.content.decode()


def test_the_staff_of_a_joint_plans_partner_see_its_actions_and_funds(world, staff_client):
    """Timișoara writes Matera's plan jointly: its actions are Timișoara's to see too."""
    for key, shown in (("funds", "European Social Fund"), ("actions", "7 rows")):
        page = staff_client.get(rows_url(key)).content.decode()

        assert shown in page
        assert "more row" not in page
