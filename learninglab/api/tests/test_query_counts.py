"""Every list of the API makes as many queries for a few rows as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learninglab.accounts.models import ApiToken
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
)
from learninglab.api.tests.helpers import token_client
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    PromptFactory,
    VoteFactory,
)
from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.labs.models import CheckIn
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def _grow(partner, lab, prompt, size, start):
    """Add ``size`` of everything each list shows."""
    for n in range(start, start + size):
        organisation = OrganisationFactory(partner=partner)
        person = StakeholderFactory(partner=partner, organisation=organisation)
        person.tags.create(partner=partner, name=f"tag {n}")
        invitation = InvitationFactory(lab=lab, stakeholder=person, response="attending")
        CheckIn.objects.create(invitation=invitation, checked_in_at=timezone.now())
        LabFactory(partner=partner)
        VoteFactory(idea=IdeaFactory(prompt=prompt))
        practice = PracticeFactory(
            partner=partner, status=PracticeStatus.PUBLISHED, published_at=timezone.now()
        )
        practice.topics.create(topic="tourism")
        plan = ActionPlanFactory(partner=partner, is_public=True)
        MilestoneFactory(action=ActionFactory(plan=plan))


# The queries of one request: the token; the lab with its agenda and contacts, for a lab's
# lists; then the list's own: its count, its page, the related rows of the page.
LISTS = {
    "api:labs": 3,
    "api:lab_invitations": 6,
    "api:lab_checkins": 6,
    "api:lab_ideas": 6,
    "api:stakeholders": 5,
    "api:practices": 4,
    "api:plans": 3,
}


@pytest.mark.parametrize("name", LISTS)
def test_lists_make_a_fixed_number_of_queries(staff, partner, name):
    lab = LabFactory(partner=partner, slug="round-2")
    prompt = PromptFactory(session=LiveSessionFactory(lab=lab))
    client = token_client(staff)
    ApiToken.objects.update(last_used_at=timezone.now())
    url = reverse(name, args=["round-2"]) if name.startswith("api:lab_") else reverse(name)
    counts = []
    for size in (2, 8):
        _grow(partner, lab, prompt, size, start=len(counts) * 100)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.json()["results"]) >= size
        counts.append(len(queries))

    assert counts == [LISTS[name], LISTS[name]], [q["sql"] for q in queries.captured_queries]
