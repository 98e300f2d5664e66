"""Every staff list of people sorts their names in the alphabet of the partner's language.

These tests run on the database of the suite: SQLite by default, PostgreSQL (its ICU
collations) when ``DATABASE_URL`` names one.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from learninglab.factories import OrganisationFactory, PartnerFactory, StakeholderFactory
from learninglab.labs.models import Response
from learninglab.labs.selectors import checkin_people, lab_invitations
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.reports.selectors import attendance_summary, expected_attendees
from learninglab.stakeholders.selectors import StakeholderFilters, stakeholder_list

# As a Romanian dictionary has them: ă after a, î after i, ș after s, ț after t, then w.
ROMANIAN = ["Băcilă", "Bălan", "Beșliu", "Bîrlea", "Sima", "Suciu", "Șerban", "Toma", "Țurcan"]
ROMANIAN += ["Wagner"]
# Lithuanian: c, č; s, š; z, ž.
LITHUANIAN = ["Cibulskis", "Čepas", "Sakalas", "Šimkus", "Zubrus", "Žukas"]


def add_people(partner, last_names: list[str]) -> list:
    """Add one person per last name, in an order that is none of the expected ones."""
    shuffled = sorted(last_names, key=lambda name: name[::-1])
    return [
        StakeholderFactory(partner=partner, first_name="Ana", last_name=name) for name in shuffled
    ]


def last_names(people) -> list[str]:
    return [person.last_name for person in people]


@pytest.fixture
def kaunas(project):
    return PartnerFactory(
        project=project, slug="kaunas", city="Kaunas", country="LT", languages=["lt", "en"]
    )


def test_the_directory_sorts_romanian_names_as_the_romanian_alphabet(staff_client, partner):
    add_people(partner, ROMANIAN)

    response = staff_client.get(reverse("stakeholders:list"))

    assert last_names(response.context["page"]) == ROMANIAN


def test_the_directory_of_a_lithuanian_partner_sorts_by_the_lithuanian_alphabet(
    coordinator_client, kaunas
):
    add_people(kaunas, LITHUANIAN)

    response = coordinator_client.get(reverse("stakeholders:list"), {"partner": "kaunas"})

    assert last_names(response.context["page"]) == LITHUANIAN


def test_the_same_names_sort_differently_for_partners_of_different_languages(
    coordinator, partner, kaunas
):
    names = ["Šimkus", "Sakalas", "Șerban", "Suciu", "Zubrus"]
    add_people(partner, names)
    add_people(kaunas, names)

    romanian = stakeholder_list(coordinator, StakeholderFilters(partner=partner))
    lithuanian = stakeholder_list(coordinator, StakeholderFilters(partner=kaunas))

    # Romanian has no š: it sorts with s; Lithuanian has no ș: it sorts with s.
    assert last_names(romanian) == ["Sakalas", "Šimkus", "Suciu", "Șerban", "Zubrus"]
    assert last_names(lithuanian) == [
        "Sakalas",
        "Șerban",
        "Suciu",
        "Šimkus",
        "Zubrus",
    ]


def test_the_export_keeps_the_order_of_the_directory(staff_client, partner):
    add_people(partner, ROMANIAN)

    response = staff_client.get(reverse("stakeholders:export", args=["csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ROMANIAN


def test_a_labs_answers_check_in_list_and_attendance_sheet_sort_in_romanian(partner):
    lab = LabFactory(partner=partner)
    organisations = [OrganisationFactory(partner=partner, name=n) for n in ("Țesătoria", "Zeta")]
    for n, person in enumerate(add_people(partner, ROMANIAN)):
        person.organisation = organisations[n % 2]
        person.save()
        InvitationFactory(lab=lab, stakeholder=person, response=Response.ATTENDING)

    answers = [i.stakeholder for i in lab_invitations(lab)]
    door = [i.stakeholder for i in checkin_people(lab)]
    sheet = expected_attendees(lab)

    assert last_names(answers) == ROMANIAN
    assert last_names(door) == ROMANIAN
    assert last_names(sheet) == ROMANIAN
    summary = attendance_summary(lab)
    assert [o.name for o in summary.organisations] == ["Țesătoria", "Zeta"]


def test_first_names_break_ties_in_the_same_alphabet(staff, partner):
    for first in ("Ștefan", "Sorin", "Ana", "Ion", "Îulia"):
        StakeholderFactory(partner=partner, first_name=first, last_name="Popa")

    people = stakeholder_list(staff, StakeholderFilters(partner=partner))

    assert [p.first_name for p in people] == ["Ana", "Ion", "Îulia", "Sorin", "Ștefan"]
