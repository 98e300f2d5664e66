"""The names of the countries a practice can be in, for the public's pages.

A practice keeps its country as an ISO code; the programme covers the EU's 27 countries,
Norway and Switzerland. The names are shown to the public, so they are translated with
the "stakeholder" context.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

COUNTRY_NAMES = {
    "AT": pgettext_lazy("stakeholder", "Austria"),
    "BE": pgettext_lazy("stakeholder", "Belgium"),
    "BG": pgettext_lazy("stakeholder", "Bulgaria"),
    "HR": pgettext_lazy("stakeholder", "Croatia"),
    "CY": pgettext_lazy("stakeholder", "Cyprus"),
    "CZ": pgettext_lazy("stakeholder", "Czechia"),
    "DK": pgettext_lazy("stakeholder", "Denmark"),
    "EE": pgettext_lazy("stakeholder", "Estonia"),
    "FI": pgettext_lazy("stakeholder", "Finland"),
    "FR": pgettext_lazy("stakeholder", "France"),
    "DE": pgettext_lazy("stakeholder", "Germany"),
    "GR": pgettext_lazy("stakeholder", "Greece"),
    "HU": pgettext_lazy("stakeholder", "Hungary"),
    "IE": pgettext_lazy("stakeholder", "Ireland"),
    "IT": pgettext_lazy("stakeholder", "Italy"),
    "LV": pgettext_lazy("stakeholder", "Latvia"),
    "LT": pgettext_lazy("stakeholder", "Lithuania"),
    "LU": pgettext_lazy("stakeholder", "Luxembourg"),
    "MT": pgettext_lazy("stakeholder", "Malta"),
    "NL": pgettext_lazy("stakeholder", "Netherlands"),
    "NO": pgettext_lazy("stakeholder", "Norway"),
    "PL": pgettext_lazy("stakeholder", "Poland"),
    "PT": pgettext_lazy("stakeholder", "Portugal"),
    "RO": pgettext_lazy("stakeholder", "Romania"),
    "SK": pgettext_lazy("stakeholder", "Slovakia"),
    "SI": pgettext_lazy("stakeholder", "Slovenia"),
    "ES": pgettext_lazy("stakeholder", "Spain"),
    "SE": pgettext_lazy("stakeholder", "Sweden"),
    "CH": pgettext_lazy("stakeholder", "Switzerland"),
}


def country_name(code: str) -> str:
    """Return the name of the country ``code`` in the active language, else the code."""
    name = COUNTRY_NAMES.get((code or "").upper())
    return str(name) if name is not None else code
