"""The next lab of the series shows the results of the previous session, and can mail them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.models import Lab, LabStatus
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.results.services.minutes import minutes_save, results_publish

pytestmark = pytest.mark.django_db

INVITATION = (
    "Dear {name},\n\nWhat the first session found:\n{previous_results}\n\n"
    "Please answer by {deadline}: {rsvp_link}"
)


@pytest.fixture
def next_lab(past_lab) -> Lab:
    """Lab 2 of the series, published, its invitation quoting lab 1's results."""
    lab = LabFactory(
        partner=past_lab.partner,
        slug="timisoara-lll-2",
        round_number=2,
        previous=past_lab,
        status=LabStatus.PUBLISHED,
        starts_at=past_lab.starts_at + datetime.timedelta(days=50),
        ends_at=past_lab.ends_at + datetime.timedelta(days=50),
        rsvp_deadline=past_lab.starts_at + datetime.timedelta(days=48),
        invitation_body={"en": INVITATION, "ro": INVITATION},
    )
    LabContactFactory(lab=lab)
    return lab


@pytest.fixture
def published(staff, past_lab, attendees):
    """Publish lab 1's results, with the ideas of its live wall."""
    from learninglab.cocreation.tests.factories import (
        IdeaFactory,
        LiveSessionFactory,
        PromptFactory,
        VoteFactory,
    )

    prompt = PromptFactory(session=LiveSessionFactory(lab=past_lab))
    best = IdeaFactory(prompt=prompt, text="A shared studio for makers")
    IdeaFactory(prompt=prompt, text="Night market in the old town")
    VoteFactory(idea=best)
    VoteFactory(idea=best)
    minutes_save(
        actor=staff,
        lab=past_lab,
        summary={
            "en": "We mapped the creative SMEs of the city.",
            "ro": "Am cartografiat IMM-urile.",
        },
        decisions={},
    )
    results_publish(actor=staff, lab=past_lab)


def test_lab_2s_public_page_shows_lab_1s_published_results(client, next_lab, published):
    page = client.get(reverse("labs:public", args=[next_lab.slug]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Results of the previous session" in text
    assert "We mapped the creative SMEs of the city." in text
    assert text.index("A shared studio for makers") < text.index("Night market in the old town")
    assert "3 people attended, from 3 organisations." in text
    assert reverse("results:public", args=["timisoara-lll-1"]) in text
    romanian = client.get(reverse("labs:public", args=[next_lab.slug]) + "?lang=ro")
    assert "Am cartografiat IMM-urile." in romanian.content.decode()


def test_lab_2s_page_shows_nothing_of_lab_1_before_its_results_are_published(
    client, staff, past_lab, next_lab, attendees
):
    minutes_save(actor=staff, lab=past_lab, summary={"en": "Draft notes"}, decisions={})

    text = client.get(reverse("labs:public", args=[next_lab.slug])).content.decode()

    assert "Results of the previous session" not in text
    assert "Draft notes" not in text


def test_the_lab_text_of_results_is_still_shown_beside_the_published_ones(
    client, past_lab, next_lab, published
):
    past_lab.results = {"en": "Forty people came to the City Hall."}
    past_lab.save()

    text = client.get(reverse("labs:public", args=[next_lab.slug])).content.decode()

    assert "Forty people came to the City Hall." in text
    assert "We mapped the creative SMEs of the city." in text


def test_lab_2s_invitation_preview_quotes_lab_1s_results(staff_client, next_lab, published):
    person = StakeholderFactory(partner=next_lab.partner, first_name="Sorin", language="en")
    ConsentFactory(stakeholder=person)

    page = staff_client.get(
        reverse("labs:invitation_preview", args=[next_lab.slug]), {"person": person.pk}
    )

    assert page.status_code == 200
    text = page.content.decode()
    assert "What the first session found:\nWe mapped the creative SMEs of the city." in text
    assert "Top ideas:\n1. A shared studio for makers\n2. Night market in the old town" in text


def test_without_published_results_the_invitation_quotes_the_lab_text(
    staff_client, past_lab, next_lab
):
    past_lab.results = {"en": "Forty people came to the City Hall."}
    past_lab.save()
    person = StakeholderFactory(partner=next_lab.partner, language="en")
    ConsentFactory(stakeholder=person)

    text = staff_client.get(
        reverse("labs:invitation_preview", args=[next_lab.slug]), {"person": person.pk}
    ).content.decode()

    assert "What the first session found:\nForty people came to the City Hall." in text
