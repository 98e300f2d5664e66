"""The permission matrix: what every role gets on every staff page and action.

The people and import in the URLs belong to Timișoara. Partner staff of Matera get 404 on
them, never 403, so that they cannot even learn that a person exists. A refused POST
changes nothing in the database; an allowed one does.
"""

from __future__ import annotations

import inspect
from typing import Any
from urllib.parse import quote, unquote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.core.permissions import registered
from learninglab.factories import (
    ConsentFactory,
    OrganisationFactory,
    StakeholderFactory,
)
from learninglab.stakeholders import views, views_import
from learninglab.stakeholders.models import Consent, ImportBatch, Organisation, Stakeholder, Tag

OK = "ok"  # the page opens (200), or the POST did its work and redirected
LOGIN = "login"  # redirected to the login page
DENIED = "403"  # refused
HIDDEN = "404"  # not found: another partner's object, its existence not disclosed

# What each role gets. ``staff`` is partner staff of Timișoara, ``other_staff`` partner staff
# of Matera. ``person``: the id of a Timișoara person; ``import``: the id of a Timișoara
# import; ``-``: no argument. The admin refuses everyone but the coordinator by sending them
# to its login page.
PERMISSION_MATRIX = """
URL name                    argument method anonymous coordinator staff other_staff facilitator
stakeholders:list           -        GET    login     ok          ok    ok          403
stakeholders:export         csv      GET    login     ok          ok    ok          403
stakeholders:export         xlsx     GET    login     ok          ok    ok          403
stakeholders:create         -        GET    login     ok          ok    ok          403
stakeholders:create         -        POST   login     ok          ok    ok          403
stakeholders:detail         person   GET    login     ok          ok    404         403
stakeholders:edit           person   GET    login     ok          ok    404         403
stakeholders:edit           person   POST   login     ok          ok    404         403
stakeholders:consent        person   POST   login     ok          ok    404         403
stakeholders:merge          person   GET    login     ok          ok    404         403
stakeholders:merge          person   POST   login     ok          ok    404         403
stakeholders:data_export    person   GET    login     ok          ok    404         403
stakeholders:erase          person   GET    login     ok          ok    404         403
stakeholders:erase          person   POST   login     ok          ok    404         403
stakeholders:import         -        GET    login     ok          ok    ok          403
stakeholders:import_preview import   GET    login     ok          ok    404         403
stakeholders:import_commit  import   POST   login     ok          ok    404         403
core:audit                  -        GET    login     ok          ok    ok          403
accounts:security           -        GET    login     ok          ok    ok          ok
admin:index                 -        GET    login     ok          login login       login
"""


def _parse(table: str) -> tuple[tuple[str, ...], list[tuple[str, str | None, str, list[str]]]]:
    header, *lines = table.strip().splitlines()
    roles = tuple(header.split()[4:])  # after "URL name argument method"
    rows = []
    for line in lines:
        url_name, argument, method, *outcomes = line.split()
        assert len(outcomes) == len(roles), line
        rows.append((url_name, None if argument == "-" else argument, method, outcomes))
    return roles, rows


ROLES, MATRIX = _parse(PERMISSION_MATRIX)


def _cases() -> list[Any]:
    return [
        pytest.param(
            url_name,
            argument,
            method,
            role,
            outcome,
            id=f"{url_name}{'.' + argument if argument else ''}-{method}-{role}",
        )
        for url_name, argument, method, outcomes in MATRIX
        for role, outcome in zip(ROLES, outcomes, strict=True)
    ]


@pytest.fixture
def directory(partner, other_partner, coordinator, staff):
    """Two people in Timișoara (one a duplicate) and two in Matera, with what hangs on them."""
    tm_org = OrganisationFactory(partner=partner, name="Banat IT")
    mt_org = OrganisationFactory(partner=other_partner, name="Casa Netural")
    tm_tag = Tag.objects.create(partner=partner, name="creative industries")
    people = {
        "tm": StakeholderFactory(
            partner=partner, first_name="Ioana", last_name="Marin", organisation=tm_org
        ),
        "tm_duplicate": StakeholderFactory(
            partner=partner, first_name="Ioana", last_name="Marin", email="", phone="+40731540977"
        ),
        "mt": StakeholderFactory(
            partner=other_partner, first_name="Giulia", last_name="Rossi", organisation=mt_org
        ),
        "mt_duplicate": StakeholderFactory(
            partner=other_partner, first_name="Giulia", last_name="Rossi", email=""
        ),
    }
    people["tm"].tags.add(tm_tag)
    ConsentFactory(stakeholder=people["tm"])
    ConsentFactory(stakeholder=people["mt"])
    people["tm_import"] = ImportBatch.objects.create(
        partner=partner,
        uploaded_by=staff,
        filename="people.csv",
        content=b"First name,Last name,E-mail\nAna,Pop,ana.pop@example.ro\n",
    )
    people["mt_import"] = ImportBatch.objects.create(
        partner=other_partner,
        filename="persone.csv",
        content=b"First name,Last name,E-mail\nLuca,Bianchi,luca@example.it\n",
    )
    return people


def directory_state() -> dict[str, list]:
    """Return everything a page of the directory could change."""
    return {
        "people": sorted(
            Stakeholder.objects.values_list(
                "pk",
                "partner_id",
                "first_name",
                "last_name",
                "email",
                "phone",
                "organisation_id",
                "notes",
                "erased_at",
            )
        ),
        "consents": sorted(Consent.objects.values_list("pk", "stakeholder_id", "given")),
        "tags": sorted(Stakeholder.tags.through.objects.values_list("stakeholder_id", "tag_id")),
        "organisations": sorted(Organisation.objects.values_list("pk", "name")),
        "imports": sorted(ImportBatch.objects.values_list("pk", "committed_at")),
        "audit": sorted(AuditEntry.objects.values_list("pk", flat=True)),
    }


def _url(url_name: str, argument: str | None, directory: dict, *, partner: str = "tm") -> str:
    if argument is None:
        url = reverse(url_name)
    elif argument == "person":
        url = reverse(url_name, args=[directory[partner].pk])
    elif argument == "import":
        url = reverse(url_name, args=[directory[f"{partner}_import"].pk])
    else:
        url = reverse(url_name, kwargs={"fmt": argument})
    if url_name == "stakeholders:create":
        # The coordinator chooses the group; partner staff always add to their own.
        url += "?partner=timisoara"
    return url


def _post_data(url_name: str, directory: dict, *, partner: str = "tm") -> dict[str, Any]:
    if url_name in ("stakeholders:create", "stakeholders:edit"):
        return {
            "first_name": "Radu",
            "last_name": "Ionescu",
            "email": "radu.ionescu@example.ro",
            "language": "ro",
            "tags": "mentors",
        }
    if url_name == "stakeholders:consent":
        return {"purpose": "photos", "given": "1", "method": "email"}
    if url_name == "stakeholders:merge":
        return {"duplicate": directory[f"{partner}_duplicate"].pk}
    if url_name == "stakeholders:erase":
        return {"confirm": "ERASE"}
    return {}


def _client(request: pytest.FixtureRequest, role: str) -> Client:
    return client_for(None if role == "anonymous" else request.getfixturevalue(role))


def _request(client: Client, method: str, url: str, data: dict[str, Any]):
    if method == "POST":
        return client.post(url, data)
    return client.get(url)


def assert_outcome(response, outcome: str, *, url: str, method: str) -> None:
    """Check the response is what the matrix says the role gets."""
    if outcome == LOGIN:
        assert response.status_code == 302, response
        login_urls = (reverse("accounts:login"), reverse("admin:login"))
        location = response.url
        assert location.startswith(tuple(f"{u}?next=" for u in login_urls)), location
        assert location.endswith(quote(url, safe="/")), location
    elif outcome == DENIED:
        assert response.status_code == 403
    elif outcome == HIDDEN:
        assert response.status_code == 404
    elif method == "GET":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert not response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("url_name", "argument", "method", "role", "outcome"), _cases())
def test_permission_matrix(request, directory, url_name, argument, method, role, outcome):
    client = _client(request, role)
    url = _url(url_name, argument, directory)
    before = directory_state()

    response = _request(client, method, url, _post_data(url_name, directory))

    assert_outcome(response, outcome, url=url, method=method)
    if method == "POST" and outcome == OK:
        assert directory_state() != before, "the allowed POST changed nothing"
    else:
        assert directory_state() == before, "a page view or a refused POST changed data"


# Timișoara staff on a Matera person or import: every page answers 404 and nothing changes.
OTHER_PARTNERS_OBJECTS = [
    (url_name, argument, method)
    for url_name, argument, method, _outcomes in MATRIX
    if argument in ("person", "import")
]


@pytest.mark.parametrize(
    ("url_name", "argument", "method"),
    [pytest.param(*case, id=f"{case[0]}-{case[2]}") for case in OTHER_PARTNERS_OBJECTS],
)
def test_another_partners_person_is_not_found(staff_client, directory, url_name, argument, method):
    url = _url(url_name, argument, directory, partner="mt")
    before = directory_state()

    response = _request(staff_client, method, url, _post_data(url_name, directory, partner="mt"))

    assert response.status_code == 404
    assert "Giulia" not in response.content.decode()
    assert "Luca" not in response.content.decode()
    assert directory_state() == before


def test_merge_refuses_a_duplicate_of_another_partner(staff_client, directory):
    url = reverse("stakeholders:merge", args=[directory["tm"].pk])
    before = directory_state()

    response = staff_client.post(url, {"duplicate": directory["mt_duplicate"].pk})

    assert response.status_code == 200
    assert response.context["form"].errors["duplicate"]
    assert directory_state() == before


def test_export_holds_only_the_own_partners_people(staff_client, directory):
    for fmt in ("csv", "xlsx"):
        response = staff_client.get(
            reverse("stakeholders:export", kwargs={"fmt": fmt}), {"partner": "matera"}
        )
        assert response.status_code == 200
        if fmt == "csv":
            text = response.content.decode("utf-8-sig")
            assert directory["tm"].email in text
            assert directory["mt"].email not in text
            assert "Giulia" not in text


def test_list_and_search_show_only_the_own_partners_people(staff_client, directory):
    response = staff_client.get(reverse("stakeholders:list"), {"q": "giulia", "partner": "matera"})

    assert response.status_code == 200
    assert list(response.context["page"]) == []
    response = staff_client.get(reverse("stakeholders:list"))
    assert {p.pk for p in response.context["page"]} == {
        directory["tm"].pk,
        directory["tm_duplicate"].pk,
    }


def test_partner_staff_add_people_to_their_own_group_only(request, directory, other_partner):
    client = client_for(request.getfixturevalue("other_staff"))

    response = client.post(
        reverse("stakeholders:create") + "?partner=timisoara",
        _post_data("stakeholders:create", directory),
    )

    assert response.status_code == 302
    person = Stakeholder.objects.get(email="radu.ionescu@example.ro")
    assert person.partner == other_partner


def test_coordinator_works_with_every_partners_people(coordinator_client, directory):
    response = coordinator_client.get(reverse("stakeholders:detail", args=[directory["mt"].pk]))

    assert response.status_code == 200
    assert "Giulia" in response.content.decode()


def test_the_admin_logs_in_through_the_two_factor_login(client):
    """The admin's own login form would log in with a password alone."""
    response = client.get(reverse("admin:index"), follow=True)

    assert unquote(response.redirect_chain[-1][0]) == f"{reverse('accounts:login')}?next=/admin/"
    assert response.templates[0].name == "accounts/login.html"


def test_staff_the_admin_does_not_admit_are_refused_not_sent_in_circles(staff_client):
    response = staff_client.get(reverse("admin:index"), follow=True)

    assert response.status_code == 403


def test_the_coordinator_reaches_the_admin_through_its_login_url(coordinator_client):
    response = coordinator_client.get(reverse("admin:login"), {"next": "/admin/"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/"


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}", pattern.callback


def directory_and_audit_patterns() -> list[tuple[str, str, Any]]:
    return [
        (route, name, callback)
        for route, name, callback in _patterns(get_resolver())
        if route.startswith(("stakeholders/", "audit/"))
    ]


def test_every_directory_and_audit_page_is_in_the_matrix():
    """A new page cannot be added without deciding who may open it."""
    in_matrix = {url_name for url_name, *_rest in MATRIX}
    pages = {name for _route, name, _callback in directory_and_audit_patterns()}

    assert "stakeholders:list" in pages
    assert "core:audit" in pages
    assert pages - in_matrix == set()


def test_every_directory_page_goes_through_the_permission_layer():
    for route, name, callback in directory_and_audit_patterns():
        codename = getattr(callback, "permission", None)
        assert codename in registered(), f"{route} ({name}) is not guarded by a known permission"


@pytest.mark.parametrize("module", [views, views_import])
def test_every_view_function_is_guarded(module):
    view_functions = [
        function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if name.endswith("_view") and function.__module__ == module.__name__
    ]

    assert view_functions
    for function in view_functions:
        assert getattr(function, "permission", None) in registered(), function.__name__
