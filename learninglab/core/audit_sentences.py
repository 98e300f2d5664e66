"""Say in words what each audit entry records, for the audit log and the histories.

The audit log keeps a dotted action code (``labs.invitations.created``) and the values
before and after. Staff read a sentence instead ("Invited 19 people to “tim-lll-2”"),
the values formatted (dates, yes or no, a choice's label, a text in their language), and
the time in the partner's (or the lab's) time zone with the zone shown.

Each app registers the sentences of the codes it writes, in its ``AppConfig.ready()``,
so that core depends on no app. A sentence is filled only from what the entry holds
(its description, its values): describing an entry never looks up a person and never
shows more personal data than the entry already had. A code nobody registered, or an
entry whose values no longer fit its sentence, still reads as a sentence ("Changed the
lab “tim-lll-2”"), never as code or raw data.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learninglab.core.models import AuditEntry

Text = str | Promise
# Called with the entry; returns the placeholders its sentence needs besides the defaults.
ValuesOf = Callable[[AuditEntry], Mapping[str, Any]]
# Called with the ids of partners; returns each one's time zone name.
ZonesOf = Callable[[Iterable[int]], Mapping[int, str]]

TEXT_MAX = 120
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}(-[a-z]{2,4})?$")


@dataclasses.dataclass(frozen=True)
class Sentence:
    """What an action code says: ``text`` with ``%(name)s`` placeholders.

    Every sentence may use ``object`` (the description of the object, as the entry
    keeps it) and the formatted values the entry recorded (``extra``, then ``after``,
    then ``before``, by key). ``values`` adds placeholders computed from the entry.
    A plural sentence is an ``ngettext_lazy`` whose number is one of the placeholders.
    """

    text: Text
    values: ValuesOf | None = None


@dataclasses.dataclass(frozen=True)
class Change:
    """One value an entry recorded: its label, the value before (if any) and after."""

    label: str
    before: str
    after: str
    changed: bool


@dataclasses.dataclass(frozen=True)
class AuditLine:
    """An audit entry as a reader sees it."""

    entry: AuditEntry
    sentence: str
    at: datetime.datetime
    zone: str
    changes: list[Change]

    @property
    def when(self) -> str:
        """The time in the entry's zone, with the zone: "3 December 2026, 14:05 EET"."""
        return f"{formats.date_format(self.at, 'DATETIME_FORMAT')} {self.zone}"

    @property
    def is_update(self) -> bool:
        """Whether the values are a change (before → after) rather than a record."""
        return any(change.changed for change in self.changes)

    @property
    def actor(self) -> Any:
        return self.entry.actor

    @property
    def via(self) -> str:
        return str(self.entry.get_via_display())


_sentences: dict[str, Sentence] = {}
_labels: dict[str, Text] = {}
_choices: dict[str, Mapping[str, Text]] = {}
_hidden: set[str] = set()
_zones: list[ZonesOf] = []


def register(
    sentences: Mapping[str, Text | Sentence],
    *,
    labels: Mapping[str, Text] | None = None,
    choices: Mapping[str, Iterable[tuple[str, Text]]] | None = None,
    hidden: Iterable[str] = (),
) -> None:
    """Register the sentence of each action code, and how to show the values recorded.

    ``labels`` names recorded keys that are not fields of the entry's model (a field's
    own name comes first); ``choices`` gives the labels of the values a key takes
    (a model field's own choices are used otherwise); ``hidden`` keys are not shown
    among the values (ids, internal numbers). A code is registered once.
    """
    for code, sentence in sentences.items():
        if not isinstance(sentence, Sentence):
            sentence = Sentence(sentence)
        if code in _sentences and _sentences[code] != sentence:
            raise ValueError(f"The audit code {code!r} already has a sentence.")
        _sentences[code] = sentence
    _labels.update(labels or {})
    for key, pairs in (choices or {}).items():
        _choices[key] = dict(pairs)
    _hidden.update(hidden)


def register_zones(zones_of: ZonesOf) -> None:
    """Have ``zones_of`` tell the time zone of the partners whose entries are shown."""
    if zones_of not in _zones:
        _zones.append(zones_of)


def registered_codes() -> set[str]:
    """Return every action code that has a sentence."""
    return set(_sentences)


def describe(entries: Iterable[AuditEntry], *, zone: str | None = None) -> list[AuditLine]:
    """Return ``entries`` as lines to read, in their order.

    Times are shown in ``zone`` when given (a lab's history: the lab's zone), else in the
    time zone of each entry's partner, else in the active time zone. One query at most,
    for the partners' zones.
    """
    entries = list(entries)
    zones: dict[int, str] = {}
    if zone is None:
        partner_ids = {e.partner_id for e in entries if e.partner_id is not None}
        for zones_of in _zones if partner_ids else []:
            zones.update(zones_of(partner_ids))
    default = zone or timezone.get_current_timezone_name()
    return [
        _line(entry, zones.get(entry.partner_id, default) if entry.partner_id else default)
        for entry in entries
    ]


def _line(entry: AuditEntry, zone_name: str) -> AuditLine:
    zone = zoneinfo.ZoneInfo(zone_name)
    at = timezone.localtime(entry.at, zone)
    model = _model_of(entry)
    formatter = _Formatter(model=model, zone=zone)
    return AuditLine(
        entry=entry,
        sentence=_sentence(entry, formatter),
        at=at,
        zone=at.tzname() or zone_name,
        changes=_changes(entry.changes or {}, formatter),
    )


def _model_of(entry: AuditEntry) -> type[models.Model] | None:
    """Return the model the entry is about, from the cache of content types (no query)."""
    if entry.content_type_id is None:
        return None
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _sentence(entry: AuditEntry, formatter: _Formatter) -> str:
    changes = entry.changes or {}
    values: dict[str, Any] = {"object": entry.object_repr}
    for part in ("before", "after", "extra"):
        for key, value in (changes.get(part) or {}).items():
            is_number = isinstance(value, int) and not isinstance(value, bool)
            values[key] = value if is_number else formatter.value(key, value)
            if isinstance(value, list):
                values[f"{key}_count"] = len(value)
    sentence = _sentences.get(entry.action)
    if sentence is not None and sentence.values is not None:
        try:
            values.update(sentence.values(entry))
        except (KeyError, TypeError, ValueError, AttributeError):
            sentence = None
    if sentence is not None:
        try:
            return str(sentence.text % values)
        except (KeyError, TypeError, ValueError):
            pass
    return _generic(entry)


def _generic(entry: AuditEntry) -> str:
    """A sentence for a code without one (or whose values no longer fit it)."""
    model = _model_of(entry)
    if model is not None and entry.object_repr:
        return gettext("Changed the %(kind)s “%(object)s”") % {
            "kind": model._meta.verbose_name,
            "object": entry.object_repr,
        }
    if entry.object_repr:
        return gettext("Changed “%(object)s”") % {"object": entry.object_repr}
    return gettext("Made a change")


def _changes(changes: Mapping[str, Any], formatter: _Formatter) -> list[Change]:
    if changes.get("redacted"):
        return []
    before = changes.get("before") or {}
    after = changes.get("after") or {}
    keys = [*after, *(k for k in before if k not in after)]
    rows = []
    for key in keys:
        if key in _hidden:
            continue
        if formatter.is_relation(key, before.get(key), after.get(key)):  # ids mean nothing
            if key in before:
                rows.append(Change(formatter.label(key), "", gettext("changed"), changed=False))
            continue
        old = formatter.value(key, before[key]) if key in before else ""
        new = formatter.value(key, after[key]) if key in after else "—"
        if new == (old if key in before else "—"):  # nothing to read: unchanged, or empty
            continue
        rows.append(Change(formatter.label(key), old, new, changed=key in before))
    return rows


@dataclasses.dataclass
class _Formatter:
    model: type[models.Model] | None
    zone: zoneinfo.ZoneInfo

    def field(self, key: str) -> Any:
        if self.model is None:
            return None
        try:
            return self.model._meta.get_field(key)
        except FieldDoesNotExist:
            return None

    def is_relation(self, key: str, *values: Any) -> bool:
        """Whether ``key`` is a relation recorded as ids (not, say, tags by name)."""
        field = self.field(key)
        if field is None or not field.is_relation or key in _choices:
            return False
        flat = [v for value in values for v in (value if isinstance(value, list) else [value])]
        return all(v is None or isinstance(v, int) for v in flat)

    def label(self, key: str) -> str:
        """Return the name of the model's field ``key``, else the name registered for it."""
        field = self.field(key)
        name = str(getattr(field, "verbose_name", "") or _labels.get(key) or key.replace("_", " "))
        return name[:1].upper() + name[1:]

    def value(self, key: str, value: Any) -> str:
        """Return ``value`` as a reader expects it, never as code or a raw structure."""
        if value is None or value == "" or value == [] or value == {}:
            return "—"
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        choices = _choices.get(key) or dict(getattr(self.field(key), "flatchoices", None) or ())
        if isinstance(value, str) and value in choices:
            return str(choices[value])
        if isinstance(value, list):
            return ", ".join(self.value(key, item) for item in value)
        if isinstance(value, dict):
            return self._mapping(key, value)
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, float | int):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return self._text(str(value))

    def _mapping(self, key: str, value: dict[str, Any]) -> str:
        if all(_LANGUAGE_CODE.match(k) for k in value):  # a text in several languages
            language = translation.get_language() or "en"
            for code in (language, language.split("-")[0], "en", *value):
                if value.get(code):
                    return self._text(str(value[code]))
            return "—"
        return "; ".join(f"{self.label(k)}: {self.value(k, v)}" for k, v in value.items())

    def _text(self, value: str) -> str:
        if _ISO_DATETIME.match(value):
            try:
                moment = datetime.datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                if timezone.is_naive(moment):
                    moment = timezone.make_aware(moment, datetime.UTC)
                local = moment.astimezone(self.zone)
                shown = formats.date_format(local, "DATETIME_FORMAT")
                return f"{shown} {local.tzname()}"
        if _ISO_DATE.match(value):
            try:
                return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
            except ValueError:
                pass
        return Truncator(" ".join(value.split())).chars(TEXT_MAX)


# Keys many apps record, named once.
register({}, labels={"tags": _("Tags"), "comment": _("Comment"), "note": _("Note")})
