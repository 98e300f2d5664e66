"""Erasing a person who went through the whole story leaves nothing that names them."""

from __future__ import annotations

import pytest

from learninglab.messaging.testing import smtp_server
from learninglab.stakeholders.tests import story

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def smtp(settings):
    with smtp_server(settings) as server:
        yield server


def test_erasure_leaves_the_name_e_mail_and_phone_in_no_table(partner, staff, staff_client, smtp):
    lived = story.live(partner, staff, smtp)
    needles = [story.FIRST_NAME, story.LAST_NAME, story.EMAIL, story.PHONE, story.PHONE[3:]]
    assert list(story.places_holding(needles)), "the story left the person's data around"

    story.erase_through_the_page(staff_client, lived.person)

    remaining = sorted(set(story.places_holding(needles)))
    assert remaining == [], "personal data left after erasure:\n" + "\n".join(remaining)
