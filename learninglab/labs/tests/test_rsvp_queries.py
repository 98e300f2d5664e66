"""The answer through the personal link is the busiest write: its queries are pinned."""

import pytest
from django.db import connection

from learninglab.labs.links import rsvp_url
from learninglab.labs.models import Invitation, Response
from learninglab.labs.tests.factories import InvitationFactory, LabFactory

pytestmark = pytest.mark.django_db


def test_answering_through_the_link_takes_a_fixed_number_of_queries(
    client, partner, django_assert_num_queries
):
    lab = LabFactory(partner=partner, capacity=10)
    first, second = InvitationFactory(lab=lab), InvitationFactory(lab=lab)
    client.post(rsvp_url(first), {"answer": "attend"})  # the first reads what is then cached

    # The invitation by its link; then on PostgreSQL one statement (the lab locked, then
    # the invitation, the answer saved, the seat counted, the audit entry); on SQLite
    # the same in four, in a savepoint. The person's activity is noted by the worker,
    # with the confirmation (``labs.jobs``).
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 7):
        response = client.post(rsvp_url(second), {"answer": "attend"})

    assert response.status_code == 302
    assert Invitation.objects.get(pk=second.pk).response == Response.ATTENDING
