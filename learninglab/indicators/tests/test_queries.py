"""The number of queries does not grow with the data: every figure is aggregated in the
database."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.actionplans.periods import Period
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    FundingSourceFactory,
    ProgressEntryFactory,
)
from learninglab.cocreation.tests.factories import IdeaFactory, PromptFactory
from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.indicators.selectors import dashboard
from learninglab.labs.models import LabKind
from learninglab.results.models import FeedbackAnswer
from learninglab.stakeholders.models import OrganisationType

from .conftest import came, held_lab, moment

pytestmark = pytest.mark.django_db


def grow(world) -> None:
    """Add a lab of each partner with people, organisations, ideas and answers, and
    actions with entries and funding to every plan."""
    for n, partner in enumerate((world.partner, world.other)):
        lab = held_lab(
            partner, f"more-{partner.slug}", moment(2021, 4, 20 + n, 8), kind=LabKind.STUDY_VISIT
        )
        prompt = PromptFactory(session__lab=lab)
        for i in range(6):
            organisation = OrganisationFactory(
                partner=partner, name=f"More {partner.slug} {i}", type=OrganisationType.NGO
            )
            came(lab, StakeholderFactory(partner=partner, organisation=organisation))
            IdeaFactory(prompt=prompt)
            FeedbackAnswer.objects.create(lab=lab, usefulness=3, learned_usable=4)
    for plan in world.plans.values():
        for _ in range(3):
            action = ActionFactory(plan=plan)
            ProgressEntryFactory(action=action, on=datetime.date(2021, 5, 1))
            FundingSourceFactory(action=action, amount_eur=Decimal(1000))


def count(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


@pytest.mark.parametrize("period", [None, Period(2021, 1)])
def test_the_dashboard_does_not_ask_more_of_the_database_as_data_grows(
    world, coordinator, project, period
):
    def compute() -> None:
        dashboard(coordinator, project=project, period=period)

    before = count(compute)
    grow(world)
    assert count(compute) == before
    assert before <= 20


def test_the_pages_do_not_ask_more_of_the_database_as_data_grows(world, coordinator_client):
    urls = [reverse("indicators:dashboard"), reverse("indicators:export")] + [
        reverse("indicators:rows", args=[key])
        for key in ("labs", "people", "organisations", "ideas", "plans", "actions", "funds")
    ]
    before = {url: count(lambda url=url: coordinator_client.get(url)) for url in urls}
    grow(world)
    after = {url: count(lambda url=url: coordinator_client.get(url)) for url in urls}
    assert after == before
