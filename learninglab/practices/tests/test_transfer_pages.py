"""The transfer log's pages: staff record what their partner learnt from another partner's
practice and remove a mistake; everyone reads, per partner, who learnt what from whom."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.practices.models import PracticeStatus, PracticeTransfer, TransferStage
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(partner):
    """Timișoara's published practice, which Matera (``other_staff``) learns from."""
    return PracticeFactory(
        partner=partner,
        slug="open-workshop",
        title={"ro": "Atelierul deschis", "en": "The open workshop"},
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )


def record_url(practice) -> str:
    return reverse("practices:transfer_record", args=[practice.slug])


def entry(practice, partner, stage=TransferStage.STUDIED, on=datetime.date(2021, 3, 12), note=""):
    return PracticeTransfer.objects.create(
        practice=practice, partner=partner, stage=stage, on=on, note=note
    )


# Recording


def test_partner_staff_record_what_their_own_partner_learnt(practice, other_staff, other_partner):
    client = client_for(other_staff)

    form = client.get(record_url(practice)).context["form"]
    assert "partner" not in form.fields
    assert form.only_partner == other_partner
    response = client.post(
        record_url(practice),
        {
            "stage": "studied",
            "on": "2021-03-12",
            "note": "Visited the workshop.",
            "next": "/practices/open-workshop/#transfer-record",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/practices/open-workshop/#transfer-record"
    assert "The transfer log was updated." in response.content.decode()
    (recorded,) = PracticeTransfer.objects.all()
    assert (recorded.partner, recorded.stage, recorded.on, recorded.note) == (
        other_partner,
        TransferStage.STUDIED,
        datetime.date(2021, 3, 12),
        "Visited the workshop.",
    )
    assert recorded.recorded_by == other_staff
    assert AuditEntry.objects.filter(action="practices.transfer.recorded").count() == 1


def test_a_partner_field_posted_by_partner_staff_is_ignored(
    practice, other_staff, other_partner, lead_partner
):
    client_for(other_staff).post(
        record_url(practice), {"partner": lead_partner.pk, "stage": "adopted", "on": "2022-01-10"}
    )

    assert list(PracticeTransfer.objects.values_list("partner", flat=True)) == [other_partner.pk]


def test_the_coordinator_records_for_any_partner_but_the_practices_own(
    practice, coordinator, other_partner, lead_partner, partner
):
    client = client_for(coordinator)

    field = client.get(record_url(practice)).context["form"].fields["partner"]
    assert [pk for pk, _label in field.choices] == [lead_partner.pk, other_partner.pk]
    client.post(
        record_url(practice), {"partner": partner.pk, "stage": "studied", "on": "2021-01-05"}
    )
    assert not PracticeTransfer.objects.exists()
    client.post(
        record_url(practice), {"partner": lead_partner.pk, "stage": "adapting", "on": "2021-06-01"}
    )

    (recorded,) = PracticeTransfer.objects.all()
    assert (recorded.partner, recorded.stage) == (lead_partner, TransferStage.ADAPTING)


def test_recording_a_stage_again_changes_its_date_and_note(practice, other_staff, other_partner):
    entry(practice, other_partner, note="First look.")

    client_for(other_staff).post(
        record_url(practice), {"stage": "studied", "on": "2021-04-01", "note": "Second visit."}
    )

    (recorded,) = PracticeTransfer.objects.all()
    assert (recorded.on, recorded.note) == (datetime.date(2021, 4, 1), "Second visit.")


def test_the_practices_own_partner_is_told_it_learns_from_the_others(practice, staff_client):
    page = staff_client.get(record_url(practice)).content.decode()
    assert "this one is your partner's own" in page
    assert "<form" not in page.split("<main")[-1]

    response = staff_client.post(record_url(practice), {"stage": "studied", "on": "2021-03-12"})

    assert response.status_code == 200
    assert "You may record only what your own partner learnt" in response.content.decode()
    assert not PracticeTransfer.objects.exists()


def test_a_stage_in_the_future_or_a_note_too_long_is_refused(practice, other_staff):
    client = client_for(other_staff)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    future = client.post(record_url(practice), {"stage": "adopted", "on": tomorrow.isoformat()})
    long = client.post(
        record_url(practice), {"stage": "adopted", "on": "2021-03-12", "note": "x" * 1001}
    )

    assert "not in the future" in future.content.decode()
    assert "at most 1000 characters" in long.content.decode()
    assert "Nothing was recorded" in long.content.decode()
    assert not PracticeTransfer.objects.exists()


def test_a_practice_not_published_has_no_transfer_form(partner, other_staff):
    draft = PracticeFactory(partner=partner, slug="draft")

    response = client_for(other_staff).get(record_url(draft))

    assert response.status_code == 404


def test_the_next_page_must_be_on_this_site(practice, other_staff):
    response = client_for(other_staff).post(
        record_url(practice),
        {"stage": "studied", "on": "2021-03-12", "next": "https://example.com/elsewhere"},
    )

    assert response.url == "/practices/open-workshop/#transfer-record"


# Removing


def test_staff_remove_their_partners_entry_but_not_anothers(
    practice, other_staff, other_partner, lead_partner
):
    mine = entry(practice, other_partner)
    theirs = entry(practice, lead_partner)
    client = client_for(other_staff)

    refused = client.post(reverse("practices:transfer_remove", args=[theirs.pk]))
    removed = client.post(reverse("practices:transfer_remove", args=[mine.pk]))

    assert refused.status_code == 404
    assert removed.status_code == 302
    assert list(PracticeTransfer.objects.all()) == [theirs]
    (audited,) = AuditEntry.objects.filter(action="practices.transfer.removed")
    assert audited.changes["before"]["stage"] == "studied"


def test_the_coordinator_removes_any_entry(practice, coordinator, other_partner):
    recorded = entry(practice, other_partner)

    client_for(coordinator).post(reverse("practices:transfer_remove", args=[recorded.pk]))

    assert not PracticeTransfer.objects.exists()


# The box on the practice's pages


def render_box(practice, user) -> str:
    request = RequestFactory().get(f"/practices/{practice.slug}/")
    request.user = user
    return render_to_string(
        "practices/includes/transfers.html", {"practice": practice}, request=request
    )


def test_the_box_offers_the_form_to_other_partners_staff_and_their_entries_to_remove(
    practice, other_staff, staff, other_partner, lead_partner
):
    mine = entry(practice, other_partner, note="Visited it.")
    entry(practice, lead_partner)

    box = render_box(practice, other_staff)

    assert 'id="transfer-record"' in box
    assert f'action="{record_url(practice)}"' in box
    assert f'action="{reverse("practices:transfer_remove", args=[mine.pk])}"' in box
    assert box.count('action="/practices/transfers/') == 1
    assert "Visited it." in box
    assert 'name="next" value="/practices/open-workshop/#transfer-record"' in box
    assert render_box(practice, AnonymousUser()).strip() == ""
    assert render_box(practice, staff).strip() == ""


# Per partner


def test_the_partner_page_lists_what_it_learnt_and_what_others_learnt_from_it(
    client, practice, partner, other_partner
):
    matera = PracticeFactory(
        partner=other_partner,
        slug="open-design-school",
        title={"it": "Open Design School", "en": "Open Design School"},
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    entry(matera, partner, note="Two of our makers spent a week there.")
    entry(practice, other_partner, stage=TransferStage.ADOPTED, on=datetime.date(2022, 5, 2))
    unpublished = PracticeFactory(partner=other_partner, slug="taken-off", title={"en": "Gone"})
    entry(unpublished, partner)

    response = client.get(reverse("practices:transfers", args=[partner.slug]))

    learnt, shared = list(response.context["learnt"]), list(response.context["shared"])
    assert [(e.practice, e.stage) for e in learnt] == [(matera, "studied")]
    assert [(e.partner, e.stage) for e in shared] == [(other_partner, "adopted")]
    page = response.content.decode()
    assert "What Timișoara learnt from the other partners" in page
    assert "Two of our makers spent a week there." in page
    assert f'href="{reverse("practices:transfers", args=["matera"])}"' in page
    assert "Gone" not in page


def test_a_partner_with_nothing_recorded_says_so_and_an_unknown_one_is_not_found(client, partner):
    page = client.get(reverse("practices:transfers", args=[partner.slug])).content.decode()

    assert page.count("Nothing recorded yet.") == 2
    assert client.get(reverse("practices:transfers", args=["atlantis"])).status_code == 404
