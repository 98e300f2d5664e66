"""The lab form offers as "previous lab" only earlier labs of the same partner, and the
server refuses a later one posted anyway."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learninglab.labs.models import Lab
from learninglab.labs.tests.factories import LabFactory
from learninglab.labs.tests.test_staff_pages import lab_post

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 8, tzinfo=UTC)


def rounds(partner) -> tuple[Lab, Lab, Lab]:
    def lab(slug: str, when: datetime.datetime) -> Lab:
        return LabFactory(
            partner=partner,
            slug=slug,
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=3),
            rsvp_deadline=when - datetime.timedelta(days=2),
        )

    now = timezone.now()
    return (
        lab("round-1", now - datetime.timedelta(days=60)),
        lab("round-2", now + datetime.timedelta(days=30)),
        lab("round-3", now + datetime.timedelta(days=90)),
    )


def previous_choices(client, url: str) -> set[int]:
    response = client.get(url)
    field = response.context["form"].fields["previous"]
    return {lab.pk for lab in field.queryset}


def test_editing_a_round_offers_only_the_partners_earlier_labs(
    staff_client, partner, other_partner
):
    first, second, third = rounds(partner)
    elsewhere = LabFactory(partner=other_partner, starts_at=first.starts_at)

    offered = previous_choices(staff_client, reverse("labs:edit", args=[second.slug]))

    assert offered == {first.pk}
    assert third.pk not in offered and elsewhere.pk not in offered


def test_a_new_lab_offers_the_partners_past_labs(staff_client, partner):
    first, _second, _third = rounds(partner)

    assert previous_choices(staff_client, reverse("labs:create")) == {first.pk}


def test_a_later_lab_posted_as_the_previous_one_is_refused_with_a_clear_message(
    staff_client, partner
):
    first, second, third = rounds(partner)
    second.previous = first
    second.save(update_fields=["previous"])

    response = staff_client.post(
        reverse("labs:edit", args=[second.slug]),
        lab_post(
            previous=str(third.pk),
            date=f"{second.starts_at.astimezone(UTC):%Y-%m-%d}",
        ),
    )

    assert response.status_code == 200
    assert "The previous lab must start before this one" in response.content.decode()
    second.refresh_from_db()
    assert second.previous_id == first.pk
