"""A practice's map point: the centre of its city unless the author gives one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry
from learninglab.practices.services.practice import PracticeData, practice_save

pytestmark = pytest.mark.django_db


def data(**kwargs):
    fields = {"title": {"en": "The open design workshop"}, "country": "RO", "city": "Timișoara"}
    return PracticeData(**{**fields, **kwargs})


def point(practice):
    practice.refresh_from_db()
    return practice.latitude, practice.longitude


def test_a_practice_without_a_point_stands_at_its_city_s_centre(staff, partner):
    practice = practice_save(actor=staff, partner=partner, data=data(city="Timisoara"))

    assert point(practice) == (Decimal("45.754"), Decimal("21.226"))
    (created,) = AuditEntry.objects.filter(action="practices.practice.created")
    assert created.changes["after"]["latitude"] == "45.75400"  # as stored, to five decimals


def test_a_point_the_author_gives_is_kept(staff, partner):
    given = {"latitude": Decimal("45.7489"), "longitude": Decimal("21.2087")}
    practice = practice_save(actor=staff, partner=partner, data=data(**given))

    assert point(practice) == (Decimal("45.7489"), Decimal("21.2087"))

    # Saved again with the same point, and another city: the point stays.
    practice = practice_save(
        actor=staff, partner=partner, practice=practice, data=data(city="Lugoj", **given)
    )
    assert point(practice) == (Decimal("45.7489"), Decimal("21.2087"))


def test_the_city_s_centre_follows_the_city_when_it_changes(staff, partner):
    practice = practice_save(actor=staff, partner=partner, data=data())
    latitude, longitude = point(practice)

    # The form sends back the point it showed, the old city's centre.
    practice = practice_save(
        actor=staff,
        partner=partner,
        practice=practice,
        data=data(city="Arad", latitude=latitude, longitude=longitude),
    )

    assert point(practice) == (Decimal("46.183"), Decimal("21.317"))


def test_a_city_the_gazetteer_does_not_know_leaves_the_practice_without_a_point(staff, partner):
    practice = practice_save(actor=staff, partner=partner, data=data(city="Giroc"))
    assert point(practice) == (None, None)

    # The point of the city it was in does not stay behind.
    practice = practice_save(actor=staff, partner=partner, practice=practice, data=data())
    assert point(practice) == (Decimal("45.754"), Decimal("21.226"))
    latitude, longitude = point(practice)
    practice = practice_save(
        actor=staff,
        partner=partner,
        practice=practice,
        data=data(city="Giroc", latitude=latitude, longitude=longitude),
    )
    assert point(practice) == (None, None)


def test_half_a_point_is_refused(staff, partner):
    with pytest.raises(DomainError) as refused:
        practice_save(actor=staff, partner=partner, data=data(latitude=Decimal("45.75")))

    assert refused.value.code == "point_incomplete"


@pytest.mark.parametrize("title", ["Map", "manage", "New"])
def test_a_practice_never_takes_the_address_of_a_page(staff, partner, title):
    practice = practice_save(actor=staff, partner=partner, data=data(title={"en": title}))

    assert practice.slug == f"{title.lower()}-2"
