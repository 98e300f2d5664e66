"""The staff pages people wait for at scale make as many queries for a large group as for a
small one: the people's list (a middle page, and filtered on consent), the lab list and a
lab's answers. The data is inserted in bulk, as a partner's import would leave it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learninglab.labs.models import Invitation, LabStatus, Response
from learninglab.labs.tests.factories import LabFactory
from learninglab.stakeholders.models import Consent, Organisation, Stakeholder
from learninglab.stakeholders.services.consent import consent_states_refresh

LABS = 4
PAGE_SIZE = 50


def fill(partner, people: int) -> list:
    """Add ``people`` people, half consenting, and ``LABS`` labs inviting all of them."""
    organisation, _new = Organisation.objects.get_or_create(
        partner=partner, name="Banat IT", name_folded="banat it", type="sme"
    )
    group = Stakeholder.objects.bulk_create(
        Stakeholder(
            partner=partner,
            first_name=f"Ana{n}",
            last_name=("Țepeș", "Suciu", "Șerban", "Bălan")[n % 4],
            email=f"ana.{n}@example.ro",
            organisation=organisation,
            search_text=f"ana{n}",
        )
        for n in range(people)
    )
    Consent.objects.bulk_create(
        Consent(stakeholder=person, purpose="invitations", given=n % 2 == 0, method="form")
        for n, person in enumerate(group)
    )
    consent_states_refresh(stakeholder_ids=[person.pk for person in group])
    now = timezone.now()
    labs = [
        LabFactory(
            partner=partner,
            starts_at=now + datetime.timedelta(days=7 * (n - LABS // 2)),
            status=LabStatus.PUBLISHED if n >= LABS // 2 else LabStatus.HELD,
        )
        for n in range(LABS)
    ]
    Invitation.objects.bulk_create(
        Invitation(
            lab=lab,
            stakeholder=person,
            language="ro",
            response=(Response.ATTENDING, Response.DECLINED, Response.PENDING)[n % 3],
        )
        for lab in labs
        for n, person in enumerate(group)
    )
    return labs


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def pages(labs: list, people: int) -> dict[str, str]:
    middle = (-(-people // PAGE_SIZE) + 1) // 2
    return {
        "middle page": f"{reverse('stakeholders:list')}?page={middle}",
        "consent filter": f"{reverse('stakeholders:list')}?consent=yes",
        "lab list": reverse("labs:list"),
        "answers": reverse("labs:answers", args=[labs[-1].slug]),
    }


@pytest.fixture
def counted(staff_client, partner):
    """Return a function filling the group with ``people`` and counting each page's queries."""

    def count(people: int) -> dict[str, int]:
        labs = fill(partner, people)
        staff_client.get(reverse("labs:list"))  # the caches a running server has filled
        return {name: queries(staff_client, url) for name, url in pages(labs, people).items()}

    return count


def test_the_pages_make_as_many_queries_for_a_large_group_as_for_a_small_one(counted):
    small = counted(60)
    Invitation.objects.all().delete()
    Stakeholder.objects.all().delete()  # and their consents
    large = counted(600)

    assert large == small


def test_a_middle_page_shows_the_group_in_its_alphabet(staff_client, partner):
    """A deep page comes from the name index in the partner's alphabet, in its order."""
    fill(partner, 120)
    names = []
    for page in (1, 2, 3):
        response = staff_client.get(reverse("stakeholders:list"), {"page": page})
        names += [(p.last_name, p.first_name) for p in response.context["page"]]

    assert len(names) == 120
    order = ["Bălan", "Suciu", "Șerban", "Țepeș"]  # ș after s, ț after t
    assert [order.index(last) for last, _first in names] == sorted(
        order.index(last) for last, _first in names
    )


def test_the_consent_filter_follows_the_ledger(staff_client, partner, staff):
    from learninglab.stakeholders.services.consent import consent_record

    fill(partner, 6)
    withdrawing = Stakeholder.objects.filter(invitation_consent=True).first()
    consent_record(
        actor=staff, stakeholder=withdrawing, purpose="invitations", given=False, method="phone"
    )

    response = staff_client.get(reverse("stakeholders:list"), {"consent": "yes"})

    shown = {person.pk for person in response.context["page"]}
    assert withdrawing.pk not in shown
    assert len(shown) == 2
