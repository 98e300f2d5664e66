"""The practice form cleans what people type, says what is wrong, and carries the limits."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.practices.forms import (
    TEXT_FIELDS,
    ImageForm,
    PracticeForm,
    StepForm,
    links_text,
    parse_links,
)
from learninglab.practices.limits import limit
from learninglab.practices.models import EventKind, Progress, Topic
from learninglab.practices.services.practice import TEXTS

pytestmark = pytest.mark.django_db


def filled(**changes: str) -> dict[str, str]:
    """Return the POST data of a complete practice of Timișoara, with ``changes``."""
    data = {
        "title_ro": "Atelierul de design deschis",
        "title_en": "The open design workshop",
        "summary_en": "Makers and SMEs design the city's programme together.",
        "country": "ro",
        "nuts2": "ro42",
        "city": "Timișoara",
        "progress": Progress.ONGOING,
        "started_on": "2019-03-01",
        "topics": [Topic.SME_COMPETITIVENESS],
        "identified_in_project": "on",
    }
    data.update(changes)
    return data


def test_every_text_is_offered_in_the_partners_languages_and_english(partner):
    form = PracticeForm(partner=partner)
    assert list(TEXT_FIELDS) == list(TEXTS)  # every text of the record has its field

    html = str(form["summary"])

    assert 'name="summary_ro"' in html and 'name="summary_en"' in html
    assert 'lang="ro"' in html


def test_the_limits_of_limits_py_reach_the_inputs_twice(partner):
    form = PracticeForm(partner=partner)

    summary = str(form["summary"])
    keywords = str(form["keywords"])

    assert f'maxlength="{limit("summary")}" data-limit="{limit("summary")}"' in summary
    assert f'data-limit="{limit("keywords")}"' in keywords
    assert f"Up to {limit('summary')} characters in each language." in form["summary"].help_text


def test_a_line_break_counts_as_one_character_as_in_the_browser(partner):
    # The browser counts "\n" against maxlength, and sends "\r\n".
    text = "\r\n".join(["x" * 99] * 10) + "x"  # 1000 characters as the browser counts them
    assert len(text) > limit("summary")
    form = PracticeForm(filled(summary_en=text), partner=partner)

    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["summary"]["en"]) == limit("summary")


def test_a_text_over_its_limit_is_refused_and_kept(partner):
    too_long = "a" * (limit("title") + 1)
    form = PracticeForm(filled(title_en=too_long), partner=partner)

    assert not form.is_valid()
    assert "English:" in form.errors["title"][0]
    assert too_long in str(form["title"])


def test_numbers_are_read_as_people_type_them(partner):
    form = PracticeForm(
        filled(budget_eur="1 200 000,50", latitude="45,7537234", longitude="21.22571"),
        partner=partner,
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget_eur"] == Decimal("1200000.50")
    assert form.cleaned_data["latitude"] == Decimal("45.75372")


def test_a_number_that_is_not_one_says_so_and_stays_in_its_input(partner):
    form = PracticeForm(filled(people_involved="about twenty"), partner=partner)

    assert not form.is_valid()
    assert form.errors["people_involved"] == ["Enter a whole number."]
    assert 'value="about twenty"' in str(form["people_involved"])
    assert 'type="text"' in str(form["people_involved"])  # a number input would drop it


def test_a_map_point_needs_both_coordinates(partner):
    form = PracticeForm(filled(latitude="45.75372"), partner=partner)

    assert form.errors["longitude"] == ["Give both the latitude and the longitude, or neither."]
    assert 'value="45.75372"' in str(form["latitude"])


def test_dates_must_follow_each_other_and_a_completed_practice_needs_its_end(partner):
    backwards = PracticeForm(filled(ended_on="2018-01-01"), partner=partner)
    completed = PracticeForm(filled(progress=Progress.COMPLETED), partner=partner)

    assert backwards.errors["ended_on"] == ["The end cannot be before the start."]
    assert completed.errors["ended_on"] == ["Give the end date of a completed practice."]


def test_country_and_nuts_codes_are_checked_and_written_in_capitals(partner):
    good = PracticeForm(filled(), partner=partner)
    bad = PracticeForm(filled(country="R0", nuts2="42"), partner=partner)

    assert good.is_valid(), good.errors
    assert (good.cleaned_data["country"], good.cleaned_data["nuts2"]) == ("RO", "RO42")
    assert bad.errors["country"] == ["Write the country's two-letter code, e.g. RO."]
    assert bad.errors["nuts2"] == ["Write the region's NUTS code, e.g. RO42."]


def test_links_are_one_per_line_with_an_optional_label():
    links, problems = parse_links(
        "https://example.org/odsm Open Design School\n"
        "\n"
        "www.example.ro | Raport final\r\n"
        "http://example.it"
    )

    assert problems == []
    assert [(link.url, link.label) for link in links] == [
        ("https://example.org/odsm", "Open Design School"),
        ("https://www.example.ro", "Raport final"),
        ("http://example.it", ""),
    ]


def test_a_line_that_is_not_an_address_is_named_by_its_number(partner):
    form = PracticeForm(filled(links="https://example.org\nsee our website"), partner=partner)

    assert not form.is_valid()
    assert form.errors["links"] == ["Line 2: “see our website” is not a web address."]
    assert "see our website" in str(form["links"])


def test_stored_links_come_back_as_the_form_takes_them(partner):
    text = links_text([{"url": "https://example.org", "label": "Site"}, {"url": "https://a.eu"}])
    links, problems = parse_links(text)

    assert text == "https://example.org | Site\nhttps://a.eu"
    assert [(link.url, link.label) for link in links] == [
        ("https://example.org", "Site"),
        ("https://a.eu", ""),
    ]
    assert problems == []


def test_the_contact_is_chosen_from_the_partners_directory_without_erased_people(
    partner, other_partner
):
    ioana = StakeholderFactory(
        partner=partner,
        first_name="Ioana",
        last_name="Marin",
        organisation=OrganisationFactory(partner=partner, name="Banat IT"),
    )
    StakeholderFactory(partner=partner, first_name="Gone", erased_at=timezone.now())
    giulia = StakeholderFactory(partner=other_partner, first_name="Giulia")
    form = PracticeForm(partner=partner)

    choices = [label for _value, label in form.fields["contact"].choices]

    assert choices[1:] == ["Ioana Marin — Banat IT"]
    refused = PracticeForm(filled(contact=str(giulia.pk)), partner=partner)
    assert "contact" in refused.errors
    chosen = PracticeForm(filled(contact=str(ioana.pk)), partner=partner)
    assert chosen.is_valid(), chosen.errors


def test_a_new_practice_starts_where_its_partner_is(partner):
    form = PracticeForm(partner=partner)

    assert form["country"].value() == "RO"
    assert form["city"].value() == "Timișoara"


def test_the_forms_data_keeps_texts_in_languages_it_does_not_show(partner, draft):
    draft.summary = {"it": "Riassunto", "en": "Summary"}
    draft.save()
    form = PracticeForm(
        filled(summary_en="New summary"),
        partner=partner,
        practice=draft,
    )

    assert form.is_valid(), form.errors
    data = form.practice_data()
    assert data.summary == {"it": "Riassunto", "en": "New summary"}
    assert data.started_on == datetime.date(2019, 3, 1)
    assert list(data.topics) == [Topic.SME_COMPETITIVENESS]


def test_a_picture_needs_its_description_in_every_language_of_the_practice(draft):
    from learninglab.practices.tests.conftest import png_upload

    form = ImageForm({"alt_text_en": "Makers"}, {"file": png_upload()}, practice=draft)

    assert not form.is_valid()
    assert form.errors["alt_text"] == ["Describe the picture in Romanian."]
    assert 'value="Makers"' in str(form["alt_text"])


def test_the_comment_is_required_where_the_step_must_say_why(draft):
    returning = StepForm(
        {"review-comment": " "},
        practice=draft,
        prefix="review",
        kinds=[EventKind.APPROVED, EventKind.RETURNED, EventKind.DECLINED],
        comment_required=True,
    )
    approving = StepForm(
        {"review-comment": ""},
        practice=draft,
        prefix="review",
        kinds=[EventKind.APPROVED, EventKind.RETURNED, EventKind.DECLINED],
    )

    assert returning.errors["comment"] == [
        "Write a comment: the partner needs to know why, or what to add."
    ]
    assert approving.is_valid()
