import pytest
from django.core.exceptions import ValidationError

from learninglab.stakeholders.normalize import (
    format_phone,
    normalize_email,
    normalize_name,
    normalize_phone,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0731.540.977", "+40731540977"),
        ("0256 – 408.371", "+40256408371"),
        ("+40 256 592 111", "+40256592111"),
        ("0040 256 592 111", "+40256592111"),
        ("(0256) 408 371", "+40256408371"),
        ("0731-540-977", "+40731540977"),
        ("0731/540\u00a0977", "+40731540977"),
        (" 0731 540 977 ", "+40731540977"),
    ],
)
def test_romanian_numbers_are_stored_in_e164(typed, stored):
    assert normalize_phone(typed, country="RO") == stored


def test_a_number_without_country_code_is_read_in_the_partners_country():
    assert normalize_phone("0835 334 118", country="IT") == "+390835334118"
    assert normalize_phone("0835 334 118", country="it") == "+390835334118"


def test_an_international_number_keeps_its_own_country():
    assert normalize_phone("+39 0835 334 118", country="RO") == "+390835334118"


def test_an_empty_phone_stays_empty():
    assert normalize_phone("", country="RO") == ""
    assert normalize_phone("   ", country="RO") == ""


@pytest.mark.parametrize("junk", ["call the office", "12", "0731 540", "+40 999 999 999 999"])
def test_text_that_is_not_a_phone_number_is_refused(junk):
    with pytest.raises(ValidationError):
        normalize_phone(junk, country="RO")


def test_format_phone_shows_international_notation():
    assert format_phone("+40731540977") == "+40 731 540 977"
    assert format_phone("") == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Ana.Popescu@Example.RO ", "ana.popescu@example.ro"),
        ("<ana@example.ro>", "ana@example.ro"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_emails_are_trimmed_and_lower_cased(typed, stored):
    assert normalize_email(typed) == stored


@pytest.mark.parametrize("malformed", ["ana", "ana@", "@example.ro", "ana popescu@example.ro"])
def test_malformed_emails_are_refused(malformed):
    with pytest.raises(ValidationError):
        normalize_email(malformed)


def test_names_get_comma_below_letters_and_single_spaces():
    assert normalize_name("  Ştefan   Ţepeş ") == "Ștefan Țepeș"
    assert normalize_name("Asociaţia\u00a0Timişoara") == "Asociația Timișoara"
    assert normalize_name("") == ""
