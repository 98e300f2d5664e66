"""The public page of a practice: the whole record in the visitor's language, fallbacks
marked, pictures with their description, documents, where it was presented, who learns
from it, and its contact person only with their consent."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.practices import appearances
from learninglab.practices.models import PracticeStatus, TransferStage
from learninglab.practices.services.transfer import transfer_record
from learninglab.practices.tests.factories import PracticeFactory, document_of, image_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(partner, staff):
    return PracticeFactory(
        partner=partner,
        created_by=staff,
        slug="open-design-workshop",
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
        title={"ro": "Atelierul de design deschis", "en": "The open design workshop"},
        summary={
            "ro": "Meșteșugarii și IMM-urile creează împreună programul cultural.",
            "en": "Makers and SMEs design the city's cultural programme together.",
        },
        problem={"en": "Local SMEs did not take part in culture."},
        budget_eur=120000,
        people_involved=6,
        ended_on=datetime.date(2022, 12, 31),
        progress="completed",
        links=[{"url": "https://example.org/ods", "label": "Open Design School"}],
        keywords="makerspace, design",
    )


def public_page(client, practice, **query) -> str:
    response = client.get(reverse("practices:detail", args=[practice.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_record_is_laid_out_like_the_programmes_form(client, practice):
    content = public_page(client, practice)

    headings = re.findall(r"<h[23][^>]*>([^<]+)", content)
    assert headings[:6] == [
        "Summary",
        "Detailed description",
        "The problem it addresses",
        "What was done",
        "Resources needed",
        "Evidence of success",
    ]
    assert "Potential for learning or transfer" in headings
    assert "Main stakeholders and beneficiaries" not in headings  # not written: left out
    assert 'Timișoara <span class="muted">(NUTS 2: RO42)</span>, RO' in content
    assert "March 2019 to December 2022 · Completed" in content
    assert "120,000 EUR" in content
    assert "SME competitiveness" in content
    assert '<a href="https://example.org/ods" rel="noopener">Open Design School</a>' in content


@pytest.mark.parametrize(
    ("language", "start", "end"),
    [
        ("hr", "ožujak 2019.", "prosinac 2022."),  # the year is an ordinal: its full stop
        ("lt", "2019 m. kovas", "2022 m. gruodis"),  # the year first, as "metai"
        ("it", "marzo 2019", "dicembre 2022"),
    ],
)
def test_the_timescale_writes_month_and_year_as_the_language_does(
    client, practice, language, start, end
):
    content = public_page(client, practice, lang=language)

    timescale = content[content.index(start) :]
    assert end in timescale[:80]


def test_the_visitor_reads_it_in_their_language_and_a_missing_text_is_marked(client, practice):
    content = public_page(client, practice, lang="ro")

    assert '<html lang="ro"' in content
    assert "<h1>Atelierul de design deschis</h1>" in content
    assert "Meșteșugarii și IMM-urile" in content
    # The problem is written in English only: shown in English, and said to be.
    problem = content[content.index('id="problem-heading"') :]
    problem = problem[: problem.index("</section>")]
    assert 'class="fallback-note"' in problem
    assert '<div lang="en"><p>Local SMEs did not take part in culture.</p></div>' in problem


def test_the_browsers_language_chooses_the_page_language(client, practice):
    response = client.get(
        reverse("practices:detail", args=[practice.slug]), HTTP_ACCEPT_LANGUAGE="ro-RO,ro;q=0.9"
    )

    assert '<html lang="ro"' in response.content.decode()


def test_an_english_reader_gets_the_partners_text_when_there_is_no_english(client, practice):
    practice.summary = {"ro": "Doar în română."}
    practice.save()

    content = public_page(client, practice, lang="en")

    summary = content[content.index('id="summary-heading"') :]
    assert "in Romanian" in summary[:300]
    assert '<div lang="ro"><p>Doar în română.</p></div>' in summary


def test_pictures_carry_their_description_and_documents_are_downloaded(client, practice):
    image = image_of(practice, ro="Meșteșugari la lucru", en="Makers at work")
    document = document_of(practice, title="Final report")

    english = public_page(client, practice, lang="en")
    romanian = public_page(client, practice, lang="ro")

    image_url = reverse("practices:public_image", args=[practice.slug, image.pk])
    document_url = reverse("practices:public_document", args=[practice.slug, document.pk])
    assert f'<img src="{image_url}" alt="Makers at work"' in english
    assert 'alt="Meșteșugari la lucru"' in romanian
    assert f'<a href="{document_url}" download>Final report</a>' in english
    assert client.get(image_url)["Content-Type"] == "image/png"
    download = client.get(document_url)
    assert download["Content-Disposition"].startswith("attachment")


def test_the_files_of_an_unpublished_practice_are_not_public(client, partner):
    draft = PracticeFactory(partner=partner)
    image, document = image_of(draft), document_of(draft)

    assert client.get(reverse("practices:detail", args=[draft.slug])).status_code == 404
    for name, item in (("public_image", image), ("public_document", document)):
        assert client.get(reverse(f"practices:{name}", args=[draft.slug, item.pk])).status_code == (
            404
        )


def test_the_contact_is_named_only_if_they_agreed_to_be_listed_publicly(client, partner, practice):
    person = StakeholderFactory(
        partner=partner,
        first_name="Ioana",
        last_name="Marin",
        email="ioana.marin@example.ro",
        phone="+40731540977",
        organisation=OrganisationFactory(partner=partner, name="Banat IT"),
    )
    practice.contact = person
    practice.save()

    unlisted = public_page(client, practice)
    ConsentFactory(stakeholder=person, purpose="public_listing", given=True)
    listed = public_page(client, practice)

    assert "Ioana Marin" not in unlisted
    assert "Through the project partner: Municipality of Timișoara (ECoC-SME)." in unlisted
    assert "Ioana Marin, Banat IT" in listed
    assert "ioana.marin@example.ro" not in listed and "+40731540977" not in listed


def test_the_experts_validation_is_marked_with_their_opinion(client, practice):
    practice.expert_validated_at = timezone.now()
    practice.expert_opinion = {"en": "Well measured.", "ro": "Bine măsurată."}
    practice.save()

    english = public_page(client, practice)
    romanian = public_page(client, practice, lang="ro")

    assert "Validated by the programme's experts on" in english
    assert "Well measured." in english
    assert "Bine măsurată." in romanian and "Well measured." not in romanian


def test_where_it_was_presented_and_who_learns_from_it(
    client, practice, other_partner, other_staff, monkeypatch
):
    def presented(item, user):
        return [
            appearances.Appearance(
                kind="Lab",
                title="Creative SMEs, round 2",
                url="/events/round-2/",
                date=datetime.date(2024, 5, 14),
            )
        ]

    monkeypatch.setattr(appearances, "_appearances", [presented])
    transfer_record(
        actor=other_staff,
        practice=practice,
        partner=other_partner,
        stage=TransferStage.STUDIED,
        on=datetime.date(2024, 6, 1),
        note="A study visit to the workshop.",
    )

    content = public_page(client, practice)

    assert 'Lab: <a href="/events/round-2/">Creative SMEs, round 2</a>' in content
    assert "<strong>Matera</strong> (Materahub): Studied" in content
    assert "A study visit to the workshop." in content


def test_a_practice_in_review_is_not_public(client, draft):
    for status in (PracticeStatus.SUBMITTED, PracticeStatus.RETURNED, PracticeStatus.DECLINED):
        draft.status = status
        draft.save()
        assert client.get(reverse("practices:detail", args=[draft.slug])).status_code == 404
