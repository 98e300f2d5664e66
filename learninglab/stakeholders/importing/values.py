"""Read the words people type in the type, language and consent columns.

Each word is compared without case, diacritics, spaces or punctuation (``header_key``), so
"S.R.L.", "srl" and "SRL" are one word, and so are "Universitatea" and "universitatea".
The organisation types are the words the partners' offices use, in English, Romanian,
Italian, Dutch, Croatian and Lithuanian, legal forms included (SRL, d.o.o., UAB, B.V.).
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from learninglab.stakeholders.importing.columns import header_key
from learninglab.stakeholders.models import OrganisationType

ORGANISATION_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    OrganisationType.SME: (
        "SME",
        "SMEs",
        "Small and medium enterprise",
        "Company",
        "Business",
        "Private company",
        "IMM",
        "IMM-uri",
        "Întreprindere mică sau mijlocie",
        "Întreprindere mică și mijlocie",
        "Firmă",
        "Companie",
        "Societate comercială",
        "SRL",
        "PFA",
        "PMI",
        "PMI-e",
        "Piccola e media impresa",
        "Piccole e medie imprese",
        "Impresa",
        "Azienda",
        "Srl",
        "MKB",
        "MKB-bedrijf",
        "Midden- en kleinbedrijf",
        "Bedrijf",
        "Onderneming",
        "BV",
        "MSP",
        "Malo i srednje poduzeće",
        "Mala i srednja poduzeća",
        "Poduzeće",
        "Tvrtka",
        "d.o.o.",
        "Obrt",
        "MVĮ",
        "Mažoji ir vidutinė įmonė",
        "Mažos ir vidutinės įmonės",
        "Įmonė",
        "UAB",
    ),
    OrganisationType.CULTURAL: (
        "Cultural",
        "Creative",
        "Cultural/creative",
        "Cultural or creative",
        "Cultural organisation",
        "Creative industries",
        "Cultural",
        "Cultural și creativ",
        "Cultural/creativ",
        "Organizație culturală",
        "Instituție culturală",
        "Cultură",
        "Creativ",
        "Industrii creative",
        "Muzeu",
        "Teatru",
        "Cultura",
        "Culturale",
        "Organizzazione culturale",
        "Industrie creative",
        "Museo",
        "Teatro",
        "Cultuur",
        "Culturele organisatie",
        "Culturele instelling",
        "Creatieve industrie",
        "Museum",
        "Kultura",
        "Kulturna ustanova",
        "Kulturna organizacija",
        "Kreativne industrije",
        "Muzej",
        "Kazalište",
        "Kultūra",
        "Kultūros įstaiga",
        "Kultūros organizacija",
        "Kūrybinės industrijos",
        "Muziejus",
        "Teatras",
    ),
    OrganisationType.PUBLIC_AUTHORITY: (
        "Public authority",
        "Public administration",
        "Local authority",
        "Municipality",
        "Public",
        "Autoritate publică",
        "Administrație publică",
        "Autoritate locală",
        "Instituție publică",
        "Primărie",
        "Primăria",
        "Consiliu județean",
        "Pubblica amministrazione",
        "Ente pubblico",
        "Ente locale",
        "Comune",
        "Provincia",
        "Regione",
        "Overheid",
        "Gemeente",
        "Provincie",
        "Lokale overheid",
        "Javna uprava",
        "Javno tijelo",
        "Grad",
        "Općina",
        "Županija",
        "Savivaldybė",
        "Viešasis sektorius",
        "Valstybės institucija",
    ),
    OrganisationType.UNIVERSITY: (
        "University",
        "Research",
        "University/research",
        "Academia",
        "Universitate",
        "Universitatea",
        "Cercetare",
        "Universitate/cercetare",
        "Institut de cercetare",
        "Mediul academic",
        "Università",
        "Ricerca",
        "Università/ricerca",
        "Istituto di ricerca",
        "Universiteit",
        "Hogeschool",
        "Onderzoek",
        "Kennisinstelling",
        "Sveučilište",
        "Fakultet",
        "Veleučilište",
        "Istraživanje",
        "Universitetas",
        "Kolegija",
        "Mokslas",
        "Mokslo institutas",
    ),
    OrganisationType.BUSINESS_SUPPORT: (
        "Chamber",
        "Chamber of commerce",
        "Business support",
        "Business support/chamber",
        "Cluster",
        "Incubator",
        "Cameră de comerț",
        "Camera de comerț și industrie",
        "Sprijin pentru afaceri",
        "Suport pentru afaceri",
        "Camera di commercio",
        "Associazione di categoria",
        "Incubatore",
        "KvK",
        "Kamer van Koophandel",
        "Brancheorganisatie",
        "HGK",
        "Gospodarska komora",
        "Hrvatska gospodarska komora",
        "Obrtnička komora",
        "Prekybos rūmai",
        "Prekybos, pramonės ir amatų rūmai",
        "Verslo asociacija",
    ),
    OrganisationType.NGO: (
        "NGO",
        "Non-profit",
        "Association",
        "Foundation",
        "Civil society",
        "ONG",
        "Asociație",
        "Asociația",
        "Fundație",
        "Fundația",
        "Societate civilă",
        "Organizație neguvernamentală",
        "Associazione",
        "Fondazione",
        "Terzo settore",
        "ONLUS",
        "Vereniging",
        "Stichting",
        "Maatschappelijke organisatie",
        "NVO",
        "Udruga",
        "Zaklada",
        "Civilno društvo",
        "Nevladina organizacija",
        "Asociacija",
        "Labdaros fondas",
        "Nevyriausybinė organizacija",
    ),
    OrganisationType.ECOC_BODY: (
        "ECoC",
        "ECoC body",
        "European Capital of Culture",
        "Capitală europeană a culturii",
        "Capitala europeană a culturii",
        "Capitale europea della cultura",
        "Culturele Hoofdstad van Europa",
        "Europska prijestolnica kulture",
        "Europos kultūros sostinė",
    ),
    OrganisationType.OTHER: (
        "Other",
        "Altele",
        "Alta",
        "Altul",
        "Altă",
        "Altro",
        "Overig",
        "Anders",
        "Ostalo",
        "Kita",
    ),
}

LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("English", "Engleză", "Engleza"),
    "ro": ("Romanian", "Română", "Romana", "Limba română"),
    "it": ("Italian", "Italiano", "Italiană"),
    "nl": ("Dutch", "Nederlands", "Olandeză", "Neerlandeză"),
    "fy": ("Frisian", "West Frisian", "Frysk", "Frizonă"),
    "hr": ("Croatian", "Hrvatski", "Croată"),
    "lt": ("Lithuanian", "Lietuvių", "Lituaniană"),
    "fi": ("Finnish", "Suomi", "Finlandeză"),
    "hu": (
        "Hungarian",
        "Magyar",
        "Maghiară",
        "Limba maghiară",
        "Ungherese",
        "Hongaars",
        "Mađarski",
        "Vengrų",
    ),
    "de": (
        "German",
        "Deutsch",
        "Germană",
        "Limba germană",
        "Tedesco",
        "Duits",
        "Njemački",
        "Vokiečių",
    ),
    "sr": ("Serbian", "Srpski", "Српски", "Sârbă", "Limba sârbă", "Serbo", "Servisch", "Serbų"),
}

# The export writes the translated "yes" and "no"; the rest is what people type.
_YES = gettext_lazy("yes")
_NO = gettext_lazy("no")
CONSENT_WORDS: dict[bool, tuple[str, ...]] = {
    True: ("yes", "y", "da", "d", "x", "1", "true", "given", "consent given", "dat", "ja", "oui"),
    False: ("no", "n", "nu", "0", "false", "withdrawn", "consent withdrawn", "refuzat"),
}
_TICKS = ("✓", "✔", "☑", "✗", "✘")


def _translated(labels: dict[str, object]) -> dict[str, str]:
    """Return header key of each label, in every interface language → its code."""
    keys: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in labels.items():
                keys.setdefault(header_key(str(label)), value)
    return keys


@functools.cache
def _organisation_types() -> dict[str, str]:
    keys = {header_key(str(value)): str(value) for value in OrganisationType.values}
    for value, words in ORGANISATION_TYPE_WORDS.items():
        for word in words:
            keys.setdefault(header_key(word), str(value))
    for key, value in _translated(dict(OrganisationType.choices)).items():
        keys.setdefault(key, value)
    return keys


@functools.cache
def _languages() -> dict[str, str]:
    codes = [code for code, _name in settings.STAKEHOLDER_LANGUAGES]
    keys = {code: code for code in codes}
    for code, words in LANGUAGE_WORDS.items():
        if code in codes:
            for word in words:
                keys.setdefault(header_key(word), code)
    for key, value in _translated(dict(settings.STAKEHOLDER_LANGUAGES)).items():
        keys.setdefault(key, value)
    return keys


def organisation_type_of(text: str) -> str | None:
    """Return the organisation type that ``text`` names (``"Primărie"`` → public authority).

    Return ``None`` when the words are not known.
    """
    return _organisation_types().get(header_key(text))


def language_of(text: str) -> str | None:
    """Return the language code that ``text`` names (``"ro"``, ``"ro-RO"``, ``"Română"``)."""
    languages = _languages()
    found = languages.get(header_key(text))
    if found is None:
        # A locale such as ro-RO or en_GB: its first part is the language.
        first = re.split(r"[-_\s]", text.strip().lower(), maxsplit=1)[0]
        found = languages.get(first) if first in dict(settings.STAKEHOLDER_LANGUAGES) else None
    return found


def consent_of(text: str) -> bool | None:
    """Return True for yes, da, x, 1, true…; False for no, nu, 0, false…; None if unknown."""
    value = text.strip()
    if value in _TICKS:
        return value in _TICKS[:3]
    key = header_key(value)
    for given, words in CONSENT_WORDS.items():
        if key in {header_key(word) for word in words}:
            return given
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if key == header_key(str(_YES)):
                return True
            if key == header_key(str(_NO)):
                return False
    return None
