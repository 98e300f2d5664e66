"""Recognise the columns of a spreadsheet from their headers, in English, Romanian, or, for
the organisation's type, the words of every partner's office (Italian, Dutch, Croatian,
Lithuanian).

Headers are compared without case, diacritics, spaces or punctuation, so "E-mail", "email"
and "E MAIL" are the same header, and so are "Funcție", "Functie" and "FUNCȚIA:". Headers
the import does not know can be mapped to a field by the user.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learninglab.core.text import fold
from learninglab.stakeholders.importing.errors import ImportRejected

# The fields a column can fill, in the order the documentation lists them; "ignore" skips a
# column on purpose.
FIELDS = (
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "organisation",
    "organisation_type",
    "role",
    "language",
    "tags",
    "notes",
    "consent",
)
IGNORE = "ignore"

# The same words as the export's header, so that an export can be imported again.
FIELD_LABELS = {
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "full_name": gettext_lazy("Full name"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "organisation": gettext_lazy("Organisation"),
    "organisation_type": gettext_lazy("Organisation type"),
    "role": gettext_lazy("Role"),
    "language": gettext_lazy("Language"),
    "tags": gettext_lazy("Tags"),
    "notes": gettext_lazy("Notes"),
    "consent": gettext_lazy("Consent to invitations"),
}

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": ("First name", "Given name", "Forename", "Prenume", "Prenumele"),
    "last_name": ("Last name", "Surname", "Family name", "Nume", "Numele", "Nume de familie"),
    "full_name": (
        "Name",
        "Full name",
        "Nume și prenume",
        "Numele și prenumele",
        "Nume prenume",
        "Prenume și nume",
        "Nume complet",
        "Contact person",
        "Persoană de contact",
    ),
    "email": (
        "E-mail",
        "Email",
        "E-mail address",
        "Mail",
        "Adresă de e-mail",
        "Adresă e-mail",
        "Adresa de mail",
    ),
    "phone": (
        "Phone",
        "Phone number",
        "Telephone",
        "Mobile",
        "Telefon",
        "Tel.",
        "Nr. telefon",
        "Nr. tel.",
        "Număr de telefon",
        "Telefon mobil",
        "Mobil",
        "GSM",
    ),
    "organisation": (
        "Organisation",
        "Organization",
        "Company",
        "Institution",
        "Employer",
        "Organizație",
        "Organizația",
        "Instituție",
        "Instituția",
        "Firma",
        "Firmă",
        "Companie",
        "Angajator",
    ),
    # An office that sorts its contacts by sector means the organisation's type too.
    "organisation_type": (
        "Organisation type",
        "Organization type",
        "Type",
        "Type of organisation",
        "Category",
        "Sector",
        "Tip organizație",
        "Tipul organizației",
        "Tip instituție",
        "Tip",
        "Categorie",
        "Tipo di organizzazione",
        "Tipo organizzazione",
        "Tipologia",
        "Tipo ente",
        "Settore",
        "Type organisatie",
        "Soort organisatie",
        "Organisatietype",
        "Vrsta organizacije",
        "Tip organizacije",
        "Sektor",
        "Organizacijos tipas",
        "Tipas",
        "Sektorius",
    ),
    "role": ("Role", "Position", "Job title", "Funcție", "Funcția", "Rol", "Poziție", "Post"),
    "language": ("Language", "Preferred language", "Limba", "Limbă", "Limba preferată"),
    "tags": ("Tags", "Segments", "Segment", "Etichete"),
    "notes": (
        "Notes",
        "Note",
        "Comments",
        "Remarks",
        "Observații",
        "Mențiuni",
        "Comentarii",
    ),
    "consent": (
        "Invitation consent",
        "Consent",
        "Consent to invitations",
        "Consimțământ",
        "Acord",
        "Acord invitații",
        "Acord GDPR",
    ),
}
_IGNORE_WORDS = ("ignore", "skip", "ignoră", "-")

# How many rows from the top may come before the header (a title, a date, a blank line).
HEADER_SEARCH_ROWS = 10


def header_key(value: str) -> str:
    """Return ``value`` without case, diacritics, spaces or punctuation.

    ``header_key("Tip organizație:") == "tiporganizatie"``.
    """
    return "".join(ch for ch in fold(value) if ch.isalnum())


@functools.cache
def _aliases() -> dict[str, str]:
    """Return header key → field, including the field labels in every interface language."""
    known: dict[str, str] = {}
    for field, names in HEADER_ALIASES.items():
        for name in (field, *names):
            known.setdefault(header_key(name), field)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for field, label in FIELD_LABELS.items():
                known.setdefault(header_key(str(label)), field)
    return known


def field_for(name: str) -> str | None:
    """Return the field that a header or a field name stands for, or ``None``."""
    key = header_key(name)
    if key in {header_key(word) for word in _IGNORE_WORDS}:
        return IGNORE
    return _aliases().get(key)


def recognised_headers() -> list[dict[str, str]]:
    """Return, per field, its label and the headers recognised, for the help of the upload."""
    return [
        {"field": field, "label": str(FIELD_LABELS[field]), "headers": ", ".join(names)}
        for field, names in HEADER_ALIASES.items()
    ]


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """Return the user's mapping as their header → field; raise if a field is not known.

    The field may be a field name (``phone``) or a header the import knows (``Telefon``).
    """
    checked: dict[str, str] = {}
    for header, target in mapping.items():
        field = field_for(target)
        if field is None or not header_key(header):
            raise ImportRejected(
                "mapping_invalid",
                _("“%(target)s” is not a field a column can be mapped to. Use one of: %(fields)s.")
                % {"target": target, "fields": ", ".join((*FIELDS, IGNORE))},
            )
        checked[header.strip()] = field
    return checked


@dataclasses.dataclass(frozen=True)
class Columns:
    """Which column holds which field, found in the header row ``row``."""

    row: int
    headers: list[str]
    index: dict[str, int]
    ignored: list[str]

    @property
    def has_name(self) -> bool:
        return bool({"first_name", "last_name", "full_name"} & self.index.keys())

    @property
    def has_contact(self) -> bool:
        return bool({"email", "phone"} & self.index.keys())

    def mapped_headers(self) -> dict[str, str]:
        """Return field → header as found in the file."""
        return {field: self.headers[i] for field, i in self.index.items()}


def resolve(row: int, headers: Sequence[str], mapping: Mapping[str, str]) -> Columns:
    """Return the fields of the header cells ``headers``; the user's ``mapping`` comes first.

    When two columns mean the same field, the leftmost is used and the others are ignored.
    A lone first-name or last-name column is read as the full name.
    """
    known = _aliases()
    mapped = {header_key(header): field for header, field in mapping.items()}
    keys = [header_key(header) for header in headers]
    index: dict[str, int] = {}
    # Columns the user mapped claim their fields first, then the recognised headers.
    for i, key in enumerate(keys):
        field = mapped.get(key)
        if field and field != IGNORE and field not in index:
            index[field] = i
    claimed = set(index.values())
    ignored: list[str] = []
    for i, key in enumerate(keys):
        if not key or i in claimed:
            continue
        field = mapped.get(key) or known.get(key)
        if field is None or field == IGNORE or field in index:
            ignored.append(headers[i].strip())
        else:
            index[field] = i
    names = {"first_name", "last_name", "full_name"} & index.keys()
    if names in ({"first_name"}, {"last_name"}):
        (only,) = names
        index["full_name"] = index.pop(only)
    return Columns(row=row, headers=[h.strip() for h in headers], index=index, ignored=ignored)


def locate(records: Sequence[tuple[int, list[str]]], mapping: Mapping[str, str]) -> Columns:
    """Return the columns of the header row, the first row naming a name and a contact column.

    Raise ``ImportRejected`` naming the headers found and the headers expected when no row
    near the top has them, or when a header of the user's mapping is not in the file.
    """
    if not records:
        raise ImportRejected("file_empty", _("The file has no rows with any text in them."))
    found = None
    for row, cells in records[:HEADER_SEARCH_ROWS]:
        columns = resolve(row, cells, mapping)
        if columns.has_name and columns.has_contact:
            found = columns
            break
    columns = found or resolve(records[0][0], records[0][1], mapping)
    present = {header_key(h) for h in columns.headers}
    for header in mapping:
        if header_key(header) not in present:
            raise ImportRejected(
                "mapping_header_missing",
                _(
                    "Your mapping names a column “%(header)s” that the file does not have. "
                    "Its columns are: %(found)s."
                )
                % {"header": header, "found": _listing(columns.headers)},
            )
    if not columns.has_name:
        raise ImportRejected(
            "name_column_missing",
            _(
                "No column holds the names. Columns found: %(found)s. Expected a column such "
                "as: %(expected)s — or map one of yours to first_name, last_name or full_name."
            )
            % {
                "found": _listing(columns.headers),
                "expected": "First name, Last name, Surname, Name, Prenume, Nume, Nume și prenume",
            },
        )
    if not columns.has_contact:
        raise ImportRejected(
            "contact_column_missing",
            _(
                "No column holds e-mail addresses or phone numbers. Columns found: %(found)s. "
                "Expected a column such as: %(expected)s — or map one of yours to email or "
                "phone."
            )
            % {
                "found": _listing(columns.headers),
                "expected": "E-mail, Email, Mail, Adresă de e-mail, Phone, Telefon, Tel., Mobil",
            },
        )
    return columns


def _listing(headers: Sequence[str], limit: int = 20) -> str:
    shown = [f"“{h[:40]}”" for h in headers if h.strip()][:limit]
    if len([h for h in headers if h.strip()]) > limit:
        shown.append("…")
    return ", ".join(shown) or _("none")


def parse_mapping(lines: Sequence[str]) -> dict[str, str]:
    """Return ``{"Their header": "field"}`` from lines written ``Their header = field``.

    Blank lines and lines starting with ``#`` are skipped. Raise ``ImportRejected`` for a
    line without ``=`` or a field that is not known.
    """
    mapping: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        header, sep, target = line.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise ImportRejected(
                "mapping_invalid",
                _(
                    "“%(line)s” is not a mapping: write the header, “=” and a field, such as "
                    "“Nr. crt. = ignore”."
                )
                % {"line": line},
            )
        mapping[header.strip()] = target.strip()
    return check_mapping(mapping)
