"""The map page: public, published practices only, filtered as the catalogue filters."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learninglab.practices.models import PracticeStatus, Topic
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def published(**kwargs):
    where = {"latitude": Decimal("45.754"), "longitude": Decimal("21.226")}
    return PracticeFactory(
        status=PracticeStatus.PUBLISHED, published_at=timezone.now(), **{**where, **kwargs}
    )


def pins(response) -> list[str]:
    return re.findall(r'<a href="/practices/([^/]+)/" class="pin"', response.content.decode())


@pytest.fixture
def practices(partner, other_partner):
    return {
        "makers": published(partner=partner, slug="makers"),
        "green": published(partner=partner, slug="green", topics=[Topic.LOW_CARBON]),
        "ods": published(
            partner=other_partner,
            slug="ods",
            country="IT",
            city="Matera",
            latitude=Decimal("40.666"),
            longitude=Decimal("16.604"),
        ),
        "draft": PracticeFactory(partner=partner, slug="draft"),
    }


def test_anyone_sees_the_published_practices_on_the_map(client, practices):
    response = client.get(reverse("practices:map"))

    assert response.status_code == 200
    assert sorted(pins(response)) == ["green", "makers", "ods"]
    assert "/practices/draft/" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?partner=matera", ["ods"]),
        ("?country=ro", ["green", "makers"]),
        ("?topic=low_carbon", ["green"]),
        ("?country=RO&topic=sme_competitiveness", ["makers"]),
        ("?partner=nobody", []),
    ],
)
def test_the_map_takes_the_catalogue_s_filters(client, practices, query, shown):
    response = client.get(reverse("practices:map") + query)

    assert sorted(pins(response)) == shown


def test_the_map_is_drawn_in_the_visitor_s_language(client, practices):
    response = client.get(reverse("practices:map") + "?lang=ro")

    html = response.content.decode()
    assert '<html lang="ro"' in html
    assert 'aria-label="Atelierul de design deschis (Timișoara)"' in html


def test_the_map_page_reads_the_practices_in_one_query(client, practices):
    for number in range(10):
        published(partner=practices["makers"].partner, slug=f"more-{number}")
    client.get(reverse("practices:map"))  # the atlas is read once per process

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("practices:map"))

    assert len(pins(response)) == 13
    practice_queries = [q for q in captured.captured_queries if "practices_" in q["sql"]]
    assert len(practice_queries) == 1, [q["sql"] for q in practice_queries]
