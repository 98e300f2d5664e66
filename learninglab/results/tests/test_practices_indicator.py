"""The indicator "good practices identified" (and validated) per partner and project."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from learninglab.conftest import client_for
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.results.selectors.indicators import practices_identified

pytestmark = pytest.mark.django_db


def published(partner, **fields):
    return PracticeFactory(
        partner=partner, status=PracticeStatus.PUBLISHED, published_at=timezone.now(), **fields
    )


@pytest.fixture
def library(partner, other_partner, lead_partner):
    """Timișoara: two identified (one validated), one published but found outside the
    project, one draft, one under review, one declined. Matera: one identified."""
    published(partner, expert_validated_at=timezone.now())
    published(partner)
    published(partner, identified_in_project=False)
    PracticeFactory(partner=partner)
    PracticeFactory(partner=partner, status=PracticeStatus.SUBMITTED)
    PracticeFactory(partner=partner, status=PracticeStatus.DECLINED)
    published(other_partner)


def test_published_practices_identified_within_the_project_are_counted(
    library, project, coordinator
):
    (group,) = practices_identified(coordinator)

    assert group.project == project
    rows = [(row.partner.slug, row.identified, row.validated) for row in group.partners]
    assert rows == [("uef", 0, 0), ("matera", 1, 0), ("timisoara", 2, 1)]
    assert (group.total.identified, group.total.validated) == (3, 1)
    assert group.total.name == project.acronym


def test_partner_staff_see_their_own_partners_row_and_the_projects_total(library, staff):
    (group,) = practices_identified(staff)

    assert [row.partner.slug for row in group.partners] == ["timisoara"]
    assert (group.total.identified, group.total.validated) == (3, 1)


def test_the_indicators_page_shows_it_per_partner_and_in_total(library, staff, project):
    page = client_for(staff).get(reverse("results:capacity")).content.decode()

    assert '<h2 id="practices-heading">Good practices identified</h2>' in page
    timisoara = page.split("Municipality of Timișoara")[1].split("</tr>")[0]
    assert "<td>2</td><td>1</td>" in timisoara
    total = page.split(f"{project.acronym}, in total")[1].split("</tr>")[0]
    assert "<strong>3</strong>" in total and "<strong>1</strong>" in total


def test_a_practice_taken_off_the_catalogue_no_longer_counts(partner, coordinator):
    practice = published(partner, expert_validated_at=timezone.now())
    practice.status = PracticeStatus.RETURNED
    practice.save()

    (group,) = practices_identified(coordinator)

    assert (group.total.identified, group.total.validated) == (0, 0)
