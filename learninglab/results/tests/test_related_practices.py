"""On a lab's results page, staff see beside each idea of its live session the published
good practices related to it; the public page shows the ideas alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.cocreation.tests.factories import IdeaFactory, LiveSessionFactory, PromptFactory
from learninglab.conftest import client_for
from learninglab.practices import similarity
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.results.services.minutes import minutes_save, results_publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index():
    similarity.forget()
    yield
    similarity.forget()


@pytest.fixture
def prompt(past_lab):
    return PromptFactory(session=LiveSessionFactory(lab=past_lab))


@pytest.fixture
def bikes(other_partner):
    return PracticeFactory(
        partner=other_partner,
        slug="bici",
        status=PracticeStatus.PUBLISHED,
        title={"it": "Biciclette condivise", "en": "Shared bikes"},
        summary={"it": "Biciclette in condivisione vicino alla stazione ferroviaria."},
        problem={},
        activities={},
        evidence={},
    )


def test_staff_see_the_practices_related_to_each_idea_and_the_public_does_not(
    prompt, bikes, past_lab, staff, client
):
    IdeaFactory(prompt=prompt, text="Biciclete de închiriat lângă gară")
    practice_url = reverse("practices:detail", args=[bikes.slug])

    staff_page = client_for(staff).get(reverse("results:staff", args=[past_lab.slug]))

    html = staff_page.content.decode()
    assert "Related good practices:" in html and practice_url in html
    assert "Shared bikes" in html  # the English title on an English page
    minutes_save(actor=staff, lab=past_lab, summary={"en": "Done."}, decisions={})
    results_publish(actor=staff, lab=past_lab)
    public = client.get(reverse("results:public", args=[past_lab.slug])).content.decode()
    assert "Biciclete de închiriat lângă gară" in public
    assert practice_url not in public


def test_the_staff_results_page_reads_a_fixed_number_of_queries(prompt, bikes, past_lab, staff):
    client = client_for(staff)
    url = reverse("results:staff", args=[past_lab.slug])
    IdeaFactory(prompt=prompt, text="Biciclete la gară")
    client.get(url)  # the index of the practices is built once per process

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(15):
        IdeaFactory(prompt=prompt, text=f"Idea {n}: biciclete")
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
