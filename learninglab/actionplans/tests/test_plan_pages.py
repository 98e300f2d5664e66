"""The staff pages of the plans, through the client: the list, a new plan, the plan's
page, its Part I and II, the steps of its life, its versions and their comparison."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from learninglab.actionplans.models import ActionPlan, PlanStatus
from learninglab.actionplans.services.workflow import EndorsementData, plan_endorse, plan_submit
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    ready_plan,
    signed_pdf,
)
from learninglab.conftest import client_for
from learninglab.factories import PartnerFactory, PolicyInstrumentFactory
from learninglab.projects.models import InstrumentKind, PolicyInstrument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def endorsed(plan, actor):
    plan_submit(actor=actor, plan=plan)
    return plan_endorse(
        actor=actor,
        plan=plan,
        data=EndorsementData(
            on=datetime.date(2022, 6, 15),
            organisation="ADR Vest",
            signatory="Sorin Maxim",
            position="Director general",
            document=signed_pdf(),
        ),
    )


def text(response) -> str:
    return response.content.decode()


# -- the list -----------------------------------------------------------------------


def test_the_list_says_when_there_is_no_plan_yet(staff_client):
    response = staff_client.get(reverse("actionplans:plans"))

    assert response.status_code == 200
    assert "No action plan yet" in text(response)
    assert reverse("actionplans:plan_create") in text(response)


def test_the_list_groups_plans_by_partner_with_their_status(
    coordinator_client, partner, other_partner
):
    ready_plan(partner=partner, title={"en": "Plan of Timișoara"}, status=PlanStatus.ENDORSED)
    ActionPlanFactory(
        partner=other_partner,
        instrument=PolicyInstrumentFactory(partner=other_partner, slug="por-basilicata"),
        title={"en": "Plan of Matera"},
        language="it",
    )

    page = text(coordinator_client.get(reverse("actionplans:plans")))

    assert page.index('id="partner-matera"') < page.index("Plan of Matera")
    assert page.index('id="partner-timisoara"') < page.index("Plan of Timișoara")
    assert "Endorsed" in page and "Draft" in page


def test_partner_staff_see_their_own_and_their_joint_plans_only(
    staff, partner, other_partner, project
):
    own = ActionPlanFactory(partner=partner, title={"en": "Our own plan"})
    elsewhere = PartnerFactory(project=project, slug="kaunas", city="Kaunas", country="LT")
    joint = ActionPlanFactory(
        partner=elsewhere,
        instrument=PolicyInstrumentFactory(partner=elsewhere, slug="lt-ops"),
        title={"en": "The joint plan"},
    )
    joint.joint_partners.add(partner)
    ActionPlanFactory(
        partner=other_partner,
        instrument=PolicyInstrumentFactory(partner=other_partner, slug="por"),
        title={"en": "Plan of Matera"},
    )

    page = text(client_for(staff).get(reverse("actionplans:plans")))

    assert "Our own plan" in page and "The joint plan" in page
    assert "Written jointly with" in page
    assert "Plan of Matera" not in page
    assert own.get_absolute_url() in page


def test_the_list_takes_the_same_queries_however_many_plans(
    coordinator_client, django_assert_num_queries, partner, other_partner
):
    def plans(n: int) -> None:
        for i in range(n):
            plan = ActionPlanFactory(
                partner=other_partner if i % 2 else partner,
                instrument=PolicyInstrumentFactory(
                    partner=other_partner if i % 2 else partner, slug=f"instrument-{i}-{n}"
                ),
            )
            plan.joint_partners.add(partner if i % 2 else other_partner)
            ActionFactory(plan=plan)

    plans(2)
    coordinator_client.get(reverse("actionplans:plans"))  # sessions, caches
    with django_assert_num_queries(4) as few:
        coordinator_client.get(reverse("actionplans:plans"))
    plans(6)
    with django_assert_num_queries(len(few.captured_queries)):
        coordinator_client.get(reverse("actionplans:plans"))


def test_the_navigation_leads_to_the_plans_for_staff_only(staff_client, facilitator):
    url = reverse("actionplans:plans")

    assert f'href="{url}"' in text(staff_client.get(reverse("core:home")))
    assert f'href="{url}"' not in text(client_for(facilitator).get(reverse("core:home")))


# -- a new plan ---------------------------------------------------------------------


def test_partner_staff_start_a_plan_for_one_of_their_instruments(staff_client, partner):
    instrument = PolicyInstrumentFactory(partner=partner, slug="rop-west", name="ROP West")

    page = text(staff_client.get(reverse("actionplans:plan_create")))
    assert "ROP West" in page
    response = staff_client.post(
        reverse("actionplans:plan_create"),
        {
            "instrument": instrument.pk,
            "language": "ro",
            "title_ro": "Planul",
            "title_en": "The plan",
        },
    )

    plan = ActionPlan.objects.get()
    assert response.url == reverse("actionplans:plan_edit", args=[plan.slug])
    assert (plan.partner, plan.instrument, plan.status) == (partner, instrument, "draft")
    assert plan.title == {"ro": "Planul", "en": "The plan"}


def test_a_new_instrument_is_described_on_the_same_page(staff_client, partner):
    response = staff_client.post(
        reverse("actionplans:plan_create"),
        {
            "instrument": "new",
            "instrument_name": "Timiș County Strategy",
            "instrument_kind": InstrumentKind.OTHER,
            "instrument_authority": "Timiș County Council",
            "language": "ro",
        },
    )

    assert response.status_code == 302
    instrument = PolicyInstrument.objects.get(partner=partner)
    assert (instrument.name, instrument.kind, instrument.managing_authority) == (
        "Timiș County Strategy",
        InstrumentKind.OTHER,
        "Timiș County Council",
    )
    assert ActionPlan.objects.get().instrument == instrument


def test_a_new_instrument_without_a_name_is_asked_for_and_nothing_typed_is_lost(
    staff_client, partner
):
    response = staff_client.post(
        reverse("actionplans:plan_create"),
        {
            "instrument": "new",
            "instrument_name": "",
            "instrument_authority": "Timiș County Council",
            "language": "ro",
            "title_en": "Our plan",
        },
    )

    page = text(response)
    assert response.status_code == 200
    assert "Give the new policy instrument&#x27;s name." in page
    assert 'value="Timiș County Council"' in page and 'value="Our plan"' in page
    assert not ActionPlan.objects.exists()


def test_the_coordinator_first_chooses_the_partner(coordinator_client, partner, other_partner):
    response = coordinator_client.get(reverse("actionplans:plan_create"))
    assert 'name="partner"' in text(response)

    response = coordinator_client.get(reverse("actionplans:plan_create"), {"partner": "matera"})
    assert "Action plan of Matera" in text(response)


# -- the plan's page ----------------------------------------------------------------


def test_the_plan_page_shows_its_three_parts_and_what_is_missing(staff_client, partner):
    plan = ActionPlanFactory(partner=partner, nuts2="RO42", summary={})
    ActionFactory(plan=plan, is_pilot=True, title={"en": "Pilot: vouchers"})

    page = text(staff_client.get(plan.get_absolute_url()))

    for heading in ("Part I — General information", "Part II — Policy context", "Part III"):
        assert heading in page
    assert "Municipiul Timișoara" in page and "RO42" in page and "Andreea Vlădescu" in page
    assert "Investment for Growth and Jobs programme" in page
    assert "Pilot: vouchers" in page and "250,000.00" in page
    assert "Part II: the English summary of the actions" in page
    assert "Submit the plan" not in page  # not while something is missing
    assert reverse("actionplans:plan_edit", args=[plan.slug]) in page


def test_a_complete_draft_offers_to_submit_it(staff_client):
    plan = ready_plan()

    page = text(staff_client.get(plan.get_absolute_url()))

    assert "Nothing is missing" in page
    assert reverse("actionplans:plan_submit", args=[plan.slug]) in page


# -- editing Part I and II ----------------------------------------------------------


def test_part_one_and_two_are_written_in_the_plans_language_and_english(
    staff_client, partner, other_partner
):
    plan = ActionPlanFactory(partner=partner)
    url = reverse("actionplans:plan_edit", args=[plan.slug])
    page = text(staff_client.get(url))
    assert 'name="improvement_ro"' in page and 'name="improvement_en"' in page

    response = staff_client.post(
        url,
        {
            "country": "ro",
            "nuts2": "ro42",
            "region": "Vest",
            "contact_name": "Andreea Vlădescu",
            "contact_email": "andreea@example.ro",
            "organisation_ro": "Municipiul Timișoara",
            "improvement_ro": "Apeluri noi",
            "improvement_en": "New calls",
            "summary_en": "Vouchers",
            "joint_partners": [other_partner.pk],
            "instrument_name": plan.instrument.name,
            "instrument_kind": plan.instrument.kind,
        },
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.country, plan.nuts2) == ("RO", "RO42")
    assert plan.improvement == {"ro": "Apeluri noi", "en": "New calls"}
    assert list(plan.joint_partners.all()) == [other_partner]


def test_a_bad_e_mail_is_marked_and_nothing_typed_is_lost(staff_client):
    plan = ActionPlanFactory()

    response = staff_client.post(
        reverse("actionplans:plan_edit", args=[plan.slug]),
        {"country": "RO", "contact_email": "not-an-address", "improvement_en": "New calls"},
    )

    page = text(response)
    assert response.status_code == 200
    assert "The plan was not saved" in page and "Enter a valid email address." in page
    assert "New calls" in page


def test_a_submitted_plan_cannot_be_edited(staff_client):
    plan = ready_plan()
    plan_submit(actor=None, plan=plan)

    response = staff_client.get(reverse("actionplans:plan_edit", args=[plan.slug]), follow=True)

    assert "open a revision to change it" in text(response)


# -- the steps ----------------------------------------------------------------------


def test_submitting_an_incomplete_plan_says_what_is_missing(staff_client):
    plan = ActionPlanFactory()

    response = staff_client.post(reverse("actionplans:plan_submit", args=[plan.slug]), follow=True)

    assert "cannot be submitted yet" in text(response)
    assert "Part III: at least one action" in text(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_the_whole_life_of_a_plan_through_its_pages(staff_client):
    plan = ready_plan()
    slug = plan.slug

    response = staff_client.post(
        reverse("actionplans:plan_submit", args=[slug]), {"submit-note": "First"}, follow=True
    )
    assert "submitted as version 1" in text(response)
    assert reverse("actionplans:plan_endorse", args=[slug]) in text(response)

    response = staff_client.post(
        reverse("actionplans:plan_endorse", args=[slug]),
        {
            "on": "2022-06-15",
            "organisation": "ADR Vest",
            "signatory": "Sorin Maxim",
            "position": "Director general",
            "document": signed_pdf(),
        },
        follow=True,
    )
    page = text(response)
    assert "endorsement is recorded as version 2" in page
    assert "ADR Vest" in page
    assert reverse("actionplans:version_document", args=[slug, 2]) in page

    response = staff_client.post(
        reverse("actionplans:plan_revise", args=[slug]), {"revise-note": "2023"}, follow=True
    )
    assert "A revision is open" in text(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVISED

    response = staff_client.post(reverse("actionplans:plan_submit", args=[slug]), follow=True)
    response = staff_client.post(reverse("actionplans:plan_withdraw", args=[slug]), follow=True)
    assert "submission is withdrawn" in text(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVISED


def test_an_endorsement_with_a_word_file_is_refused_and_keeps_what_was_typed(staff_client):
    plan = ready_plan()
    plan_submit(actor=None, plan=plan)

    response = staff_client.post(
        reverse("actionplans:plan_endorse", args=[plan.slug]),
        {
            "on": "2022-06-15",
            "organisation": "ADR Vest",
            "signatory": "Sorin Maxim",
            "position": "Director general",
            "document": signed_pdf("plan.docx", b"PK\x03\x04word"),
        },
    )

    page = text(response)
    assert response.status_code == 200
    assert "plan.docx is not a PDF" in page
    assert 'role="alert"' in page and 'href="#endorse_document"' in page
    assert 'value="Sorin Maxim"' in page and 'value="2022-06-15"' in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_a_step_that_is_not_open_says_so(staff_client):
    plan = ready_plan()

    response = staff_client.post(
        reverse("actionplans:plan_withdraw", args=[plan.slug]), follow=True
    )

    assert "that step is not open to it" in text(response)


# -- versions -----------------------------------------------------------------------


def test_the_versions_page_lists_every_version_with_its_signed_document(staff_client, staff):
    plan = ready_plan()
    endorsed(plan, staff)

    page = text(staff_client.get(reverse("actionplans:versions", args=[plan.slug])))

    assert "Submitted" in page and "Endorsed" in page
    assert reverse("actionplans:version_document", args=[plan.slug, 2]) in page
    assert 'name="a"' in page and 'name="b"' in page
    compare = reverse("actionplans:version_compare", args=[plan.slug])
    assert f'href="{compare}?a=1&amp;b=2">Since version 1</a>' in page


def test_the_signed_document_is_downloaded_by_staff_who_may_see_the_plan(
    staff_client, other_staff, staff
):
    plan = ready_plan()
    endorsed(plan, staff)
    url = reverse("actionplans:version_document", args=[plan.slug, 2])

    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert f'filename="{plan.slug}-v2-signed.pdf"' in response["Content-Disposition"]
    assert (
        staff_client.get(reverse("actionplans:version_document", args=[plan.slug, 1])).status_code
        == 404
    )
    assert client_for(other_staff).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_two_versions_side_by_side(staff_client, staff):
    plan = ready_plan()
    endorsed(plan, staff)
    plan.refresh_from_db()
    plan.status = PlanStatus.REVISED
    plan.save()
    action = plan.actions.get()
    action.title = {"en": "Vouchers for cultural SMEs"}
    action.save()
    ActionFactory(plan=plan, position=1, title={"en": "A maker space"})
    plan_submit(actor=staff, plan=plan)

    response = staff_client.get(
        reverse("actionplans:version_compare", args=[plan.slug]), {"a": "2", "b": "3"}
    )

    page = text(response)
    assert "From Version 2 to Version 3" in page
    assert '<del><span class="visually-hidden">[removed: </span> creative' in page
    assert '<ins><span class="visually-hidden">[added: </span> cultural' in page
    assert "Added" in page and "A maker space" in page
    assert "Changed" in page
    assert '<th scope="row">Country</th>' in page

    page = text(
        staff_client.get(
            reverse("actionplans:version_compare", args=[plan.slug]),
            {"a": "2", "b": "3", "changed_only": "on"},
        )
    )
    assert '<th scope="row">Country</th>' not in page
    assert "Nothing changed in this part." in page  # the endorsement


def test_a_revision_under_way_is_compared_with_the_endorsed_version(staff_client, staff):
    plan = ready_plan()
    endorsed(plan, staff)
    plan.refresh_from_db()
    plan.status = PlanStatus.REVISED
    plan.contact_name = "Ioana Pop"
    plan.save()

    page = text(
        staff_client.get(
            reverse("actionplans:version_compare", args=[plan.slug]), {"a": "2", "b": "current"}
        )
    )

    assert "From Version 2 to The plan now: 1 change." in page
    assert "[removed: </span>Andreea Vlădescu" in page
    assert "[added: </span>Ioana Pop" in page


def test_the_coordinator_starts_a_plan_for_the_partner_chosen(coordinator_client, other_partner):
    response = coordinator_client.post(
        f"{reverse('actionplans:plan_create')}?partner=matera",
        {
            "instrument": "new",
            "instrument_name": "POR Basilicata",
            "instrument_kind": InstrumentKind.GROWTH_AND_JOBS,
            "language": "it",
        },
    )

    plan = ActionPlan.objects.get()
    assert response.url == reverse("actionplans:plan_edit", args=[plan.slug])
    assert (plan.partner, plan.language, plan.instrument.name) == (
        other_partner,
        "it",
        "POR Basilicata",
    )


def test_a_version_that_does_not_exist_is_not_compared(staff_client, staff):
    plan = ready_plan()
    endorsed(plan, staff)

    response = staff_client.get(
        reverse("actionplans:version_compare", args=[plan.slug]), {"a": "1", "b": "9"}
    )

    assert response.status_code == 200
    assert "Select a valid choice." in text(response)
    assert 'role="status"' not in text(response)


def test_part_ii_corrects_the_instrument_and_keeps_its_short_name(staff_client, partner):
    plan = ActionPlanFactory(partner=partner)
    instrument = plan.instrument
    url = reverse("actionplans:plan_edit", args=[plan.slug])
    page = text(staff_client.get(url))
    assert 'value="Regional Operational Programme"' in page
    posted = {
        "country": "RO",
        "instrument_name": "Regional Programme West 2021-2027",
        "instrument_kind": InstrumentKind.TERRITORIAL_COOPERATION,
        "instrument_authority": "ADR Vest",
    }

    response = staff_client.post(url, posted)

    assert response.status_code == 302
    instrument.refresh_from_db()
    assert (instrument.name, instrument.kind, instrument.managing_authority) == (
        "Regional Programme West 2021-2027",
        InstrumentKind.TERRITORIAL_COOPERATION,
        "ADR Vest",
    )
    assert instrument.slug.startswith("rop-")  # commands still find it by its short name

    response = staff_client.post(url, {**posted, "instrument_name": ""})
    assert response.status_code == 200
    assert "The plan was not saved" in text(response)
    instrument.refresh_from_db()
    assert instrument.name == "Regional Programme West 2021-2027"
