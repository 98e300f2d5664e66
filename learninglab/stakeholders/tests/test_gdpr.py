"""A person's right of access (the JSON download) and right to erasure, through the pages."""

import json

import pytest
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.stakeholders.models import Consent, Stakeholder
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.organisation import organisation_get_or_create
from learninglab.stakeholders.services.stakeholder import StakeholderData, stakeholder_create


@pytest.fixture
def stefan(partner, staff):
    org, _created = organisation_get_or_create(
        actor=staff, partner=partner, name="Asociația Culturală Timișoara", type="ngo"
    )
    person = stakeholder_create(
        actor=staff,
        partner=partner,
        data=StakeholderData(
            first_name="Ștefan",
            last_name="Țepeș",
            email="stefan@example.ro",
            phone="+40731540977",
            organisation=org,
            position="Director",
            language="ro",
            notes="Met at the Timișoara 2023 fair.",
            tags=["Round 1"],
        ),
    )
    consent_record(
        actor=staff,
        stakeholder=person,
        purpose="invitations",
        given=True,
        method="form",
        text_version="2019-10 privacy notice",
    )
    consent_record(actor=staff, stakeholder=person, purpose="photos", given=False, method="email")
    return person


def download(client, person):
    return client.get(reverse("stakeholders:data_export", args=[person.pk]))


# Right of access


def test_the_json_download_holds_the_persons_fields(stefan, staff_client):
    response = download(staff_client, stefan)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f"stakeholder-{stefan.pk}.json" in response["Content-Disposition"]
    data = json.loads(response.content.decode("utf-8"))
    assert data["id"] == stefan.pk
    assert data["first_name"] == "Ștefan"
    assert data["last_name"] == "Țepeș"
    assert data["email"] == "stefan@example.ro"
    assert data["phone"] == "+40731540977"
    assert data["organisation"] == {
        "name": "Asociația Culturală Timișoara",
        "type": "ngo",
        "city": "",
    }
    assert data["role"] == "Director"
    assert data["preferred_language"] == "ro"
    assert data["tags"] == ["Round 1"]
    assert data["notes"] == "Met at the Timișoara 2023 fair."
    assert data["partner"] == "Municipality of Timișoara"


def test_the_json_download_keeps_diacritics_readable(stefan, staff_client):
    text = download(staff_client, stefan).content.decode("utf-8")

    assert '"first_name": "Ștefan"' in text


def test_the_json_download_holds_the_consent_ledger_and_history(stefan, staff_client):
    data = json.loads(download(staff_client, stefan).content)

    consents = {(c["purpose"], c["given"], c["method"]) for c in data["consents"]}
    assert consents == {("invitations", True, "form"), ("photos", False, "email")}
    invitations = next(c for c in data["consents"] if c["purpose"] == "invitations")
    assert invitations["text_version"] == "2019-10 privacy notice"
    actions = [entry["action"] for entry in data["history"]]
    assert actions == [
        "stakeholders.consent.withdrawn",
        "stakeholders.consent.given",
        "stakeholders.stakeholder.created",
    ]
    assert data["history"][-1]["changes"]["after"]["email"] == "stefan@example.ro"


def test_the_coordinator_may_download_any_persons_data(stefan, coordinator_client):
    assert download(coordinator_client, stefan).status_code == 200


def test_another_partners_staff_get_not_found(stefan, other_staff):
    response = download(client_for(other_staff), stefan)

    assert response.status_code == 404
    assert b"stefan@example.ro" not in response.content


def test_facilitators_may_not_download(stefan, facilitator):
    assert download(client_for(facilitator), stefan).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(stefan):
    response = download(client_for(None), stefan)

    assert response.status_code == 302
    assert "login" in response["Location"]


# Right to erasure


def erase_url(person):
    return reverse("stakeholders:erase", args=[person.pk])


def assert_not_erased(person):
    person.refresh_from_db()
    assert not person.is_erased
    assert person.email == "stefan@example.ro"
    assert Consent.objects.filter(stakeholder=person).count() == 2


def test_opening_the_erase_page_changes_nothing(stefan, staff_client):
    response = staff_client.get(erase_url(stefan))

    assert response.status_code == 200
    assert "Type ERASE to confirm" in response.content.decode()
    assert_not_erased(stefan)


def test_a_wrong_word_is_a_form_error_and_erases_nothing(stefan, staff_client):
    response = staff_client.post(erase_url(stefan), {"confirm": "DELETE"})

    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == ["Type ERASE to confirm."]
    assert_not_erased(stefan)


def test_an_empty_confirmation_erases_nothing(stefan, staff_client):
    response = staff_client.post(erase_url(stefan), {"confirm": ""})

    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert_not_erased(stefan)


def test_posting_erase_erases_the_person(stefan, staff, staff_client):
    response = staff_client.post(erase_url(stefan), {"confirm": "ERASE"})

    assert response.status_code == 302
    assert response["Location"] == reverse("stakeholders:list")
    person = Stakeholder.objects.get(pk=stefan.pk)
    assert person.is_erased
    assert (person.email, person.phone, person.notes) == ("", "", "")
    assert not Consent.objects.filter(stakeholder=person).exists()
    entry = AuditEntry.objects.get(action="stakeholders.stakeholder.erased")
    assert entry.actor == staff
    listing = staff_client.get(reverse("stakeholders:list")).content.decode()
    assert "Țepeș" not in listing


def test_the_download_after_erasure_holds_no_personal_data(stefan, staff_client):
    staff_client.post(erase_url(stefan), {"confirm": "ERASE"})

    text = download(staff_client, stefan).content.decode("utf-8")

    for personal in ("Ștefan", "Țepeș", "stefan@example.ro", "731540977", "Director", "fair"):
        assert personal not in text


def test_another_partners_staff_cannot_erase(stefan, other_staff):
    response = client_for(other_staff).post(erase_url(stefan), {"confirm": "ERASE"})

    assert response.status_code == 404
    assert_not_erased(stefan)
