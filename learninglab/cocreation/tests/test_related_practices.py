"""Beside each idea of the live wall, the facilitator sees the published good practices
related to it, whatever language either is written in."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    PromptFactory,
)
from learninglab.conftest import client_for
from learninglab.labs.tests.factories import LabFactory
from learninglab.practices import similarity
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index():
    similarity.forget()
    yield
    similarity.forget()


@pytest.fixture
def prompt(partner):
    lab = LabFactory(partner=partner, slug="round-2")
    return PromptFactory(session=LiveSessionFactory(lab=lab, join_code="K7QH2M"))


def practice(partner, slug, title, summary, *, status=PracticeStatus.PUBLISHED):
    return PracticeFactory(
        partner=partner,
        slug=slug,
        status=status,
        title={"it": title},
        summary={"it": summary},
        problem={},
        activities={},
        evidence={},
    )


@pytest.fixture
def practices(other_partner):
    bikes = practice(
        other_partner,
        "bici",
        "Biciclette condivise",
        "Biciclette in condivisione con stazioni vicino alla stazione ferroviaria.",
    )
    crafts = practice(
        other_partner,
        "artigiani",
        "Artigiani digitali",
        "Un corso insegna agli artigiani a vendere online.",
    )
    hidden = practice(
        other_partner,
        "bici-bozza",
        "Biciclette elettriche condivise",
        "Biciclette elettriche in condivisione.",
        status=PracticeStatus.SUBMITTED,
    )
    return bikes, crafts, hidden


def page(facilitator) -> str:
    response = client_for(facilitator).get(reverse("cocreation:facilitate", args=["round-2"]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_idea_shows_its_related_published_practices(prompt, practices, facilitator):
    bikes, crafts, hidden = practices
    bike_idea = IdeaFactory(prompt=prompt, text="Biciclete de închiriat la gară")
    IdeaFactory(prompt=prompt, text="Cursuri online pentru artigiani")

    html = page(facilitator)

    item = html[html.index(f'id="idea-{bike_idea.pk}"') :]
    item = item[: item.index("</li>")]
    assert "Related good practices:" in item
    assert item.index(reverse("practices:detail", args=[bikes.slug])) < item.index(
        reverse("practices:detail", args=[crafts.slug])
    )
    assert 'lang="it"' in item  # Italian titles on an English page
    assert reverse("practices:detail", args=[hidden.slug]) not in html


def test_without_published_practices_the_ideas_stand_alone(prompt, facilitator):
    IdeaFactory(prompt=prompt, text="Biciclete de închiriat la gară")

    assert "Related good practices:" not in page(facilitator)


def test_related_practices_keep_the_facilitators_page_to_a_fixed_number_of_queries(
    prompt, practices, facilitator
):
    IdeaFactory(prompt=prompt, text="Biciclete la gară")
    page(facilitator)  # the index of the practices is built once per process

    with CaptureQueriesContext(connection) as few:
        page(facilitator)
    for n in range(20):
        IdeaFactory(prompt=prompt, text=f"Idea {n}: artigiani e biciclette")
    with CaptureQueriesContext(connection) as many:
        page(facilitator)

    assert len(many) == len(few)
