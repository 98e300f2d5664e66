"""Clean each row of a spreadsheet and decide what importing it would do.

Every data row gets a verdict:

* ``new``: nobody in the partner's group matches; importing adds the person;
* ``update``: the e-mail belongs to someone in the group and the row says something new;
* ``unchanged``: the person is in the group and the row adds nothing;
* ``duplicate``: the row repeats an earlier row, or looks like someone already in the group
  under another (or no) e-mail; it is not imported, so that staff can merge instead;
* ``invalid``: the row has problems, all of which are listed; it is not imported.

A row may also carry notes that do not stop it: a language we have no translation for is
kept, and the note says which language the person will be written to in instead.

A row never erases what the group knows: an empty cell keeps the current value, tags are
added to the person's tags and notes to their notes, and a name is not replaced by the same
name with fewer diacritics ("Stefan" does not overwrite "Ștefan").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learninglab.core import languages
from learninglab.core.multilingual import language_name
from learninglab.core.text import fix_romanian_diacritics, fold
from learninglab.projects.models import Partner
from learninglab.stakeholders.importing.columns import FIELD_LABELS, Columns
from learninglab.stakeholders.importing.values import (
    consent_of,
    language_of,
    organisation_type_of,
)
from learninglab.stakeholders.models import Organisation, OrganisationType, Stakeholder, Tag
from learninglab.stakeholders.normalize import normalize_email, normalize_name, normalize_phone
from learninglab.stakeholders.selectors import with_consents


class Verdict(models.TextChoices):
    NEW = "new", gettext_lazy("new")
    UPDATE = "update", gettext_lazy("update")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    DUPLICATE = "duplicate", gettext_lazy("duplicate")
    INVALID = "invalid", gettext_lazy("invalid")


IMPORTABLE = frozenset({Verdict.NEW, Verdict.UPDATE})
PROBLEMS = frozenset({Verdict.DUPLICATE, Verdict.INVALID})

# The export protects cells that a spreadsheet would run as a formula with a leading
# apostrophe; the import takes it off again.
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")
_WHOLE_NUMBER = re.compile(r"^\+?\d+\.0+$")
_TAG_SEPARATORS = re.compile(r"[,;]")
_MAX_LENGTHS = {"first_name": 100, "last_name": 100, "organisation": 200, "position": 150}


@dataclasses.dataclass
class Person:
    """What a row says about a person, cleaned; empty values mean "not said"."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    organisation: str = ""
    organisation_type: str = ""
    position: str = ""
    language: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    notes: str = ""
    consent: bool | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclasses.dataclass
class RowResult:
    """The verdict on one row, numbered as the spreadsheet shows it (the header is row 1)."""

    number: int
    verdict: str
    person: Person
    raw_name: str = ""
    raw_email: str = ""
    raw_type: str = ""
    raw_language: str = ""
    reasons: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    changes: list[str] = dataclasses.field(default_factory=list)
    existing: Stakeholder | None = None
    duplicate_of_row: int | None = None
    merged: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.person.full_name or self.raw_name

    @property
    def email(self) -> str:
        return self.person.email or self.raw_email

    @property
    def organisation(self) -> str:
        return self.person.organisation

    @property
    def change_labels(self) -> list[str]:
        return [str(CHANGE_LABELS[field]) for field in self.changes]

    @property
    def is_importable(self) -> bool:
        return self.verdict in IMPORTABLE

    @property
    def is_problem(self) -> bool:
        return self.verdict in PROBLEMS

    def get_verdict_display(self) -> str:
        return str(Verdict(self.verdict).label)


CHANGE_LABELS = {
    **FIELD_LABELS,
    "position": FIELD_LABELS["role"],
    "consent": FIELD_LABELS["consent"],
}


# Cleaning -----------------------------------------------------------------------------------


def _text(value: str) -> str:
    value = _FORMULA_GUARD.sub("", value.strip())
    # "-", "—", "/" and the like mean "nothing" in hand-kept lists.
    return value if any(ch.isalnum() for ch in value) else ""


def _cell(cells: Sequence[str], columns: Columns, field: str) -> str:
    i = columns.index.get(field)
    if i is None or i >= len(cells):
        return ""
    if field == "consent":
        return _FORMULA_GUARD.sub("", cells[i].strip())
    return _text(cells[i])


def _without(words: list[str], part: list[str]) -> list[str] | None:
    """Return ``words`` without ``part`` at their start or end, or None if it is not there."""
    n = len(part)
    if not n or n >= len(words):
        return None
    folded = [fold(w) for w in words]
    target = [fold(w) for w in part]
    if folded[:n] == target:
        return words[n:]
    if folded[-n:] == target:
        return words[:-n]
    return None


def _names(cells: Sequence[str], columns: Columns, problems: list[str]) -> tuple[str, str]:
    first = normalize_name(_cell(cells, columns, "first_name"))
    last = normalize_name(_cell(cells, columns, "last_name"))
    full = normalize_name(_cell(cells, columns, "full_name"))
    if full and not (first and last):
        words = full.split()
        if first:
            rest = _without(words, first.split())
            last = " ".join(rest) if rest is not None else words[-1]
        elif last:
            rest = _without(words, last.split())
            first = " ".join(rest) if rest is not None else " ".join(words[:-1])
        elif len(words) > 1:
            first, last = " ".join(words[:-1]), words[-1]
        else:
            problems.append(
                _("“%(name)s” is a single word: both the first and the last name are needed.")
                % {"name": full}
            )
            return full, ""
    if not first and not last:
        problems.append(_("The name is missing."))
    elif not first:
        problems.append(_("The first name is missing."))
    elif not last:
        problems.append(_("The last name is missing."))
    return first, last


def clean_row(
    cells: Sequence[str], columns: Columns, *, partner: Partner
) -> tuple[Person, list[str]]:
    """Return what the row says, cleaned, and every problem found in it (translated)."""
    problems: list[str] = []
    person = Person()
    person.first_name, person.last_name = _names(cells, columns, problems)

    raw_email = _cell(cells, columns, "email")
    try:
        person.email = normalize_email(raw_email)
        if len(person.email) > 254:
            raise ValidationError("too long")
    except ValidationError:
        problems.append(_("“%(value)s” is not an e-mail address.") % {"value": raw_email})

    raw_phone = _cell(cells, columns, "phone")
    if _WHOLE_NUMBER.match(raw_phone):  # a number cell saved by a spreadsheet as 731540977.0
        raw_phone = raw_phone.split(".")[0]
    try:
        person.phone = normalize_phone(raw_phone, country=partner.country)
    except ValidationError:
        problems.append(_("“%(value)s” is not a phone number.") % {"value": raw_phone})

    person.organisation = normalize_name(_cell(cells, columns, "organisation"))
    raw_type = _cell(cells, columns, "organisation_type")
    if raw_type and person.organisation:
        person.organisation_type = organisation_type_of(raw_type) or ""
        if not person.organisation_type:
            problems.append(
                _("“%(value)s” is not an organisation type. Use one of: %(types)s.")
                % {"value": raw_type, "types": ", ".join(str(t.label) for t in OrganisationType)}
            )

    person.position = normalize_name(_cell(cells, columns, "role"))

    # A language we do not know is never a reason to leave someone out: see ``_notes``.
    raw_language = _cell(cells, columns, "language")
    if raw_language:
        person.language = language_of(raw_language) or ""

    tags: dict[str, str] = {}
    for tag in _TAG_SEPARATORS.split(_cell(cells, columns, "tags")):
        tag = normalize_name(tag)[:60]
        if tag:
            tags.setdefault(fold(tag), tag)
    person.tags = list(tags.values())

    notes = _cell(cells, columns, "notes")
    person.notes = fix_romanian_diacritics(notes.replace("\r\n", "\n").strip())

    raw_consent = _cell(cells, columns, "consent")
    if raw_consent:
        person.consent = consent_of(raw_consent)
        if person.consent is None:
            problems.append(
                _("“%(value)s” is not an answer about consent: write yes or no (da or nu).")
                % {"value": raw_consent}
            )

    for field, limit in _MAX_LENGTHS.items():
        if len(getattr(person, field)) > limit:
            problems.append(
                _("The %(field)s is longer than %(limit)s characters.")
                % {"field": str(CHANGE_LABELS[field]).lower(), "limit": limit}
            )
    return person, problems


# Matching against the group -----------------------------------------------------------------


def _marks(value: str) -> int:
    """Return how many letters of ``value`` carry a diacritic."""
    return sum(1 for ch in value if ch.isalpha() and fold(ch) != ch.casefold())


def _preferred(old: str, new: str) -> str:
    """Return ``new`` unless it is ``old`` spelt differently with no more diacritics."""
    if not new:
        return old
    if fold(old) != fold(new) or _marks(new) > _marks(old):
        return new
    return old


class Group:
    """A partner's people and tags, indexed the ways a row can match them."""

    def __init__(self, partner: Partner) -> None:
        self.partner = partner
        people = (
            with_consents(Stakeholder.objects.filter(partner=partner, erased_at__isnull=True))
            .select_related("organisation")
            .prefetch_related("tags")
        )
        self.by_email: dict[str, Stakeholder] = {}
        self.by_name: dict[tuple[str, str], Stakeholder] = {}
        self.by_phone: dict[str, Stakeholder] = {}
        for person in people:
            if person.email:
                self.by_email.setdefault(person.email.lower(), person)
            self.by_name.setdefault(self.name_key(person.full_name, self._org(person)), person)
            if person.phone:
                self.by_phone.setdefault(person.phone, person)
        tag_names = Tag.objects.filter(partner=partner).values_list("name", flat=True)
        self.tags = {fold(name): name for name in tag_names}
        self.organisations = {
            o.name_folded: o for o in Organisation.objects.filter(partner=partner)
        }

    @staticmethod
    def _org(person: Stakeholder) -> str:
        return person.organisation.name if person.organisation is not None else ""

    @staticmethod
    def name_key(full_name: str, organisation: str) -> tuple[str, str]:
        return fold(full_name), fold(organisation)

    def lookalike(self, row: Person) -> tuple[Stakeholder | None, str]:
        """Return someone of the group who is probably the person of ``row``, and why."""
        person = self.by_name.get(self.name_key(row.full_name, row.organisation))
        if person is not None:
            return person, "name"
        person = self.by_phone.get(row.phone) if row.phone else None
        # Colleagues with their own e-mail addresses often share the switchboard number.
        if person is not None and not (row.email and person.email):
            return person, "phone"
        return None, ""

    def canonical_tags(self, names: list[str]) -> list[str]:
        """Return ``names`` spelt as the group's existing tags (new ones are remembered)."""
        return [self.tags.setdefault(fold(name), name) for name in names]

    def merged(self, person: Stakeholder, row: Person) -> dict[str, Any]:
        """Return the person's details once ``row`` is applied (see the module docstring)."""
        current_org = self._org(person)
        organisation = current_org
        if row.organisation and fold(row.organisation) != fold(current_org):
            organisation = row.organisation
        org_type = ""
        target = self.organisations.get(fold(organisation))
        if (
            row.organisation_type
            and target is not None
            and target.type == OrganisationType.OTHER
            and row.organisation_type != OrganisationType.OTHER
        ):
            org_type = row.organisation_type
        tags = sorted({t.name for t in person.tags.all()} | set(self.canonical_tags(row.tags)))
        notes = person.notes
        if row.notes and row.notes not in person.notes:
            notes = "\n\n".join(n for n in (person.notes, row.notes) if n)
        consent = getattr(person, "consent_invitations", None)
        return {
            "first_name": _preferred(person.first_name, row.first_name),
            "last_name": _preferred(person.last_name, row.last_name),
            "email": row.email or person.email,
            "phone": row.phone or person.phone,
            "organisation": organisation,
            "organisation_type": org_type,
            "position": _preferred(person.position, row.position),
            "language": row.language or person.language,
            "tags": tags,
            "notes": notes,
            "consent": consent if row.consent is None else row.consent,
        }

    def changes(self, person: Stakeholder, merged: dict[str, Any]) -> list[str]:
        """Return the fields of ``person`` that ``merged`` changes."""
        current = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "organisation": self._org(person),
            "organisation_type": "",
            "position": person.position,
            "language": person.language,
            "tags": sorted(t.name for t in person.tags.all()),
            "notes": person.notes,
            "consent": getattr(person, "consent_invitations", None),
        }
        return [field for field, value in merged.items() if value != current[field]]


# An overlong value is named by this many of its first characters, never whole.
_SHOWN_CHARS = 20


def overlong_cells(cells: Sequence[str], columns: Columns) -> tuple[list[str], list[str]]:
    """Return ``cells`` with every value longer than ``IMPORT_MAX_CELL_CHARS`` blanked, and a
    problem (translated) for each, showing only the value's beginning."""
    limit = settings.IMPORT_MAX_CELL_CHARS
    kept, problems = list(cells), []
    for field, i in columns.index.items():
        if i < len(kept) and len(kept[i]) > limit:
            problems.append(
                _("%(field)s: “%(start)s…” is longer than %(limit)s characters.")
                % {"field": FIELD_LABELS[field], "start": kept[i][:_SHOWN_CHARS], "limit": limit}
            )
            kept[i] = ""
    return kept, problems


def plan_rows(
    *, partner: Partner, columns: Columns, records: Sequence[tuple[int, list[str]]]
) -> list[RowResult]:
    """Return the verdict on each data row, in the order of the file.

    Only reads the database. The rows should come after the header row.
    """
    group = Group(partner)
    results: list[RowResult] = []
    seen_emails: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for number, cells in records:
        cells, overlong = overlong_cells(cells, columns)
        person, problems = (
            (Person(), overlong) if overlong else clean_row(cells, columns, partner=partner)
        )
        result = RowResult(
            number=number,
            verdict=Verdict.INVALID,
            person=person,
            raw_name=" ".join(
                _cell(cells, columns, f) for f in ("first_name", "last_name", "full_name")
            ).strip(),
            raw_email=_cell(cells, columns, "email"),
            raw_type=_cell(cells, columns, "organisation_type"),
            raw_language=_cell(cells, columns, "language"),
            reasons=problems,
        )
        results.append(result)
        if problems:
            continue
        person.tags = group.canonical_tags(person.tags)
        if person.email:
            earlier = seen_emails.setdefault(person.email, number)
            if earlier != number:
                _duplicate_row(result, earlier, _("Same e-mail address as row %(row)s."))
                continue
            existing = group.by_email.get(person.email)
            if existing is not None:
                _compare(result, group, existing)
                continue
        else:
            key = Group.name_key(person.full_name, person.organisation)
            earlier = seen_names.setdefault(key, number)
            if earlier != number:
                _duplicate_row(
                    result, earlier, _("Same name and organisation as row %(row)s, no e-mail.")
                )
                continue
        existing, why = group.lookalike(person)
        if existing is None:
            result.verdict = Verdict.NEW
            continue
        _compare(result, group, existing)
        if result.verdict == Verdict.UPDATE:
            result.verdict = Verdict.DUPLICATE
            reason = (
                _("Probably %(name)s, already in the group (same name and organisation).")
                if why == "name"
                else _("Probably %(name)s, already in the group (same phone number).")
            )
            result.reasons = [
                reason % {"name": existing.full_name},
                _("Update or merge that person by hand instead of importing this row."),
            ]
            result.changes = []
    for result in results:
        if not result.is_problem:
            result.notes = _notes(result, partner=partner)
    return results


def _notes(result: RowResult, *, partner: Partner) -> list[str]:
    """Return what the preview says about the row's language when we cannot write in it:
    the language is kept, and the person is written to in the partner's language (else
    English), as ``languages.for_person`` decides for every e-mail and page."""
    person = result.person
    if not result.raw_language:
        return []
    existing = result.existing.language if result.existing else ""
    kept = person.language or existing or partner.main_language
    written = languages.for_person(kept, partner_language=partner.main_language)
    values = {"value": result.raw_language, "written": language_name(written)}
    if not person.language:
        return [
            _(
                "“%(value)s” is not a language we know, so it is not imported; they will be "
                "written to in %(written)s."
            )
            % values
        ]
    if person.language != written:
        return [
            _("%(language)s: we have no translation; they will be written to in %(written)s.")
            % {**values, "language": language_name(person.language)}
        ]
    return []


def _duplicate_row(result: RowResult, earlier: int, reason: str) -> None:
    result.verdict = Verdict.DUPLICATE
    result.duplicate_of_row = earlier
    result.reasons = [reason % {"row": earlier}]


def _compare(result: RowResult, group: Group, existing: Stakeholder) -> None:
    result.existing = existing
    result.merged = group.merged(existing, result.person)
    result.changes = group.changes(existing, result.merged)
    result.verdict = Verdict.UPDATE if result.changes else Verdict.UNCHANGED
