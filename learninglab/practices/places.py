"""Where places are: the centre of a European city, and the names of Europe's countries.

The city centres come from GeoNames (``data/places.tsv``, see ``data/README``): every
European place of at least 15,000 people, with the other names of the larger ones, so
that "Roma" finds Rome and "Bucuresti" finds Bucharest. Names are compared with case,
diacritics and punctuation ignored: "Timisoara", "TIMIȘOARA" and "Timişoara" (with the
cedilla GeoNames writes) are one city.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

GAZETTEER = Path(__file__).resolve().parent / "data" / "places.tsv"

# The countries a practice may be in (those of the gazetteer), by ISO code.
COUNTRIES: dict[str, Promise] = {
    "AD": pgettext_lazy("stakeholder", "Andorra"),
    "AL": pgettext_lazy("stakeholder", "Albania"),
    "AT": pgettext_lazy("stakeholder", "Austria"),
    "AX": pgettext_lazy("stakeholder", "Åland Islands"),
    "BA": pgettext_lazy("stakeholder", "Bosnia and Herzegovina"),
    "BE": pgettext_lazy("stakeholder", "Belgium"),
    "BG": pgettext_lazy("stakeholder", "Bulgaria"),
    "BY": pgettext_lazy("stakeholder", "Belarus"),
    "CH": pgettext_lazy("stakeholder", "Switzerland"),
    "CY": pgettext_lazy("stakeholder", "Cyprus"),
    "CZ": pgettext_lazy("stakeholder", "Czechia"),
    "DE": pgettext_lazy("stakeholder", "Germany"),
    "DK": pgettext_lazy("stakeholder", "Denmark"),
    "EE": pgettext_lazy("stakeholder", "Estonia"),
    "ES": pgettext_lazy("stakeholder", "Spain"),
    "FI": pgettext_lazy("stakeholder", "Finland"),
    "FO": pgettext_lazy("stakeholder", "Faroe Islands"),
    "FR": pgettext_lazy("stakeholder", "France"),
    "GB": pgettext_lazy("stakeholder", "United Kingdom"),
    "GG": pgettext_lazy("stakeholder", "Guernsey"),
    "GI": pgettext_lazy("stakeholder", "Gibraltar"),
    "GR": pgettext_lazy("stakeholder", "Greece"),
    "HR": pgettext_lazy("stakeholder", "Croatia"),
    "HU": pgettext_lazy("stakeholder", "Hungary"),
    "IE": pgettext_lazy("stakeholder", "Ireland"),
    "IM": pgettext_lazy("stakeholder", "Isle of Man"),
    "IS": pgettext_lazy("stakeholder", "Iceland"),
    "IT": pgettext_lazy("stakeholder", "Italy"),
    "JE": pgettext_lazy("stakeholder", "Jersey"),
    "LI": pgettext_lazy("stakeholder", "Liechtenstein"),
    "LT": pgettext_lazy("stakeholder", "Lithuania"),
    "LU": pgettext_lazy("stakeholder", "Luxembourg"),
    "LV": pgettext_lazy("stakeholder", "Latvia"),
    "MC": pgettext_lazy("stakeholder", "Monaco"),
    "MD": pgettext_lazy("stakeholder", "Moldova"),
    "ME": pgettext_lazy("stakeholder", "Montenegro"),
    "MK": pgettext_lazy("stakeholder", "North Macedonia"),
    "MT": pgettext_lazy("stakeholder", "Malta"),
    "NL": pgettext_lazy("stakeholder", "Netherlands"),
    "NO": pgettext_lazy("stakeholder", "Norway"),
    "PL": pgettext_lazy("stakeholder", "Poland"),
    "PT": pgettext_lazy("stakeholder", "Portugal"),
    "RO": pgettext_lazy("stakeholder", "Romania"),
    "RS": pgettext_lazy("stakeholder", "Serbia"),
    "SE": pgettext_lazy("stakeholder", "Sweden"),
    "SI": pgettext_lazy("stakeholder", "Slovenia"),
    "SK": pgettext_lazy("stakeholder", "Slovakia"),
    "SM": pgettext_lazy("stakeholder", "San Marino"),
    "UA": pgettext_lazy("stakeholder", "Ukraine"),
    "VA": pgettext_lazy("stakeholder", "Vatican City"),
    "XK": pgettext_lazy("stakeholder", "Kosovo"),
}

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th"}
)


class Point(NamedTuple):
    """A point on the map, as the practice stores it."""

    latitude: Decimal
    longitude: Decimal


def fold(name: str) -> str:
    """Return ``name`` as the gazetteer compares it: lower case, without diacritics, its
    words separated by single spaces ("Cluj-Napoca" and "cluj napoca" are the same)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", bare))


@functools.cache
def _centres() -> dict[tuple[str, str], Point]:
    """Return the gazetteer as (country, folded name) → centre.

    A place's own name comes before another place's other name, and a larger place
    before a smaller one of the same name (the file lists each country's places by
    population, the largest first).
    """
    own: dict[tuple[str, str], Point] = {}
    other: dict[tuple[str, str], Point] = {}
    with GAZETTEER.open(encoding="utf-8") as lines:
        for line in lines:
            country, name, latitude, longitude, others = line.rstrip("\n").split("\t")
            point = Point(Decimal(latitude), Decimal(longitude))
            own.setdefault((country, fold(name)), point)
            for name_ in filter(None, others.split("|")):
                other.setdefault((country, fold(name_)), point)
    return {**other, **own}


def city_centre(country: str, city: str) -> Point | None:
    """Return the centre of ``city`` in ``country`` (an ISO code), or None when the
    gazetteer does not know it (a place of fewer than 15,000 people, a misspelling)."""
    if not country or not city:
        return None
    return _centres().get((country.upper(), fold(city)))


def country_name(code: str) -> str:
    """Return the name of the country ``code`` in the active language, else the code."""
    return str(COUNTRIES.get(code.upper(), code.upper()))
