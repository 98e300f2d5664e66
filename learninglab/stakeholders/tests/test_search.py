"""Searching and filtering the stakeholder list, as a person does it in the browser."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.stakeholders.models import OrganisationType
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.organisation import organisation_get_or_create
from learninglab.stakeholders.services.stakeholder import StakeholderData, stakeholder_create

LIST = reverse("stakeholders:list")


def add(partner, name, *, organisation=None, tags=(), consent=None, email=""):
    first, last = name.split(" ", 1)
    person = stakeholder_create(
        actor=None,
        partner=partner,
        data=StakeholderData(
            first_name=first,
            last_name=last,
            email=email,
            organisation=organisation,
            tags=list(tags),
        ),
    )
    if consent is not None:
        consent_record(
            actor=None, stakeholder=person, purpose="invitations", given=consent, method="form"
        )
    return person


def organisation(partner, name, type):
    org, _created = organisation_get_or_create(actor=None, partner=partner, name=name, type=type)
    return org


def shown(response):
    assert response.status_code == 200
    return sorted(p.full_name for p in response.context["page"])


@pytest.fixture
def group(partner):
    sme = organisation(partner, "Banat IT SRL", OrganisationType.SME)
    ngo = organisation(partner, "Asociația Culturală Timișoara", OrganisationType.NGO)
    add(partner, "Ștefan Țepeș", organisation=sme, tags=["Round 1"], consent=True)
    add(partner, "Ștefan Popescu", organisation=ngo, consent=False)
    add(partner, "Ana Țepeș", organisation=ngo, tags=["Round 1", "creative industries"])
    add(partner, "Maria Ionescu", email="maria@tepes-consulting.ro", consent=True)


@pytest.mark.parametrize("query", ["stefan tepes", "ȘTEFAN ȚEPEȘ", "Țepeș Ștefan", "tepes stefan"])
def test_search_ignores_case_diacritics_and_word_order(group, staff_client, query):
    response = staff_client.get(LIST, {"q": query})

    assert shown(response) == ["Ștefan Țepeș"]
    assert "Ștefan" in response.content.decode()


def test_one_word_finds_everyone_with_that_name(group, staff_client):
    assert shown(staff_client.get(LIST, {"q": "ȘTEFAN"})) == ["Ștefan Popescu", "Ștefan Țepeș"]


def test_a_word_also_matches_e_mail_and_organisation(group, staff_client):
    assert shown(staff_client.get(LIST, {"q": "Țepeș"})) == [
        "Ana Țepeș",
        "Maria Ionescu",
        "Ștefan Țepeș",
    ]
    assert shown(staff_client.get(LIST, {"q": "culturala"})) == ["Ana Țepeș", "Ștefan Popescu"]


def test_cedilla_letters_typed_in_the_search_still_match(group, staff_client):
    assert shown(staff_client.get(LIST, {"q": "Ştefan Ţepeş"})) == ["Ștefan Țepeș"]


def test_a_search_without_match_says_so(group, staff_client):
    response = staff_client.get(LIST, {"q": "vlad"})

    assert shown(response) == []
    assert "Nobody matches" in response.content.decode()


def test_filter_by_organisation_type(group, staff_client):
    assert shown(staff_client.get(LIST, {"type": "ngo"})) == ["Ana Țepeș", "Ștefan Popescu"]
    assert shown(staff_client.get(LIST, {"type": "sme"})) == ["Ștefan Țepeș"]


def test_filter_by_tag(group, staff_client):
    assert shown(staff_client.get(LIST, {"tag": "Round 1"})) == ["Ana Țepeș", "Ștefan Țepeș"]
    assert shown(staff_client.get(LIST, {"tag": "creative industries"})) == ["Ana Țepeș"]


def test_search_and_filters_combine(group, staff_client):
    assert shown(staff_client.get(LIST, {"q": "tepes", "type": "ngo"})) == ["Ana Țepeș"]


@pytest.mark.parametrize(
    ("consent", "expected"),
    [
        ("yes", ["Maria Ionescu", "Ștefan Țepeș"]),
        ("no", ["Ștefan Popescu"]),
        ("unknown", ["Ana Țepeș"]),
        ("", ["Ana Țepeș", "Maria Ionescu", "Ștefan Popescu", "Ștefan Țepeș"]),
    ],
)
def test_filter_by_invitation_consent(group, staff_client, consent, expected):
    assert shown(staff_client.get(LIST, {"consent": consent})) == expected


@pytest.fixture
def two_groups(partner, other_partner):
    add(partner, "Ștefan Țepeș")
    add(other_partner, "Giulia Rossi")


def test_the_coordinator_sees_every_group_and_may_filter_by_partner(two_groups, coordinator):
    client = client_for(coordinator)

    assert shown(client.get(LIST)) == ["Giulia Rossi", "Ștefan Țepeș"]
    assert shown(client.get(LIST, {"partner": "matera"})) == ["Giulia Rossi"]
    assert shown(client.get(LIST, {"partner": "timisoara"})) == ["Ștefan Țepeș"]


def test_partner_staff_see_only_their_group_and_get_no_partner_filter(two_groups, staff_client):
    response = staff_client.get(LIST, {"partner": "matera"})

    assert shown(response) == ["Ștefan Țepeș"]
    assert "partner" not in response.context["form"].fields
    assert shown(staff_client.get(LIST, {"q": "giulia"})) == []


@pytest.fixture
def sixty(partner):
    org = organisation(partner, "Banat IT SRL", OrganisationType.SME)
    for n in range(60):
        add(partner, f"Person {n:02d}", organisation=org, tags=[f"Round {n % 3}"], consent=True)


def test_the_list_is_paginated_by_fifty(sixty, staff_client):
    first = staff_client.get(LIST)
    second = staff_client.get(LIST, {"page": 2})

    assert len(shown(first)) == 50
    assert len(shown(second)) == 10
    assert set(shown(first)).isdisjoint(shown(second))
    assert "60 people" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert 'rel="next"' in first.content.decode()


def test_pages_keep_the_search(sixty, partner, staff_client):
    add(partner, "Ștefan Țepeș")

    response = staff_client.get(LIST, {"q": "person", "page": 2})

    assert len(shown(response)) == 10
    assert "Ștefan Țepeș" not in shown(response)


def test_the_number_of_queries_does_not_grow_with_the_people_shown(partner, staff_client):
    org = organisation(partner, "Banat IT SRL", OrganisationType.SME)

    def queries_for_list():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(LIST).status_code == 200
        return len(captured)

    for n in range(3):
        add(partner, f"Few {n}", organisation=org, tags=["Round 1"], consent=True)
    few = queries_for_list()
    for n in range(30):
        add(partner, f"Many {n}", organisation=org, tags=["Round 2"], consent=False)
    assert queries_for_list() == few


def test_the_helix_coverage_counts_the_whole_group_whatever_the_search(group, staff_client):
    response = staff_client.get(LIST, {"q": "stefan tepes"})

    counts = {share.helix: share.count for share in response.context["coverage"]}
    assert counts == {
        "government": 0,
        "industry": 1,
        "academia": 0,
        "civil_society": 2,
        "other": 1,
    }
