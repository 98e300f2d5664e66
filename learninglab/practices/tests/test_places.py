"""The gazetteer: a city's centre found whatever its spelling, and the names of countries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learninglab.practices import maps
from learninglab.practices.places import COUNTRIES, GAZETTEER, Point, city_centre, country_name

TIMISOARA = Point(Decimal("45.754"), Decimal("21.226"))


@pytest.mark.parametrize(
    "written", ["Timișoara", "Timişoara", "Timisoara", "TIMIȘOARA", "  timisoara ", "Temesvár"]
)
def test_a_city_is_found_with_or_without_its_diacritics(written):
    assert city_centre("RO", written) == TIMISOARA
    assert city_centre("ro", written) == TIMISOARA


@pytest.mark.parametrize(
    ("country", "city", "town_hall"),
    [
        ("RO", "Timișoara", (45.7537, 21.2272)),
        ("IT", "Matera", (40.6664, 16.6043)),
        ("NL", "Leeuwarden", (53.2012, 5.7999)),
        ("HR", "Rijeka", (45.3271, 14.4422)),
        ("LT", "Kaunas", (54.8985, 23.9036)),
    ],
)
def test_the_partner_cities_are_found_within_a_kilometre_of_their_town_hall(
    country, city, town_hall
):
    centre = city_centre(country, city)

    assert centre is not None
    assert abs(float(centre.latitude) - town_hall[0]) < 0.01
    assert abs(float(centre.longitude) - town_hall[1]) < 0.015


def test_a_city_s_name_in_its_own_language_finds_it_too():
    assert city_centre("IT", "Roma") == city_centre("IT", "Rome")
    assert city_centre("RO", "București") == city_centre("RO", "Bucharest")
    assert city_centre("PL", "Łódź") == city_centre("PL", "Lodz") is not None
    assert city_centre("RO", "cluj napoca") == city_centre("RO", "Cluj-Napoca") is not None


def test_a_city_is_looked_for_in_its_own_country_only():
    assert city_centre("IT", "Timișoara") is None
    # There are two Frankfurts; the larger is the one on the Main.
    frankfurt = city_centre("DE", "Frankfurt am Main")
    assert frankfurt is not None and frankfurt.longitude < Decimal("9")


@pytest.mark.parametrize(
    ("country", "city"), [("RO", "Nowhere-on-Bega"), ("RO", ""), ("", "Timișoara"), ("US", "Rome")]
)
def test_an_unknown_place_has_no_centre(country, city):
    assert city_centre(country, city) is None


def test_every_country_of_the_gazetteer_is_named_and_drawn():
    in_gazetteer = {line.split("\t", 1)[0] for line in GAZETTEER.read_text("utf-8").splitlines()}
    drawn = {country.iso for country in maps.countries()}

    assert in_gazetteer <= COUNTRIES.keys()
    missing = sorted(COUNTRIES.keys() - drawn)
    # Gibraltar is part of Spain's shape at this scale.
    assert missing == ["GI"]


def test_a_country_is_named_else_shown_by_its_code():
    assert country_name("ro") == "Romania"
    assert country_name("US") == "US"
