"""Clean names, e-mail addresses and phone numbers as people type or export them."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from learninglab.core.text import clean_spaces, fix_romanian_diacritics, fold

if TYPE_CHECKING:
    from learninglab.stakeholders.models import Stakeholder

# Dashes, dots, slashes and brackets that offices put between digit groups.
_PHONE_SEPARATORS = re.compile(r"[\s\u2010-\u2015\u2212.\-/()\u00a0]+")


def normalize_name(value: str) -> str:
    """Return a name with single spaces and Romanian comma-below letters."""
    return fix_romanian_diacritics(clean_spaces(value or ""))


def search_text_of(person: Stakeholder) -> str:
    """Return what the directory's search matches a person by: names, e-mail, role, organisation.

    Folded (no case, no diacritics), so that "stefan" finds "Ștefan".
    """
    parts = [person.first_name, person.last_name, person.email, person.position]
    if person.organisation is not None:
        parts.append(person.organisation.name)
    return fold(" ".join(p for p in parts if p))[:600]


def normalize_email(value: str) -> str:
    """Return the address trimmed and in lower case; raise ``ValidationError`` if malformed."""
    email = (value or "").strip().strip("<>").strip().lower()
    if not email:
        return ""
    validate_email(email)
    return email


def normalize_phone(value: str, *, country: str) -> str:
    """Return the number in E.164 (``+40731540977``), read in ``country`` when not international.

    ``0731.540.977``, ``0256 – 408.371`` and ``+40 256 592 111`` are all understood.
    Raise ``ValidationError`` for text that is not a possible phone number.
    """
    raw = (value or "").strip()
    if not raw:
        return ""
    compact = _PHONE_SEPARATORS.sub("", raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    try:
        number = phonenumbers.parse(compact, (country or "").upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), params={"value": raw}
        ) from exc
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("“%(value)s” is not a phone number."), params={"value": raw})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=4096)
def format_phone(e164: str) -> str:
    """Return an E.164 number in international notation for display (``+40 731 540 977``).

    The same few numbers (a lab's contacts) are shown on every invited person's page:
    the latest are kept rather than parsed again.
    """
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
