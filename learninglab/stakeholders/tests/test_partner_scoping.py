"""Partner staff work with their own partner's people only; the coordinator with everyone's.

Who may open which page is in the permission matrix (core/tests/test_permission_matrix.py);
these tests follow what a partner's staff can reach through a page that they may open.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.factories import (
    ConsentFactory,
    OrganisationFactory,
    StakeholderFactory,
)
from learninglab.stakeholders.importing import ImportOptions, import_batch_create
from learninglab.stakeholders.models import Consent, ImportBatch, Organisation, Stakeholder, Tag


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
    people["tm_import"], _report = import_batch_create(
        actor=staff,
        partner=partner,
        filename="people.csv",
        content=b"First name,Last name,E-mail\nAna,Pop,ana.pop@example.ro\n",
        options=ImportOptions(),
    )
    people["mt_import"], _report = import_batch_create(
        actor=None,
        partner=other_partner,
        filename="persone.csv",
        content=b"First name,Last name,E-mail\nLuca,Bianchi,luca@example.it\n",
        options=ImportOptions(),
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
