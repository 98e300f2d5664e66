"""Which language a stakeholder is written to in, and which one a visitor gets."""

import pytest
from django.test import RequestFactory

from learninglab.core import languages


def request(query: str = "", accept: str = ""):
    return RequestFactory().get(f"/{query}", HTTP_ACCEPT_LANGUAGE=accept)


def test_we_write_in_english_romanian_and_the_partners_languages_but_not_in_finnish():
    assert {"en", "ro", "it", "nl", "hr", "lt"} <= set(languages.written())
    assert "fi" not in languages.written()


@pytest.mark.parametrize(
    ("preferred", "written_in"),
    [("ro", "ro"), ("it", "it"), ("fi", "en"), ("", "en"), (None, "en"), ("xx", "en")],
)
def test_a_person_is_written_to_in_their_language_or_english(preferred, written_in):
    assert languages.for_person(preferred) == written_in


@pytest.mark.parametrize(
    ("preferred", "partner_language", "written_in"),
    [
        ("hu", "ro", "ro"),  # a Hungarian speaker of Timișoara reads Romanian
        ("sr", "hr", "hr"),
        ("fy", "nl", "nl"),
        ("de", "fi", "en"),  # no catalogue for the partner's language either
        ("it", "ro", "it"),  # their own language first whenever we write in it
        ("", "lt", "lt"),
    ],
)
def test_without_their_language_a_person_gets_the_partner_s_then_english(
    preferred, partner_language, written_in
):
    assert languages.for_person(preferred, partner_language=partner_language) == written_in


def test_a_known_person_s_language_wins_over_the_browser_s():
    assert languages.chosen_language(request(accept="it-IT,it;q=0.9"), "ro") == "ro"
    assert languages.chosen_language(request("?lang=it"), "ro") == "it"
    assert languages.chosen_language(request("?lang=fi"), "ro") == "ro"
    assert languages.chosen_language(request(), "fi") == "en"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("it-IT,it;q=0.9,en;q=0.8", "it"),
        ("fi-FI,fi;q=0.9,lt;q=0.5", "lt"),
        ("fi", "ro"),
        ("en;q=0, nl", "nl"),
        ("", "ro"),
        ("garbage;;q=x", "ro"),
        ("*, lt;q=0.2", "lt"),
        ("NL-BE;q=0.5, HR;q=0.5", "nl"),  # equally wanted: the first one
        ("fi, hr;q=0.4, it;q=0.6", "it"),
    ],
)
def test_an_unknown_visitor_gets_the_first_language_of_their_browser_we_write_in(accept, expected):
    assert languages.visitor_language(request(accept=accept), "ro") == expected


def test_the_address_can_ask_for_a_language():
    assert languages.visitor_language(request("?lang=hr", accept="it"), "ro") == "hr"
