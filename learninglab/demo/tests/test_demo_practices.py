"""The demo's good practices: the four of ECoC-SME, one of Timișoara and one of Kaunas,
presented at Timișoara's labs, and what Timișoara learnt from Matera."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from learninglab.core.models import AuditEntry, Via
from learninglab.labs.models import Lab
from learninglab.practices.models import (
    EventKind,
    GoodPractice,
    PracticeStatus,
    PracticeTransfer,
    TransferStage,
)
from learninglab.practices.services.practice import practice_missing

pytestmark = pytest.mark.django_db

EXPECTED = {
    "open-design-school": ("matera", "it"),
    "launch-game": ("leeuwarden", "nl"),
    "blokhuispoort": ("leeuwarden", "nl"),
    "rinovatori": ("rijeka", "hr"),
    "creative-vouchers": ("timisoara", "ro"),
    "open-modernist-doors": ("kaunas", "lt"),
}
TEXTS = ("title", "summary", "problem", "activities", "evidence", "transfer_potential")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_six_practices_are_published_in_english_and_their_partners_language(demo):
    practices = {p.slug: p for p in GoodPractice.objects.select_related("partner")}

    assert set(practices) == set(EXPECTED)
    for slug, (partner, language) in EXPECTED.items():
        practice = practices[slug]
        assert practice.partner.slug == partner
        assert practice.status == PracticeStatus.PUBLISHED
        for name in TEXTS:
            assert set(getattr(practice, name).languages) == {language, "en"}, (slug, name)
        assert practice_missing(practice) == []
        assert practice.latitude is not None and practice.longitude is not None
        assert practice.keywords and practice.topics.exists()
        assert practice.budget_eur and practice.people_involved
        assert practice.city == practice.partner.city


def test_the_review_happened_and_the_experts_validated_one(demo):
    validated = GoodPractice.objects.filter(expert_validated_at__isnull=False)

    assert [p.slug for p in validated] == ["open-design-school"]
    assert validated[0].expert_opinion.get("en")
    kinds = list(validated[0].events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.CREATED,
        EventKind.SUBMITTED,
        EventKind.APPROVED,
        EventKind.VALIDATED,
    ]
    entries = AuditEntry.objects.filter(action__startswith="practices.")
    assert set(entries.values_list("via", flat=True)) == {Via.CLI}


def test_timisoaras_labs_present_the_practices(demo):
    second = Lab.objects.get(slug="timisoara-lll-2")
    third = Lab.objects.get(slug="timisoara-lll-3")

    (presenting,) = [item for item in second.agenda.all() if item.practices.exists()]
    assert {p.slug for p in presenting.practices.all()} == {
        "open-design-school",
        "launch-game",
        "blokhuispoort",
        "rinovatori",
    }
    presented_third = {p.slug for item in third.agenda.all() for p in item.practices.all()}
    assert presented_third == {"creative-vouchers", "open-modernist-doors"}


def test_the_practice_page_of_matera_lists_timisoaras_lab_and_the_actions_it_inspired(demo, client):
    response = client.get(reverse("practices:detail", args=["open-design-school"]))

    found = [(a.kind, a.url.split("#")[0]) for a in response.context["appearances"]]
    public_plan = reverse("actionplans:public_plan", args=["timisoara-rop-west"])
    # Two actions of Timișoara's public plan; Kaunas's plan is a draft, not public.
    assert sorted(url for _kind, url in found) == sorted(
        [reverse("labs:public", args=["timisoara-lll-2"]), public_plan, public_plan]
    )


def test_timisoara_studied_materas_open_design_school(demo, client):
    (transfer,) = PracticeTransfer.objects.select_related("practice", "partner")

    assert (transfer.practice.slug, transfer.partner.slug, transfer.stage) == (
        "open-design-school",
        "timisoara",
        TransferStage.STUDIED,
    )
    assert transfer.on == datetime.date(2020, 2, 12)
    page = client.get(reverse("practices:transfers", args=["timisoara"])).content.decode()
    assert "Open Design School of Matera 2019" in page


def test_a_second_load_adds_no_practice_nor_transfer(demo):
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert "Demo data already loaded" in out.getvalue()
    assert GoodPractice.objects.count() == 6
    assert PracticeTransfer.objects.count() == 1
