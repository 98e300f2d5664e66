"""The public plans and a plan's public page: actions, status, progress in figures and
bars, milestones, last updated; and nothing private."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.actionplans.models import ActionStatus
from learninglab.actionplans.services.progress import EntryData, progress_record
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def plan(partner, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = ActionPlanFactory(
        partner=partner,
        slug="timisoara-rop",
        is_public=True,
        contact_name="Andreea Vlădescu",
        contact_email="andreea@timisoara.example.org",
    )
    action = ActionFactory(plan=plan, position=0, title={"en": "Vouchers for creative SMEs"})
    ActionFactory(plan=plan, position=1, title={"en": "A creative hub"})
    MilestoneFactory(action=action, title={"en": "Call published"}, due_on=TODAY)
    source = FundingSourceFactory(action=action, amount_eur=Decimal("123456.00"))
    progress_record(
        actor=staff,
        action=action,
        data=EntryData(
            on=TODAY,
            text="Steering group minutes: Ion Popescu objected.",
            status=ActionStatus.DELAYED,
            progress=40,
            reason="The managing authority's budget is late.",
            funds={source: Decimal("98765.00")},
            evidence=[SimpleUploadedFile("secret-minutes.pdf", b"%PDF-1.4 minutes")],
        ),
    )
    return plan


def test_the_list_shows_public_plans_with_their_partner_instrument_and_progress(client, plan):
    ActionPlanFactory(slug="private-plan", is_public=False, title={"en": "Hidden plan"})

    page = client.get(reverse("actionplans:public_plans")).content.decode()

    assert "Timișoara&#x27;s action plan" in page or "Timișoara's action plan" in page
    assert plan.instrument.name in page
    assert "20%" in page  # (40 + 0) / 2
    assert "Hidden plan" not in page


def test_the_plan_shows_actions_status_progress_and_milestones_in_words_too(client, plan):
    page = client.get(reverse("actionplans:public_plan", args=[plan.slug])).content.decode()

    assert "Vouchers for creative SMEs" in page and "A creative hub" in page
    assert "Delayed" in page
    assert '<progress value="40" max="100" aria-label="Progress of action 1">' in page
    assert "<span>40%</span>" in page
    assert "Call published" in page
    assert "Last updated on" in page


def test_nothing_private_is_on_the_public_page(client, plan, staff):
    page = client.get(reverse("actionplans:public_plan", args=[plan.slug])).content.decode()

    for private in (
        "secret-minutes.pdf",
        "/evidence/",
        "Ion Popescu",
        staff.email,
        staff.full_name,
        "Andreea",
        "andreea@timisoara.example.org",
        "123,456",
        "98,765",
        "123456",
    ):
        assert private not in page, private


def test_a_plan_that_is_not_public_is_not_found(client, plan):
    plan.is_public = False
    plan.save()

    assert client.get(reverse("actionplans:public_plan", args=[plan.slug])).status_code == 404


def _plans(partner, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        other = ActionPlanFactory(partner=partner, slug=f"plan-{n}-public", is_public=True)
        MilestoneFactory(action=ActionFactory(plan=other))
        ActionFactory(plan=other)


def test_the_public_pages_take_as_many_queries_for_many_plans_and_actions_as_for_few(
    client, plan, partner, django_assert_num_queries
):
    _plans(partner, 1)
    listing = reverse("actionplans:public_plans")
    detail = reverse("actionplans:public_plan", args=[plan.slug])
    with CaptureQueriesContext(connection) as few_plans:
        client.get(listing)
    with CaptureQueriesContext(connection) as few_actions:
        client.get(detail)

    _plans(partner, 5, start=1)
    for _n in range(10):
        MilestoneFactory(action=ActionFactory(plan=plan))

    with django_assert_num_queries(len(few_plans)):
        client.get(listing)
    with django_assert_num_queries(len(few_actions)):
        client.get(detail)
