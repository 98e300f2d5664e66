"""Each endpoint of the API: what it shows, to whom, and what it refuses.

Timișoara's staff (``staff``) and Matera's (``other_staff``) each see their own partner's
objects; another partner's answer 404, as on the pages. The coordinator sees all.
"""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learninglab.accounts.models import ApiToken
from learninglab.accounts.tokens import api_token_create, api_token_revoke
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
)
from learninglab.api.tests.helpers import token_client, token_of
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    PromptFactory,
    VoteFactory,
)
from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.labs.models import CheckIn, LabStatus
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    return body["error"]


# -- authentication and the one error shape ---------------------------------------------


def test_without_a_token_staff_endpoints_answer_401_in_the_api_shape():
    response = Client().get(reverse("api:labs"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert error_of(response)["code"] == "not_authenticated"


def test_a_revoked_token_answers_401(staff):
    token, key = api_token_create(actor=staff, owner=staff, name="Old")
    api_token_revoke(actor=staff, token=token)

    response = Client(headers={"Authorization": f"Bearer {key}"}).get(reverse("api:labs"))

    assert response.status_code == 401
    assert error_of(response)["code"] == "token_invalid"


def test_guessing_tokens_is_slowed_like_any_flood(settings):
    settings.API_ANONYMOUS_REQUESTS_PER_MINUTE = 2
    guesser = Client(headers={"Authorization": "Bearer ll_000000000000_guess"})

    answers = [guesser.get(reverse("api:labs")).status_code for _ in range(3)]

    assert answers == [401, 401, 429]


def test_the_token_of_an_account_switched_off_answers_401(staff):
    client = token_client(staff)
    staff.is_active = False
    staff.save()

    response = client.get(reverse("api:labs"))

    assert response.status_code == 401
    assert error_of(response)["code"] == "account_inactive"


def test_a_signed_in_browser_uses_its_session(staff_client, partner):
    LabFactory(partner=partner, slug="round-2")

    response = staff_client.get(reverse("api:labs"))

    assert response.status_code == 200
    assert [lab["slug"] for lab in response.json()["results"]] == ["round-2"]


def test_a_session_writes_only_with_the_csrf_token(staff, partner):
    client = client_for(staff)
    client.handler.enforce_csrf_checks = True

    response = client.post(
        reverse("api:stakeholders"),
        {"first_name": "Ana", "last_name": "Pop"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "CSRF" in error_of(response)["message"]
    assert not Stakeholder.objects.exists()


def test_an_unknown_address_under_the_api_answers_404_in_its_shape():
    response = Client().get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_too_many_requests_answer_429_with_retry_after(staff, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    client = token_client(staff)
    cache.clear()

    answers = [client.get(reverse("api:labs")).status_code for _ in range(4)]
    refused = client.get(reverse("api:labs"))

    assert answers == [200, 200, 200, 429]
    assert refused["Retry-After"] == "60"
    assert error_of(refused)["code"] == "throttled"


def test_anonymous_callers_are_counted_by_address(settings):
    settings.API_ANONYMOUS_REQUESTS_PER_MINUTE = 2
    client = Client()

    answers = [client.get(reverse("api:practices")).status_code for _ in range(3)]
    elsewhere = Client(REMOTE_ADDR="192.0.2.7").get(reverse("api:practices"))

    assert answers == [200, 200, 429]
    assert elsewhere.status_code == 200


# -- labs, invitations, check-ins, ideas -------------------------------------------------


@pytest.fixture
def labs(partner, other_partner):
    mine = LabFactory(partner=partner, slug="tim-2", status=LabStatus.PUBLISHED)
    LabFactory(partner=partner, slug="tim-draft", status=LabStatus.DRAFT)
    LabFactory(partner=other_partner, slug="mat-2")
    return mine


def test_staff_list_their_partners_labs_only(staff, labs):
    response = token_client(staff).get(reverse("api:labs"))

    body = response.json()
    assert body["count"] == 2
    assert {lab["slug"] for lab in body["results"]} == {"tim-2", "tim-draft"}
    assert body["results"][0]["theme"]["en"]


def test_the_coordinator_lists_every_partners_labs(coordinator, labs):
    response = token_client(coordinator).get(reverse("api:labs"), {"status": "published"})

    assert {lab["slug"] for lab in response.json()["results"]} == {"tim-2", "mat-2"}


def test_a_filter_with_a_wrong_value_says_which(staff, labs):
    response = token_client(staff).get(reverse("api:labs"), {"status": "postponed"})

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["status"]


def test_lists_order_by_whitelisted_fields_only(staff, labs):
    client = token_client(staff)

    ordered = client.get(reverse("api:labs"), {"ordering": "-updated_at"})
    refused = client.get(reverse("api:labs"), {"ordering": "venue_address"})

    assert ordered.status_code == 200
    assert refused.status_code == 400
    assert "ordering" in error_of(refused)["fields"]


def test_pages_are_bounded(staff, partner):
    for number in range(3):
        LabFactory(partner=partner, slug=f"lab-{number}")
    client = token_client(staff)

    first = client.get(reverse("api:labs"), {"page_size": 2}).json()
    huge = client.get(reverse("api:labs"), {"page_size": 100000}).json()
    beyond = client.get(reverse("api:labs"), {"page": 9})

    assert (first["count"], len(first["results"])) == (3, 2)
    assert first["next"].endswith("page=2&page_size=2")
    assert len(huge["results"]) == 3
    assert beyond.status_code == 404
    assert error_of(beyond)["code"] == "not_found"


def test_another_partners_lab_is_not_found(other_staff, labs):
    response = token_client(other_staff).get(reverse("api:lab", args=["tim-2"]))

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_labs_invitations_with_their_answers(staff, labs, partner):
    person = StakeholderFactory(partner=partner, first_name="Ioana", last_name="Marin")
    InvitationFactory(lab=labs, stakeholder=person, response="attending")
    InvitationFactory(lab=labs, response="declined")

    response = token_client(staff).get(
        reverse("api:lab_invitations", args=["tim-2"]), {"response": "attending"}
    )

    [invitation] = response.json()["results"]
    assert invitation["stakeholder"]["last_name"] == "Marin"
    assert invitation["response"] == "attending"


def test_facilitators_may_not_read_invitations(facilitator, labs):
    response = token_client(facilitator).get(reverse("api:lab_invitations", args=["tim-2"]))

    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"


def test_the_door_sees_who_is_expected_and_who_arrived(facilitator, labs):
    arrived = InvitationFactory(lab=labs, response="attending")
    InvitationFactory(lab=labs, response="attending")
    InvitationFactory(lab=labs, response="declined")
    CheckIn.objects.create(invitation=arrived, checked_in_at=timezone.now())
    client = token_client(facilitator)

    everyone = client.get(reverse("api:lab_checkins", args=["tim-2"])).json()
    came = client.get(reverse("api:lab_checkins", args=["tim-2"]), {"arrived": "true"}).json()

    assert everyone["count"] == 2
    assert [row["id"] for row in came["results"]] == [arrived.pk]
    assert came["results"][0]["checked_in_at"]


def test_a_labs_ideas_most_votes_first(staff, labs):
    prompt = PromptFactory(session=LiveSessionFactory(lab=labs))
    quiet = IdeaFactory(prompt=prompt, text="A quiet idea")
    loud = IdeaFactory(prompt=prompt, text="A popular idea")
    VoteFactory(idea=loud)
    IdeaFactory(prompt=prompt, text="Hidden", status="hidden")

    response = token_client(staff).get(reverse("api:lab_ideas", args=["tim-2"]))

    assert [(i["id"], i["votes"]) for i in response.json()["results"]] == [
        (loud.pk, 1),
        (quiet.pk, 0),
    ]


# -- stakeholders -----------------------------------------------------------------------


@pytest.fixture
def people(partner, other_partner):
    organisation = OrganisationFactory(partner=partner, name="Banat IT", type="sme")
    ioana = StakeholderFactory(
        partner=partner, first_name="Ioana", last_name="Marin", organisation=organisation
    )
    StakeholderFactory(partner=partner, first_name="Radu", last_name="Pop")
    StakeholderFactory(partner=other_partner, first_name="Giulia", last_name="Rossi")
    return ioana


def test_staff_list_the_people_of_their_own_group(staff, people):
    response = token_client(staff).get(reverse("api:stakeholders"))

    assert [p["last_name"] for p in response.json()["results"]] == ["Marin", "Pop"]


def test_people_are_filtered_by_organisation_type_and_name(staff, people):
    client = token_client(staff)

    by_type = client.get(reverse("api:stakeholders"), {"organisation_type": "sme"}).json()
    by_name = client.get(reverse("api:stakeholders"), {"q": "radu"}).json()

    assert [p["id"] for p in by_type["results"]] == [people.pk]
    assert [p["last_name"] for p in by_name["results"]] == ["Pop"]


def test_another_partners_person_is_not_found(other_staff, people):
    client = token_client(other_staff, "write")

    assert client.get(reverse("api:stakeholder", args=[people.pk])).status_code == 404
    response = client.patch(
        reverse("api:stakeholder", args=[people.pk]),
        {"position": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_facilitators_never_see_the_directory(facilitator, people):
    response = token_client(facilitator).get(reverse("api:stakeholders"))

    assert response.status_code == 403


def test_a_write_token_adds_a_person_through_the_service(staff, partner):
    response = token_client(staff, "write").post(
        reverse("api:stakeholders"),
        {
            "first_name": "  Ana ",
            "last_name": "Pop",
            "email": "Ana.Pop@Example.RO",
            "phone": "0731 540 977",
            "new_organisation": "Banat IT",
            "new_organisation_type": "sme",
            "tags": ["creative industries"],
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    person = response.json()
    assert (person["first_name"], person["email"], person["phone"]) == (
        "Ana",
        "ana.pop@example.ro",
        "+40731540977",
    )
    assert person["organisation"]["name"] == "Banat IT"
    assert person["tags"] == ["creative industries"]
    assert person["partner"] == partner.slug
    entry = AuditEntry.objects.get(action="stakeholders.stakeholder.created")
    assert (entry.actor, entry.via) == (staff, "api")


def test_a_read_token_is_refused_on_writes(staff):
    response = token_client(staff, "read").post(
        reverse("api:stakeholders"),
        {"first_name": "Ana", "last_name": "Pop"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert error_of(response)["code"] == "read_only_token"
    assert not Stakeholder.objects.exists()


def test_invalid_values_are_named_field_by_field(staff):
    response = token_client(staff, "write").post(
        reverse("api:stakeholders"),
        {"first_name": "", "last_name": "Pop", "email": "not an address", "phone": "12"},
        content_type="application/json",
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) >= {"first_name"}
    assert not Stakeholder.objects.exists()


def test_the_form_checks_apply_too(staff):
    response = token_client(staff, "write").post(
        reverse("api:stakeholders"),
        {"first_name": "Ana", "last_name": "Pop", "email": "not an address", "phone": "12"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"email", "phone"}


def test_a_domain_error_keeps_its_code(staff, people):
    response = token_client(staff, "write").post(
        reverse("api:stakeholders"),
        {"first_name": "Ioana", "last_name": "Again", "email": people.email},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert error_of(response)["code"] == "email_taken"


def test_staff_may_not_add_to_another_partners_group(staff, other_partner):
    response = token_client(staff, "write").post(
        reverse("api:stakeholders"),
        {"first_name": "Ana", "last_name": "Pop", "partner": other_partner.slug},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["partner"]
    assert not Stakeholder.objects.exists()


def test_a_patch_changes_the_fields_given_and_keeps_the_others(staff, people):
    response = token_client(staff, "write").patch(
        reverse("api:stakeholder", args=[people.pk]),
        {"position": "Director", "tags": ["ecoc"]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    people.refresh_from_db()
    assert (people.position, people.first_name, people.organisation.name) == (
        "Director",
        "Ioana",
        "Banat IT",
    )
    assert response.json()["tags"] == ["ecoc"]
    assert AuditEntry.objects.filter(action="stakeholders.stakeholder.updated").count() == 1


def test_a_read_token_may_not_change_a_person(staff, people):
    response = token_client(staff, "read").patch(
        reverse("api:stakeholder", args=[people.pk]),
        {"position": "Director"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert error_of(response)["code"] == "read_only_token"
    people.refresh_from_db()
    assert people.position != "Director"


def test_the_coordinator_reads_and_changes_any_partners_people(coordinator, people, other_partner):
    client = token_client(coordinator, "write")

    listed = client.get(reverse("api:stakeholders"), {"partner": other_partner.slug}).json()
    changed = client.patch(
        reverse("api:stakeholder", args=[people.pk]),
        {"position": "Director"},
        content_type="application/json",
    )

    assert [p["last_name"] for p in listed["results"]] == ["Rossi"]
    assert changed.status_code == 200
    assert changed.json()["position"] == "Director"


def test_put_is_not_offered(staff, people):
    response = token_client(staff, "write").put(
        reverse("api:stakeholder", args=[people.pk]), {}, content_type="application/json"
    )

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


# -- public: practices and action plans ----------------------------------------------------


def test_the_public_reads_published_practices_only(partner):
    PracticeFactory(
        partner=partner,
        slug="open-doors",
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    PracticeFactory(partner=partner, slug="draft-idea")
    client = Client()

    listed = client.get(reverse("api:practices")).json()
    detail = client.get(reverse("api:practice", args=["open-doors"]))
    draft = client.get(reverse("api:practice", args=["draft-idea"]))

    assert [p["slug"] for p in listed["results"]] == ["open-doors"]
    assert detail.json()["title"]
    assert draft.status_code == 404


def test_the_public_reads_public_plans_with_their_progress(partner):
    plan = ActionPlanFactory(partner=partner, slug="tim-rop", is_public=True)
    ActionPlanFactory(partner=partner, slug="tim-secret", is_public=False)
    action = ActionFactory(plan=plan, progress=40)
    MilestoneFactory(action=action, due_on=datetime.date(2021, 6, 30))
    client = Client()

    listed = client.get(reverse("api:plans")).json()
    detail = client.get(reverse("api:plan", args=["tim-rop"])).json()

    assert [(p["slug"], p["progress"], p["actions"]) for p in listed["results"]] == [
        ("tim-rop", 40, 1)
    ]
    assert detail["progress"] == 40
    assert detail["actions"][0]["milestones"][0]["due_on"] == "2021-06-30"
    assert "funding" not in str(detail)
    assert client.get(reverse("api:plan", args=["tim-secret"])).status_code == 404


# -- indicators ---------------------------------------------------------------------------


def test_staff_read_their_partners_indicators_and_the_projects(staff, partner, other_partner):
    response = token_client(staff).get(reverse("api:indicators"))

    body = response.json()
    assert response.status_code == 200
    assert [tally["partner"] for tally in body["partners"]] == [partner.slug]
    assert body["total"]["partner"] == ""
    assert {indicator["key"] for indicator in body["indicators"]} >= set(body["total"]["values"])


def test_a_wrong_period_is_named(staff):
    response = token_client(staff).get(reverse("api:indicators"), {"period": "2021-S3"})

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["period"]


def test_tokens_of_other_users_are_left_alone(staff, other_staff):
    token_of(other_staff)
    token_client(staff).get(reverse("api:labs"))

    assert ApiToken.objects.filter(owner=other_staff, last_used_at__isnull=False).count() == 0


def test_a_fault_of_ours_answers_500_in_the_api_shape_and_is_logged(staff, monkeypatch, caplog):
    def broken(user):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("learninglab.api.views.labs.labs_for", broken)

    response = token_client(staff).get(reverse("api:labs"))

    assert response.status_code == 500
    assert error_of(response) == {
        "code": "server_error",
        "message": "Something went wrong on our side.",
    }
    assert "the disk is full" not in response.content.decode()
    assert any(record.exc_info for record in caplog.records if record.name == "django.request")
