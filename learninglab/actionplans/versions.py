"""What a plan's version keeps, and what changed between two versions.

``plan_snapshot`` copies a plan as it is into plain JSON: Part I and Part II, the
endorsement, and every action with its players, milestones, funding sources and the
titles of the practices and ideas behind it. A version keeps that copy (``PlanVersion.
content``), so it still says what was submitted or endorsed after the plan, an action or
a linked practice has changed.

``versions_compare`` sets two such copies side by side: field by field, action by action
(matched by the action they were copied from: added, removed, changed or unchanged), and,
in each changed text, which words went and which came (``difflib``).
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Prefetch
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.models import (
    Action,
    ActionIdea,
    ActionPlan,
    ActionPlayer,
    ActionPractice,
    FundingKind,
    FundingSource,
    Milestone,
)
from learninglab.core.multilingual import language_name
from learninglab.projects.models import InstrumentKind

# The layout of ``content``; a later layout can still read copies made with this one.
SCHEMA = 1


def _texts(value: Mapping[str, str]) -> dict[str, str]:
    return {code: text for code, text in dict(value).items() if text}


def _plan_with_everything(plan: ActionPlan) -> ActionPlan:
    # Each list in its own order, without joining back to the action and its plan.
    actions = Action.objects.order_by("position", "pk").prefetch_related(
        Prefetch(
            "players",
            queryset=ActionPlayer.objects.select_related("organisation").order_by("position", "pk"),
        ),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
        Prefetch("funding", queryset=FundingSource.objects.order_by("pk")),
        Prefetch(
            "practice_links",
            queryset=ActionPractice.objects.select_related("practice").order_by("pk"),
        ),
        Prefetch("idea_links", queryset=ActionIdea.objects.order_by("pk")),
    )
    return (
        ActionPlan.objects.select_related("partner__project", "instrument")
        .prefetch_related("joint_partners", Prefetch("actions", queryset=actions))
        .get(pk=plan.pk)
    )


def _action_snapshot(action: Action) -> dict[str, Any]:
    return {
        "key": action.pk,
        "number": action.number,
        "title": _texts(action.title),
        "background": _texts(action.background),
        "description": _texts(action.description),
        "starts_on": action.starts_on.isoformat() if action.starts_on else "",
        "ends_on": action.ends_on.isoformat() if action.ends_on else "",
        "costs_eur": str(action.costs_eur) if action.costs_eur is not None else "",
        "is_pilot": action.is_pilot,
        "players": [
            {"name": player.display_name, "role": _texts(player.role)}
            for player in action.players.all()
        ],
        "milestones": [
            {"title": _texts(milestone.title), "due_on": milestone.due_on.isoformat()}
            for milestone in action.milestones.all()
        ],
        "funding": [
            {"kind": source.kind, "name": source.name, "amount_eur": str(source.amount_eur)}
            for source in action.funding.all()
        ],
        "practices": [_texts(link.practice.title) for link in action.practice_links.all()],
        "ideas": [link.text for link in action.idea_links.all()],
    }


def plan_snapshot(plan: ActionPlan) -> dict[str, Any]:
    """Return ``plan`` as it is now, as JSON-ready data for a ``PlanVersion``.

    Texts keep every language they are written in; dates are ISO strings and amounts
    decimal strings, so that the copy reads the same whatever changes later.
    """
    plan = _plan_with_everything(plan)
    project = plan.partner.project
    return {
        "schema": SCHEMA,
        "plan": {
            "project": f"{project.acronym} — {project.title}",
            "partner": plan.partner.city,
            "title": _texts(plan.title),
            "organisation": _texts(plan.organisation),
            "other_partners": _texts(plan.other_partners),
            "joint_partners": [
                {"city": partner.city, "institution": _texts(partner.institution)}
                for partner in plan.joint_partners.all()
            ],
            "country": plan.country,
            "nuts2": plan.nuts2,
            "region": plan.region,
            "contact_name": plan.contact_name,
            "contact_email": plan.contact_email,
            "contact_phone": plan.contact_phone,
            "instrument_kind": plan.instrument.kind,
            "instrument_name": plan.instrument.name,
            "managing_authority": plan.instrument.managing_authority,
            "improvement": _texts(plan.improvement),
            "summary": _texts(plan.summary),
        },
        "endorsement": {
            "on": plan.endorsed_on.isoformat() if plan.endorsed_on else "",
            "by": plan.endorsed_by,
            "signatory": plan.signatory,
            "position": plan.signatory_position,
        },
        "actions": [_action_snapshot(action) for action in plan.actions.all()],
    }


# -- comparing two copies -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Segment:
    """A run of a text: ``same`` in both versions, ``removed`` from the first or
    ``added`` in the second."""

    kind: str
    text: str


@dataclasses.dataclass(frozen=True)
class FieldComparison:
    """One field in both versions, its words marked (``before``: the first version's
    text with what went; ``after``: the second's with what came)."""

    label: str
    before: list[Segment]
    after: list[Segment]
    language: str = ""

    @property
    def changed(self) -> bool:
        return any(segment.kind != "same" for segment in (*self.before, *self.after))

    @property
    def is_multiline(self) -> bool:
        return any("\n" in segment.text for segment in (*self.before, *self.after))


ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
CHANGE_LABELS = {
    ADDED: _("Added"),
    REMOVED: _("Removed"),
    CHANGED: _("Changed"),
    UNCHANGED: _("Unchanged"),
}


@dataclasses.dataclass(frozen=True)
class ActionComparison:
    """One action in both versions: its numbers in each (``None`` where it is not) and
    its fields; ``change`` says whether it was added, removed, changed or not."""

    title: str
    number_before: int | None
    number_after: int | None
    fields: list[FieldComparison]

    @property
    def change(self) -> str:
        if self.number_before is None:
            return ADDED
        if self.number_after is None:
            return REMOVED
        return CHANGED if any(field.changed for field in self.fields) else UNCHANGED

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change])

    @property
    def changed_fields(self) -> list[FieldComparison]:
        return [field for field in self.fields if field.changed]


@dataclasses.dataclass(frozen=True)
class Comparison:
    """Two versions of a plan side by side, part by part."""

    general: list[FieldComparison]
    context: list[FieldComparison]
    endorsement: list[FieldComparison]
    actions: list[ActionComparison]

    @property
    def parts(self) -> list[tuple[str, str, list[FieldComparison], bool]]:
        """Return (anchor, heading, fields, whether any changed) of each part."""
        return [
            (anchor, heading, fields, any(field.changed for field in fields))
            for anchor, heading, fields in (
                ("part-1", gettext("Part I — General information"), self.general),
                ("part-2", gettext("Part II — Policy context"), self.context),
                ("endorsement", gettext("Endorsement"), self.endorsement),
            )
        ]

    @property
    def changes(self) -> int:
        """Return how many fields and actions differ."""
        fields = [*self.general, *self.context, *self.endorsement]
        return sum(field.changed for field in fields) + sum(
            action.change != UNCHANGED for action in self.actions
        )


# A word with the spaces before it, or a mark of punctuation with them: two texts that
# share only their spaces share nothing.
_TOKEN = re.compile(r"\s*\w+|\s*[^\w\s]|\s+", re.UNICODE)


def _merged(segments: Iterable[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def words_compare(before: str, after: str) -> tuple[list[Segment], list[Segment]]:
    """Return ``before`` and ``after`` cut into runs that are the same in both, removed
    from ``before`` or added in ``after``, word by word (a mark of punctuation counts as
    a word of its own, so a changed comma does not mark its whole sentence)."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(Segment("same", "".join(old[i1:i2])))
            right.append(Segment("same", "".join(new[j1:j2])))
            continue
        if i2 > i1:
            left.append(Segment("removed", "".join(old[i1:i2])))
        if j2 > j1:
            right.append(Segment("added", "".join(new[j1:j2])))
    return _merged(left), _merged(right)


def _field(label: Any, before: str, after: str, language: str = "") -> FieldComparison:
    left, right = words_compare(before, after)
    return FieldComparison(str(label), left, right, language)


def _multilingual(
    label: Any, before: Mapping[str, str], after: Mapping[str, str], order: list[str]
) -> list[FieldComparison]:
    """Return one row per language either version has a text in, in ``order`` first."""
    languages = list(dict.fromkeys([*order, *before, *after]))
    return [
        _field(
            f"{label} ({language_name(code)})",
            before.get(code, ""),
            after.get(code, ""),
            code,
        )
        for code in languages
        if before.get(code) or after.get(code)
    ]


def _amount(value: str) -> str:
    if not value:
        return ""
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value
    return f"{number_format(amount, 2, force_grouping=True)} EUR"


def _date(value: str) -> str:
    """Return an ISO date as the reader's language writes it ("15 June 2022")."""
    if not value:
        return ""
    try:
        return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    except ValueError:
        return value


def _choice(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _yes_no(value: Any) -> str:
    return gettext("yes") if value else gettext("no")


def _in(texts: Mapping[str, str], order: list[str]) -> str:
    """Return a short text in the first language of ``order`` it has, else any."""
    for code in [*order, *texts]:
        if texts.get(code):
            return texts[code]
    return ""


def _lines(items: Iterable[Any], line: Callable[[Any], str]) -> str:
    return "\n".join(line(item) for item in items)


def _joint_partner(partner: str | Mapping[str, Any], order: list[str]) -> str:
    """Return a joint partner of a copy as "Timișoara — Municipiul Timișoara", its name in
    the first language of ``order`` it has; copies made before names were kept in every
    language hold the line itself."""
    if isinstance(partner, str):
        return partner
    return f"{partner['city']} — {_in(partner['institution'], order)}"


def _general(a: Mapping[str, Any], b: Mapping[str, Any], order: list[str]) -> list[FieldComparison]:
    rows = [_field(_("Project"), a.get("project", ""), b.get("project", ""))]
    rows += _multilingual(_("Title"), a.get("title", {}), b.get("title", {}), order)
    rows += _multilingual(
        _("Partner organisation"), a.get("organisation", {}), b.get("organisation", {}), order
    )
    rows.append(
        _field(
            _("Partners writing it jointly"),
            _lines(a.get("joint_partners", []), lambda p: _joint_partner(p, order)),
            _lines(b.get("joint_partners", []), lambda p: _joint_partner(p, order)),
        )
    )
    rows += _multilingual(
        _("Other partners involved"),
        a.get("other_partners", {}),
        b.get("other_partners", {}),
        order,
    )
    for key, label in (
        ("country", _("Country")),
        ("nuts2", _("NUTS 2 region")),
        ("region", _("Region")),
        ("contact_name", _("Contact person")),
        ("contact_email", _("Contact e-mail")),
        ("contact_phone", _("Contact phone")),
    ):
        rows.append(_field(label, a.get(key, ""), b.get(key, "")))
    return rows


def _context(a: Mapping[str, Any], b: Mapping[str, Any], order: list[str]) -> list[FieldComparison]:
    rows = [
        _field(
            _("Kind of instrument"),
            _choice(InstrumentKind, a.get("instrument_kind", "")),
            _choice(InstrumentKind, b.get("instrument_kind", "")),
        ),
        _field(_("Policy instrument"), a.get("instrument_name", ""), b.get("instrument_name", "")),
        _field(
            _("Managing authority"),
            a.get("managing_authority", ""),
            b.get("managing_authority", ""),
        ),
    ]
    rows += _multilingual(
        _("How the plan improves the instrument"),
        a.get("improvement", {}),
        b.get("improvement", {}),
        order,
    )
    rows += _multilingual(
        _("Summary of the actions"), a.get("summary", {}), b.get("summary", {}), order
    )
    return rows


def _endorsement(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[FieldComparison]:
    return [
        _field(_("Endorsed on"), _date(a.get("on", "")), _date(b.get("on", ""))),
        *(
            _field(label, a.get(key, ""), b.get(key, ""))
            for key, label in (
                ("by", _("Endorsing organisation")),
                ("signatory", _("Signatory")),
                ("position", _("Signatory's position")),
            )
        ),
    ]


def _action_lists(action: Mapping[str, Any], order: list[str]) -> dict[str, str]:
    """Return the action's lists (players, milestones, ...) as one line per item."""
    return {
        "players": _lines(
            action.get("players", []),
            lambda p: " — ".join(filter(None, [p.get("name", ""), _in(p.get("role", {}), order)])),
        ),
        "milestones": _lines(
            action.get("milestones", []),
            lambda m: f"{_date(m.get('due_on', ''))}: {_in(m.get('title', {}), order)}",
        ),
        "funding": _lines(
            action.get("funding", []),
            lambda f: " — ".join(
                filter(
                    None,
                    [
                        _choice(FundingKind, f.get("kind", "")),
                        f.get("name", ""),
                        _amount(f.get("amount_eur", "")),
                    ],
                )
            ),
        ),
        "practices": _lines(action.get("practices", []), lambda t: _in(t, order)),
        "ideas": _lines(action.get("ideas", []), str),
    }


def _action(
    a: Mapping[str, Any] | None, b: Mapping[str, Any] | None, order: list[str]
) -> ActionComparison:
    old, new = a or {}, b or {}
    rows = _multilingual(_("Title"), old.get("title", {}), new.get("title", {}), order)
    rows += _multilingual(
        _("Background"), old.get("background", {}), new.get("background", {}), order
    )
    rows += _multilingual(
        _("What will be done"), old.get("description", {}), new.get("description", {}), order
    )
    rows += [
        _field(_("Start"), _date(old.get("starts_on", "")), _date(new.get("starts_on", ""))),
        _field(_("End"), _date(old.get("ends_on", "")), _date(new.get("ends_on", ""))),
        _field(_("Costs"), _amount(old.get("costs_eur", "")), _amount(new.get("costs_eur", ""))),
        _field(
            _("Pilot action"),
            _yes_no(old.get("is_pilot")) if a else "",
            _yes_no(new.get("is_pilot")) if b else "",
        ),
    ]
    old_lists, new_lists = _action_lists(old, order), _action_lists(new, order)
    for key, label in (
        ("players", _("Players involved")),
        ("milestones", _("Milestones")),
        ("funding", _("Funding sources")),
        ("practices", _("Good practices behind it")),
        ("ideas", _("Ideas behind it")),
    ):
        if old_lists[key] or new_lists[key]:
            rows.append(_field(label, old_lists[key], new_lists[key]))
    title = _in(new.get("title") or old.get("title") or {}, order)
    return ActionComparison(
        title=title,
        number_before=a.get("number") if a else None,
        number_after=b.get("number") if b else None,
        fields=rows,
    )


def versions_compare(
    before: Mapping[str, Any], after: Mapping[str, Any], *, languages: list[str]
) -> Comparison:
    """Return the differences between two copies made by ``plan_snapshot``.

    ``languages`` puts the texts in those languages first (the plan's, then English).
    Actions are matched by the action they were copied from; those only in ``after``
    are added, those only in ``before`` removed (listed where they stood).
    """
    a_plan, b_plan = before.get("plan", {}), after.get("plan", {})
    a_actions = {action["key"]: action for action in before.get("actions", [])}
    b_actions = {action["key"]: action for action in after.get("actions", [])}
    actions = [_action(a_actions.get(key), action, languages) for key, action in b_actions.items()]
    for position, (key, action) in enumerate(a_actions.items()):
        if key not in b_actions:
            actions.insert(min(position, len(actions)), _action(action, None, languages))
    return Comparison(
        general=_general(a_plan, b_plan, languages),
        context=_context(a_plan, b_plan, languages),
        endorsement=_endorsement(before.get("endorsement", {}), after.get("endorsement", {})),
        actions=actions,
    )
