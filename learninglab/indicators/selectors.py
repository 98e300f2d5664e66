"""The programme's indicators: computed from what the platform records, never typed.

Every figure is computed here, per partner and for the project, over all time or over
one reporting period (``periods.Period``), in a fixed number of queries however much
data there is: each figure is one aggregate query grouped by partner (and by kind,
helix, status or source where a chart splits it), whose rows add up to the project's
(a person or an organisation is in one partner's group). Action plans
are few by nature (one per partner and instrument): their rows are read once and counted
here.

What each figure counts (the dashboard says the same to its readers):

* **Policy-learning events held**: labs (local learning labs, interregional workshops,
  study visits) with the status *held*, by kind; in a period, those that started in it
  (in their partner's time zone).
* **Participants**: unique people checked in at those events; **participations**: the
  check-ins (a person at two events counts twice). Labs that did not use the check-in
  count nobody here. People count for the partner whose stakeholder group they are in.
* **Organisations taking part**: the organisations of the people checked in, by helix,
  for the partner whose directory they are in; **share of SMEs**: of those
  organisations, how many are SMEs.
* **Attendance rate**: of the people who answered "attending" (walk-ins left out), how
  many were checked in; labs where nobody was checked in are left out, as there is no
  record of who came.
* **Good practices identified and validated**: the results app's indicator
  (``results.selectors.indicators.practices_identified``); in a period, those published
  in it.
* **Ideas collected**: the live walls' ideas that are shown (not hidden, not waiting for
  approval) and not merged into another; in a period, those of labs that started in it.
* **Action plans developed**: plans handed in at least once (not drafts); in a period,
  those first handed in during it. **Endorsed**: plans with an endorsement; in a period,
  those endorsed in it. A joint plan counts for each partner writing it and once for the
  project.
* **Policy instruments addressed**: the instruments of those plans. **Improved**: an
  instrument whose plan is endorsed and has at least one action reported *in progress* or
  *completed* (in a period: by a progress entry dated in it, the plan endorsed by its
  end; over all time: by the action's status now).
* **Actions by status**: every action of the project's plans, with its status now, or in
  a period the status of its last progress entry up to the period's end (*not started*
  without one). Actions, and their funds, count for the plan's leading partner only, so
  that nothing is counted twice.
* **Funds influenced** (EUR, by source, the EU's Structural Funds separately):
  *planned* is the funding sources of the actions as the plans stand (a plan's funding
  has no date; a period does not narrow it); *mobilised* is what progress entries report
  (in a period, entries dated in it).
* **People with increased professional capacity**: the results app's indicator
  (respondents scoring 4–5 on "I learned something I can use in my work"), with its
  rule that a lab counts only once enough people answered. The answers are anonymous: a
  person answering after two labs counts twice.

Who sees what: partner staff their own partner's figures and the project's totals; the
coordinator every partner's. Rows behind a figure are listed only to those who may see
them in their own pages (``indicator_rows``).
"""

from __future__ import annotations

import dataclasses
import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.models import (
    STRUCTURAL_FUNDS,
    Action,
    ActionPlan,
    ActionStatus,
    FundingKind,
    FundingSource,
    FundsMobilised,
    PlanStatus,
    ProgressEntry,
)
from learninglab.actionplans.periods import Period
from learninglab.cocreation.models import Idea
from learninglab.core.permissions import has_perm, registered, scope
from learninglab.labs.models import CheckIn, Invitation, Lab, LabKind, LabStatus, Response
from learninglab.practices.models import GoodPractice
from learninglab.projects.models import Partner, Project
from learninglab.results.selectors.indicators import (
    CapacityRow,
    capacity_by_lab,
    capacity_by_partner,
    identified,
    practices_identified,
)
from learninglab.stakeholders.models import (
    HELIX_OF_TYPE,
    Helix,
    Organisation,
    OrganisationType,
    Stakeholder,
)
from learninglab.stakeholders.selectors import organisation_order, people_order

Number = int | Decimal | None

# Events across borders, for the programme's common indicators (local labs are regional).
ACROSS_BORDERS = (LabKind.INTERREGIONAL_WORKSHOP, LabKind.STUDY_VISIT)
# An action that has got going, for "policy instruments improved".
UNDER_WAY = (ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED)


@dataclasses.dataclass(frozen=True)
class Indicator:
    """One figure: its key, its name, its unit and the rows it counts (``rows``, a key
    of ``ROWS``; ``rows_filter`` narrows them, e.g. ``status=completed``)."""

    key: str
    label: Any
    unit: str  # "count", "percent" or "eur"
    rows: str
    help: Any = ""
    rows_filter: str = ""


INDICATORS: list[Indicator] = [
    Indicator(
        "events_held",
        _("Policy-learning events held"),
        "count",
        "labs",
        _("Labs, interregional workshops and study visits marked held."),
    ),
    Indicator(
        "participants",
        _("Participants"),
        "count",
        "people",
        _("Unique people checked in at the events held."),
    ),
    Indicator(
        "participations",
        _("Participations"),
        "count",
        "labs",
        _("Check-ins at the events held; a person at two events counts twice."),
    ),
    Indicator(
        "organisations",
        _("Organisations taking part"),
        "count",
        "organisations",
        _("The organisations of the people checked in."),
    ),
    Indicator(
        "sme_share",
        _("Share of SMEs"),
        "percent",
        "organisations",
        _("Of the organisations taking part, the SMEs."),
        "type=sme",
    ),
    Indicator(
        "attendance_rate",
        _("Attendance rate"),
        "percent",
        "labs",
        _("Of the people who said they would come, those checked in (walk-ins left out)."),
    ),
    Indicator(
        "practices_identified",
        _("Good practices identified"),
        "count",
        "practices",
        _("Published and marked identified within the project."),
    ),
    Indicator(
        "practices_validated",
        _("Good practices validated"),
        "count",
        "practices",
        _("Identified, and validated by the programme's experts."),
        "validated=1",
    ),
    Indicator(
        "ideas",
        _("Ideas collected"),
        "count",
        "ideas",
        _("Ideas shown on the live walls, not merged into another."),
    ),
    Indicator(
        "plans_developed",
        _("Action plans developed"),
        "count",
        "plans",
        _("Plans handed in at least once (drafts left out)."),
    ),
    Indicator(
        "plans_endorsed",
        _("Action plans endorsed"),
        "count",
        "plans",
        _("Plans endorsed by the body responsible for the instrument."),
        "endorsed=1",
    ),
    Indicator(
        "instruments_addressed",
        _("Policy instruments addressed"),
        "count",
        "plans",
        _("The instruments of the plans developed."),
    ),
    Indicator(
        "instruments_improved",
        _("Policy instruments improved"),
        "count",
        "plans",
        _("Endorsed plan, with at least one action in progress or completed."),
        "improved=1",
    ),
    Indicator(
        "actions",
        _("Actions"),
        "count",
        "actions",
        _("The actions of the plans, of every status."),
    ),
    Indicator(
        "funds_planned",
        _("Funds planned (EUR)"),
        "eur",
        "funds",
        _("The funding sources of the actions, as the plans stand."),
    ),
    Indicator(
        "funds_planned_structural",
        _("Structural Funds planned (EUR)"),
        "eur",
        "funds",
        _("ERDF, ESF+, Cohesion Fund and Just Transition Fund."),
        "structural=1",
    ),
    Indicator(
        "funds_mobilised",
        _("Funds mobilised (EUR)"),
        "eur",
        "funds",
        _("Reported in the actions' progress entries."),
    ),
    Indicator(
        "funds_mobilised_structural",
        _("Structural Funds mobilised (EUR)"),
        "eur",
        "funds",
        _("ERDF, ESF+, Cohesion Fund and Just Transition Fund."),
        "structural=1",
    ),
    Indicator(
        "capacity_people",
        _("People with increased professional capacity"),
        "count",
        "capacity",
        _("Survey respondents scoring 4–5 on “I learned something I can use in my work”."),
    ),
    Indicator(
        "capacity_share",
        _("Share with increased professional capacity"),
        "percent",
        "capacity",
        _("Of the survey's respondents (labs with enough answers)."),
    ),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


@dataclasses.dataclass(frozen=True)
class Breakdown:
    """How one figure splits (events by kind, actions by status…): a chart's data."""

    key: str
    label: Any
    unit: str
    rows: str
    choices: list[tuple[str, Any]]


BREAKDOWNS: list[Breakdown] = [
    Breakdown("events_by_kind", _("Events held, by kind"), "count", "labs", list(LabKind.choices)),
    Breakdown(
        "organisations_by_helix",
        _("Organisations taking part, by helix"),
        "count",
        "organisations",
        list(Helix.choices),
    ),
    Breakdown(
        "actions_by_status", _("Actions by status"), "count", "actions", list(ActionStatus.choices)
    ),
    Breakdown(
        "funds_planned_by_source",
        _("Funds planned, by source (EUR)"),
        "eur",
        "funds",
        list(FundingKind.choices),
    ),
    Breakdown(
        "funds_mobilised_by_source",
        _("Funds mobilised, by source (EUR)"),
        "eur",
        "funds",
        list(FundingKind.choices),
    ),
]
BREAKDOWN_BY_KEY = {breakdown.key: breakdown for breakdown in BREAKDOWNS}


@dataclasses.dataclass
class Tally:
    """The figures of one partner, or of the project (``partner`` None)."""

    name: str
    partner: Partner | None = None
    values: dict[str, Number] = dataclasses.field(default_factory=dict)
    breakdowns: dict[str, dict[str, Number]] = dataclasses.field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.partner.slug if self.partner is not None else ""

    def figures(self) -> list[tuple[Indicator, Number]]:
        return [(indicator, self.values.get(indicator.key)) for indicator in INDICATORS]

    def split(self, key: str) -> list[tuple[str, Any, Number]]:
        """Return ``(value, label, figure)`` of each part of breakdown ``key``, in order."""
        counts = self.breakdowns.get(key, {})
        return [
            (value, label, counts.get(value, 0)) for value, label in BREAKDOWN_BY_KEY[key].choices
        ]


@dataclasses.dataclass(frozen=True)
class CommonIndicator:
    """One of the programme's common indicators (Interreg 2021–2027) and ours beside it."""

    code: str
    name: Any
    definition: Any
    ours: Any
    figure: Number
    mapping: Any


@dataclasses.dataclass(frozen=True)
class Dashboard:
    project: Project
    period: Period | None
    partner: Partner | None  # the one chosen, or None for the project's total
    partners: list[Tally]  # those the user may see, each with its figures
    total: Tally

    @property
    def selected(self) -> Tally:
        """Return the figures the page leads with: the partner chosen, else the project's."""
        for tally in self.partners:
            if self.partner is not None and tally.partner == self.partner:
                return tally
        return self.total

    def tallies(self) -> list[Tally]:
        """Return every partner's figures the user may see, then the project's."""
        return [*self.partners, self.total]

    def common(self) -> list[CommonIndicator]:
        return common_indicators(self.selected)


# --- who sees which partner ----------------------------------------------------------------


def may_view_partner(user: Any, partner: Partner) -> bool:
    """Return whether ``user`` may see ``partner``'s own figures."""
    return has_perm(user, "indicators.view", SimpleNamespace(partner_id=partner.pk))


def projects_for(user: Any) -> QuerySet[Project]:
    """Return the projects whose indicators ``user`` may read: their partner's; every
    project for the coordinator."""
    projects = Project.objects.order_by("-start_date", "acronym")
    if sees_every_partner(user, "indicators.view"):
        return projects
    if has_perm(user, "indicators.view"):
        return projects.filter(partners=user.partner_id)
    return projects.none()


def partners_of(project: Project) -> list[Partner]:
    """Return the project's partners, the lead first."""
    return list(Partner.objects.filter(project=project).order_by("role", "city"))


# --- periods in the database ---------------------------------------------------------------


def _lab_period(period: Period | None, partners: list[Partner]) -> Q:
    """Return the condition "the lab started in ``period``", each partner's lab in its
    partner's time zone; everything when there is no period."""
    if period is None:
        return Q()
    condition = Q(pk__in=[])
    for partner in partners:
        start, end = period.moments(partner.time_zone)
        condition |= Q(partner_id=partner.pk, starts_at__gte=start, starts_at__lt=end)
    return condition


def _project_moments(
    period: Period, partners: list[Partner]
) -> tuple[datetime.datetime, datetime.datetime]:
    """Return the period's bounds in the lead partner's time zone (the project's)."""
    zone = partners[0].time_zone if partners else "UTC"
    return period.moments(zone)


def counted_labs(project: Project, partners: list[Partner], period: Period | None) -> QuerySet[Lab]:
    """Return the project's events held (in ``period``, when given)."""
    return Lab.objects.filter(
        _lab_period(period, partners), partner__project=project, status=LabStatus.HELD
    )


def _period_labs(project: Project, partners: list[Partner], period: Period | None) -> QuerySet[Lab]:
    """Return the project's labs of any status (in ``period``): where ideas come from."""
    return Lab.objects.filter(_lab_period(period, partners), partner__project=project)


def _accepted() -> Q:
    """Return the condition on an invitation "said they would come" (walk-ins left out)."""
    return Q(response=Response.ATTENDING) & (Q(checkin__isnull=True) | Q(checkin__is_walk_in=False))


def _checked_labs(labs: QuerySet[Lab]) -> QuerySet[Lab]:
    """Return those of ``labs`` where somebody was checked in."""
    return labs.filter(Exists(CheckIn.objects.filter(invitation__lab=OuterRef("pk"))))


def _status_then(period: Period | None) -> Any:
    """Return an expression for an action's status: now, or at the end of ``period``."""
    if period is None:
        return F("status")
    latest = (
        ProgressEntry.objects.filter(action=OuterRef("pk"), on__lte=period.ends_on)
        .order_by("-on", "-pk")
        .values("status")[:1]
    )
    return Coalesce(Subquery(latest), Value(ActionStatus.NOT_STARTED.value))


def _under_way(period: Period | None) -> Exists:
    """Return "the plan has an action reported in progress or completed" (in ``period``)."""
    if period is None:
        return Exists(Action.objects.filter(plan=OuterRef("pk"), status__in=UNDER_WAY))
    return Exists(
        ProgressEntry.objects.filter(
            action__plan=OuterRef("pk"),
            status__in=UNDER_WAY,
            on__gte=period.starts_on,
            on__lte=period.ends_on,
        )
    )


def _mobilised_in(period: Period | None) -> Q:
    if period is None:
        return Q()
    return Q(entry__on__gte=period.starts_on, entry__on__lte=period.ends_on)


# --- the figures -----------------------------------------------------------------------------


def _share(part: Number, whole: Number) -> int | None:
    return round(100 * part / whole) if part is not None and whole else None


class _Tallies:
    """The partners' tallies and the project's, which figures are added to."""

    def __init__(self, project: Project, partners: list[Partner]) -> None:
        self.partners = {p.pk: Tally(name=str(p.city), partner=p) for p in partners}
        self.total = Tally(name=project.acronym)

    def add(self, partner_id: int | None, key: str, value: Number) -> None:
        """Add ``value`` to the partner's ``key`` and to the project's."""
        targets = [self.partners[partner_id]] if partner_id in self.partners else []
        for tally in [*targets, self.total]:
            tally.values[key] = (tally.values.get(key) or 0) + (value or 0)

    def add_part(self, partner_id: int | None, key: str, part: str, value: Number) -> None:
        """Add ``value`` to ``part`` of the partner's breakdown ``key`` and the project's."""
        targets = [self.partners[partner_id]] if partner_id in self.partners else []
        for tally in [*targets, self.total]:
            split = tally.breakdowns.setdefault(key, {})
            split[part] = (split.get(part) or 0) + (value or 0)


def _count_events(tallies: _Tallies, labs: QuerySet[Lab]) -> None:
    """Events held, by kind: one query."""
    for row in labs.order_by().values("partner_id", "kind").annotate(n=Count("pk")):
        tallies.add_part(row["partner_id"], "events_by_kind", row["kind"], row["n"])


def _count_participants(tallies: _Tallies, checkins: QuerySet[CheckIn]) -> None:
    """Unique people and check-ins (across borders too), for the partner whose group each
    person is in: one query, the project's figures being the partners' added up (a person
    is in one partner's group)."""
    across = Q(invitation__lab__kind__in=ACROSS_BORDERS)
    counted: dict[str, Any] = {
        "participants": Count("invitation__stakeholder", distinct=True),
        "participations": Count("pk"),
        "participations_across": Count("pk", filter=across),
    }
    rows: Any = checkins.values("invitation__stakeholder__partner_id").annotate(**counted)
    for row in rows:
        for key in counted:
            tallies.add(row["invitation__stakeholder__partner_id"], key, row[key])


def _count_organisations(tallies: _Tallies, checkins: QuerySet[CheckIn]) -> None:
    """Organisations of the people checked in, by helix, and the SMEs, for the partner
    whose directory each is in: one query, the project's figures being the partners'
    added up (an organisation is in one partner's directory and has one type)."""
    attended = checkins.exclude(invitation__stakeholder__organisation=None)
    organisation = "invitation__stakeholder__organisation"
    counted: dict[str, Any] = {
        "organisations": Count(organisation, distinct=True),
        "organisations_across": Count(
            organisation, distinct=True, filter=Q(invitation__lab__kind__in=ACROSS_BORDERS)
        ),
    }
    rows: Any = attended.values(f"{organisation}__partner_id", f"{organisation}__type").annotate(
        **counted
    )
    for row in rows:
        partner_id, kind = row[f"{organisation}__partner_id"], row[f"{organisation}__type"]
        tallies.add_part(
            partner_id, "organisations_by_helix", HELIX_OF_TYPE[kind], row["organisations"]
        )
        for key in counted:
            tallies.add(partner_id, key, row[key])
        if kind == OrganisationType.SME:
            tallies.add(partner_id, "smes", row["organisations"])


def _count_attendance(tallies: _Tallies, labs: QuerySet[Lab]) -> None:
    """Of those who said they would come, those who came: one query."""
    answers = Invitation.objects.filter(_accepted(), lab__in=_checked_labs(labs)).order_by()
    counted: dict[str, Any] = {
        "accepted": Count("pk"),
        "came": Count("pk", filter=Q(checkin__isnull=False)),
    }
    rows: Any = answers.values("lab__partner_id").annotate(**counted)
    for row in rows:
        for key in counted:
            tallies.add(row["lab__partner_id"], key, row[key])


def _count_practices(
    tallies: _Tallies, user: Any, project: Project, partners: list[Partner], period: Period | None
) -> None:
    """Good practices identified and validated (the results app's indicator): one query."""
    published = _project_moments(period, partners) if period is not None else None
    for found in practices_identified(user, published=published):
        if found.project.pk != project.pk:
            continue
        for practices in found.partners:
            if practices.partner is not None:
                tally = tallies.partners.get(practices.partner.pk)
                if tally is not None:
                    tally.values["practices_identified"] = practices.identified
                    tally.values["practices_validated"] = practices.validated
        tallies.total.values["practices_identified"] = found.total.identified
        tallies.total.values["practices_validated"] = found.total.validated


def _count_ideas(tallies: _Tallies, labs: QuerySet[Lab]) -> None:
    """Ideas shown on the walls of ``labs``, not merged: one query."""
    ideas = Idea.objects.shown().filter(prompt__session__lab__in=labs).order_by()
    for row in ideas.values("prompt__session__lab__partner_id").annotate(n=Count("pk")):
        tallies.add(row["prompt__session__lab__partner_id"], "ideas", row["n"])


def _count_actions(tallies: _Tallies, project: Project, period: Period | None) -> None:
    """Actions by status (now, or at the period's end): one query."""
    actions = (
        Action.objects.filter(plan__partner__project=project)
        .annotate(status_then=_status_then(period))
        .order_by()
        .values("plan__partner_id", "status_then")
        .annotate(n=Count("pk"))
    )
    for row in actions:
        tallies.add_part(row["plan__partner_id"], "actions_by_status", row["status_then"], row["n"])


def _count_funds(tallies: _Tallies, project: Project, period: Period | None) -> None:
    """Funds planned and mobilised, by source: two queries."""
    planned = (
        FundingSource.objects.filter(action__plan__partner__project=project)
        .order_by()
        .values("action__plan__partner_id", "kind")
        .annotate(eur=Sum("amount_eur"))
    )
    for row in planned:
        tallies.add_part(
            row["action__plan__partner_id"], "funds_planned_by_source", row["kind"], row["eur"]
        )
    mobilised = (
        FundsMobilised.objects.filter(
            _mobilised_in(period), source__action__plan__partner__project=project
        )
        .order_by()
        .values("source__action__plan__partner_id", "source__kind")
        .annotate(eur=Sum("amount_eur"))
    )
    for entry in mobilised:
        tallies.add_part(
            entry["source__action__plan__partner_id"],
            "funds_mobilised_by_source",
            entry["source__kind"],
            entry["eur"],
        )


def _count_capacity(tallies: _Tallies, user: Any, labs: QuerySet[Lab]) -> None:
    """People with increased professional capacity (the results app's indicator): one
    query."""
    rows = capacity_by_partner(user, labs=labs)
    for row in rows:
        if row.partner is not None and row.partner.pk in tallies.partners:
            _put_capacity(tallies.partners[row.partner.pk], row)
    _put_capacity(
        tallies.total,
        CapacityRow(
            name=tallies.total.name,
            respondents=sum(row.respondents for row in rows),
            capable=sum(row.capable for row in rows),
            waiting=sum(row.waiting for row in rows),
        ),
    )


@dataclasses.dataclass(frozen=True)
class _Plan:
    pk: int
    instrument_id: int
    partners: frozenset[int]
    developed: bool
    endorsed: bool
    improved: bool


def _plans(project: Project, partners: list[Partner], period: Period | None) -> list[_Plan]:
    """Return the project's plans, each with the partners writing it and what it counts
    for in ``period`` (two queries: the plans, and the partners writing them jointly)."""
    rows = (
        ActionPlan.objects.filter(partner__project=project)
        .annotate(first_handed_in=Min("versions__created_at"), under_way=_under_way(period))
        .values(
            "pk",
            "partner_id",
            "instrument_id",
            "status",
            "endorsed_on",
            "first_handed_in",
            "under_way",
        )
    )
    joint: dict[int, set[int]] = defaultdict(set)
    through = ActionPlan.joint_partners.through
    pairs = through.objects.filter(actionplan__partner__project=project)
    for plan_id, partner_id in pairs.values_list("actionplan_id", "partner_id"):
        joint[plan_id].add(partner_id)
    zones = {partner.pk: partner.time_zone for partner in partners}
    plans = []
    for row in rows:
        endorsed_on: datetime.date | None = row["endorsed_on"]
        handed_in = row["status"] != PlanStatus.DRAFT
        endorsed = endorsed_on is not None
        if period is None:
            improved = endorsed and bool(row["under_way"])
        else:
            first = row["first_handed_in"]
            zone = zoneinfo.ZoneInfo(zones.get(row["partner_id"], "UTC"))
            handed_in = (
                handed_in
                and first is not None
                and Period.of(first.astimezone(zone).date()) == period
            )
            by_end = endorsed_on is not None and endorsed_on <= period.ends_on
            improved = by_end and bool(row["under_way"])
            endorsed = endorsed_on is not None and Period.of(endorsed_on) == period
        plans.append(
            _Plan(
                pk=row["pk"],
                instrument_id=row["instrument_id"],
                partners=frozenset({row["partner_id"], *joint[row["pk"]]}),
                developed=handed_in,
                endorsed=endorsed,
                improved=improved,
            )
        )
    return plans


def _plan_figures(plans: list[_Plan], partner_id: int | None) -> dict[str, Number]:
    mine = [plan for plan in plans if partner_id is None or partner_id in plan.partners]
    return {
        "plans_developed": sum(plan.developed for plan in mine),
        "plans_endorsed": sum(plan.endorsed for plan in mine),
        "instruments_addressed": len({plan.instrument_id for plan in mine if plan.developed}),
        "instruments_improved": len({plan.instrument_id for plan in mine if plan.improved}),
    }


def dashboard(
    user: Any,
    *,
    project: Project,
    partner: Partner | None = None,
    period: Period | None = None,
) -> Dashboard:
    """Return the project's figures for ``user``: of each partner they may see (their
    own; every partner for the coordinator) and the project's totals, over all time or
    ``period``. ``partner`` is the one the page leads with (None: the project).

    The number of queries is fixed (about twenty): it does not grow with labs, people,
    ideas or actions.
    """
    partners = partners_of(project)
    labs = counted_labs(project, partners, period)
    checkins = CheckIn.objects.filter(invitation__lab__in=labs).order_by()
    tallies = _Tallies(project, partners)
    _count_events(tallies, labs)
    _count_participants(tallies, checkins)
    _count_organisations(tallies, checkins)
    _count_attendance(tallies, labs)
    _count_practices(tallies, user, project, partners, period)
    _count_ideas(tallies, _period_labs(project, partners, period))
    plans = _plans(project, partners, period)
    for pk, tally in tallies.partners.items():
        tally.values.update(_plan_figures(plans, pk))
    tallies.total.values.update(_plan_figures(plans, None))
    _count_actions(tallies, project, period)
    _count_funds(tallies, project, period)
    _count_capacity(tallies, user, labs)
    for tally in [*tallies.partners.values(), tallies.total]:
        _finish(tally)
    return Dashboard(
        project=project,
        period=period,
        partner=partner,
        partners=[
            tally
            for tally in tallies.partners.values()
            if tally.partner is not None and may_view_partner(user, tally.partner)
        ],
        total=tallies.total,
    )


def _put_capacity(tally: Tally, row: CapacityRow) -> None:
    tally.values["capacity_people"] = row.capable
    tally.values["capacity_respondents"] = row.respondents
    tally.values["capacity_waiting"] = row.waiting
    tally.values["capacity_share"] = row.share


def _finish(tally: Tally) -> None:
    """Fill in the figures drawn from others, and zeros where nothing was counted."""
    values = tally.values
    events = tally.breakdowns.setdefault("events_by_kind", {})
    values["events_held"] = sum(int(n or 0) for n in events.values())
    for key in (
        "participants",
        "participations",
        "participations_across",
        "organisations",
        "organisations_across",
        "smes",
        "accepted",
        "came",
        "practices_identified",
        "practices_validated",
        "ideas",
        "capacity_people",
        "capacity_respondents",
        "capacity_waiting",
    ):
        values.setdefault(key, 0)
    values.setdefault("capacity_share", None)
    values["sme_share"] = _share(values["smes"], values["organisations"])
    values["attendance_rate"] = _share(values["came"], values["accepted"])
    tally.breakdowns.setdefault("organisations_by_helix", {})
    statuses = tally.breakdowns.setdefault("actions_by_status", {})
    values["actions"] = sum(int(n or 0) for n in statuses.values())
    for key in ("funds_planned", "funds_mobilised"):
        split = tally.breakdowns.setdefault(f"{key}_by_source", {})
        values[key] = sum((Decimal(n or 0) for n in split.values()), Decimal(0))
        values[f"{key}_structural"] = sum(
            (Decimal(split.get(kind) or 0) for kind in STRUCTURAL_FUNDS), Decimal(0)
        )
    values["partners"] = 1 if tally.partner is not None else 0


def common_indicators(tally: Tally) -> list[CommonIndicator]:
    """Return the programme's common indicators and how ours map onto them.

    Most are approximations: the programme counts what a project reports, we count what
    the platform recorded. The table says for each what is counted and what is not.
    """
    values = tally.values
    return [
        CommonIndicator(
            code="RCO 87",
            name=_("Organisations cooperating across borders"),
            definition=_(
                "Organisations cooperating formally in a project: its partners (and "
                "associated partners) in the cooperation agreement."
            ),
            ours=_("Organisations of the stakeholder groups taking part in interregional events"),
            figure=values.get("organisations_across"),
            mapping=_(
                "Approximation. The programme counts the partnership itself (the partners "
                "are not recorded here as organisations); we count the stakeholders' "
                "organisations checked in at interregional workshops and study visits, a "
                "wider and looser circle."
            ),
        ),
        CommonIndicator(
            code="RCO 81",
            name=_("Participations in joint actions across borders"),
            definition=_(
                "Participations in joint actions and events across borders; a person taking "
                "part twice counts twice."
            ),
            ours=_("Check-ins at interregional workshops and study visits held"),
            figure=values.get("participations_across"),
            mapping=_(
                "Close. Only people checked in through the platform count: staff and "
                "speakers who were not checked in are missing; local labs are left out as "
                "they are regional."
            ),
        ),
        CommonIndicator(
            code="RCO 116",
            name=_("Jointly developed solutions"),
            definition=_(
                "Solutions developed jointly by a project, with the actions needed for "
                "their take-up."
            ),
            ours=_("Action plans developed"),
            figure=values.get("plans_developed"),
            mapping=_(
                "Approximation. An action plan is the solution each partner develops from "
                "the cooperation; good practices are what was learnt, not counted here."
            ),
        ),
        CommonIndicator(
            code="RCR 79",
            name=_("Joint strategies and action plans taken up by organisations"),
            definition=_(
                "Strategies and action plans developed jointly and taken up (adopted and "
                "being implemented) by an organisation."
            ),
            ours=_("Action plans endorsed"),
            figure=values.get("plans_endorsed"),
            mapping=_(
                "Approximation. Endorsement by the body responsible for the instrument is "
                "taken as its take-up; the stricter reading, implementation under way, is "
                "“Policy instruments improved”."
            ),
        ),
        CommonIndicator(
            code="RCR 84",
            name=_("Organisations cooperating across borders after project completion"),
            definition=_("Organisations still cooperating a year after the project ended."),
            ours=_("Not computed"),
            figure=None,
            mapping=_("Measured after the project by asking the organisations; not recorded here."),
        ),
        CommonIndicator(
            code="RCR 85",
            name=_("Participations in joint actions across borders after project completion"),
            definition=_("Participations in joint actions continuing after the project ended."),
            ours=_("Not computed"),
            figure=None,
            mapping=_("Measured after the project; not recorded here."),
        ),
    ]


# --- the rows behind a figure ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Rows:
    """The rows behind a figure that ``user`` may see, and how many more were counted."""

    key: str
    items: QuerySet | list
    hidden: int = 0


ROWS: dict[str, Any] = {
    "labs": _("Events held"),
    "people": _("Participants"),
    "organisations": _("Organisations taking part"),
    "practices": _("Good practices identified"),
    "ideas": _("Ideas collected"),
    "plans": _("Action plans"),
    "actions": _("Actions"),
    "funds": _("Funding sources"),
    "capacity": _("Professional capacity, by lab"),
}


def _partner_filter(partner: Partner | None, path: str) -> Q:
    return Q(**{path: partner}) if partner is not None else Q()


def sees_every_partner(user: Any, codename: str) -> bool:
    """Return whether ``user`` may use ``codename`` on every partner's objects."""
    return getattr(user, "role", None) in registered()[codename].everywhere and has_perm(
        user, codename
    )


def _visible(user: Any, codename: str, items: QuerySet) -> tuple[QuerySet, int]:
    """Return the part of ``items`` ``user`` may see, and how many others were counted."""
    if sees_every_partner(user, codename):
        return items, 0
    shown = scope(user, codename, items)
    return shown, items.count() - shown.count()


@dataclasses.dataclass(frozen=True)
class _Ask:
    """What a list of rows is asked for: by whom, of which project, partner and period."""

    user: Any
    project: Project
    partners: list[Partner]
    partner: Partner | None
    period: Period | None
    narrow: dict[str, str]

    def labs(self) -> QuerySet[Lab]:
        """Return the events held the figures count."""
        labs = counted_labs(self.project, self.partners, self.period)
        return labs.filter(partner=self.partner) if self.partner is not None else labs


def _lab_rows(ask: _Ask) -> Rows:
    came = Q(invitations__checkin__isnull=False)
    accepted = Q(invitations__response=Response.ATTENDING) & (
        Q(invitations__checkin__isnull=True) | Q(invitations__checkin__is_walk_in=False)
    )
    items = (
        ask.labs()
        .select_related("partner")
        .annotate(
            checked_in=Count("invitations", filter=came),
            accepted=Count("invitations", filter=accepted),
            came=Count("invitations", filter=accepted & came),
        )
        .order_by("starts_at", "pk")
    )
    if ask.narrow.get("kind") in LabKind.values:
        items = items.filter(kind=ask.narrow["kind"])
    shown, hidden = _visible(ask.user, "labs.view", items)
    return Rows("labs", shown, hidden)


def _people_rows(ask: _Ask) -> Rows:
    labs = ask.labs()
    attended = CheckIn.objects.filter(invitation__lab__in=labs)
    items = (
        Stakeholder.objects.filter(Exists(attended.filter(invitation__stakeholder=OuterRef("pk"))))
        .select_related("organisation", "partner")
        .annotate(
            events=Count(
                "invitations",
                filter=Q(invitations__checkin__isnull=False, invitations__lab__in=labs),
            )
        )
        .order_by(*people_order(ask.partner))
    )
    shown, hidden = _visible(ask.user, "stakeholders.view", items)
    return Rows("people", shown, hidden)


def _organisation_rows(ask: _Ask) -> Rows:
    labs = ask.labs()
    attended = CheckIn.objects.filter(invitation__lab__in=labs)
    came = Q(people__invitations__checkin__isnull=False, people__invitations__lab__in=labs)
    items = (
        Organisation.objects.filter(
            Exists(attended.filter(invitation__stakeholder__organisation=OuterRef("pk")))
        )
        .select_related("partner")
        .annotate(attendees=Count("people", distinct=True, filter=came))
        .order_by(*organisation_order(ask.partner))
    )
    if ask.narrow.get("type") in OrganisationType.values:
        items = items.filter(type=ask.narrow["type"])
    if ask.narrow.get("helix") in Helix.values:
        types = [kind for kind, helix in HELIX_OF_TYPE.items() if helix == ask.narrow["helix"]]
        items = items.filter(type__in=types)
    shown, hidden = _visible(ask.user, "stakeholders.view", items)
    return Rows("organisations", shown, hidden)


def _practice_rows(ask: _Ask) -> Rows:
    practices = identified(GoodPractice.objects.filter(partner__project=ask.project))
    practices = practices.filter(_partner_filter(ask.partner, "partner"))
    if ask.period is not None:
        start, end = _project_moments(ask.period, ask.partners)
        practices = practices.filter(published_at__gte=start, published_at__lt=end)
    if ask.narrow.get("validated"):
        practices = practices.filter(expert_validated_at__isnull=False)
    # Published practices are public: every one is listed.
    return Rows("practices", practices.select_related("partner").order_by("partner__city", "slug"))


def _idea_rows(ask: _Ask) -> Rows:
    labs = _period_labs(ask.project, ask.partners, ask.period)
    labs = labs.filter(_partner_filter(ask.partner, "partner"))
    items = (
        Idea.objects.shown()
        .filter(prompt__session__lab__in=labs)
        .select_related("prompt__session__lab__partner", "theme")
        .order_by("pk")  # in the order they were posted: the index, not a sort
    )
    if sees_every_partner(ask.user, "labs.view"):
        return Rows("ideas", items)
    mine = scope(ask.user, "labs.view", Lab.objects.all())
    shown = items.filter(prompt__session__lab__in=mine)
    return Rows("ideas", shown, items.count() - shown.count())


def _plan_rows(ask: _Ask) -> Rows:
    facts = {
        plan.pk: plan
        for plan in _plans(ask.project, ask.partners, ask.period)
        if ask.partner is None or ask.partner.pk in plan.partners
    }
    if ask.narrow.get("endorsed"):
        facts = {pk: plan for pk, plan in facts.items() if plan.endorsed}
    elif ask.narrow.get("improved"):
        facts = {pk: plan for pk, plan in facts.items() if plan.improved}
    items = (
        ActionPlan.objects.filter(pk__in=list(facts))
        .select_related("partner", "instrument")
        .annotate(action_count=Count("actions"))
        .order_by("partner__city", "instrument__name")
    )
    shown, hidden = _visible(ask.user, "actionplans.view", items)
    plans = list(shown)
    for plan in plans:
        plan.is_developed = facts[plan.pk].developed  # type: ignore[attr-defined]
        plan.is_improved = facts[plan.pk].improved  # type: ignore[attr-defined]
    return Rows("plans", plans, hidden)


def _action_rows(ask: _Ask) -> Rows:
    items = (
        Action.objects.filter(plan__partner__project=ask.project)
        .filter(_partner_filter(ask.partner, "plan__partner"))
        .annotate(status_then=_status_then(ask.period))
        .select_related("plan__partner", "plan__instrument")
        .order_by("plan__partner__city", "plan__slug", "position", "pk")
    )
    if ask.narrow.get("status") in ActionStatus.values:
        items = items.filter(status_then=ask.narrow["status"])
    shown, hidden = _visible(ask.user, "actionplans.action.view", items)
    return Rows("actions", shown, hidden)


def _fund_rows(ask: _Ask) -> Rows:
    mobilised = Sum(
        "mobilised__amount_eur", filter=_prefixed(_mobilised_in(ask.period), "mobilised__")
    )
    items = (
        FundingSource.objects.filter(action__plan__partner__project=ask.project)
        .filter(_partner_filter(ask.partner, "action__plan__partner"))
        .select_related("action__plan__partner")
        .annotate(mobilised_eur=Coalesce(mobilised, Value(Decimal(0))))
        .order_by("action__plan__partner__city", "action__plan__slug", "action__position", "pk")
    )
    if ask.narrow.get("structural"):
        items = items.filter(kind__in=STRUCTURAL_FUNDS)
    if ask.narrow.get("kind") in FundingKind.values:
        items = items.filter(kind=ask.narrow["kind"])
    if sees_every_partner(ask.user, "actionplans.action.view"):
        return Rows("funds", items)
    mine = scope(ask.user, "actionplans.action.view", Action.objects.all())
    shown = items.filter(action__in=mine)
    return Rows("funds", shown, items.count() - shown.count())


def _capacity_rows(ask: _Ask) -> Rows:
    mine = scope(ask.user, "results.feedback.view", ask.labs())
    return Rows("capacity", capacity_by_lab(ask.user, labs=mine))


_ROW_SELECTORS = {
    "labs": _lab_rows,
    "people": _people_rows,
    "organisations": _organisation_rows,
    "practices": _practice_rows,
    "ideas": _idea_rows,
    "plans": _plan_rows,
    "actions": _action_rows,
    "funds": _fund_rows,
    "capacity": _capacity_rows,
}


def indicator_rows(
    user: Any,
    key: str,
    *,
    project: Project,
    partner: Partner | None = None,
    period: Period | None = None,
    narrow: dict[str, str] | None = None,
) -> Rows:
    """Return the rows behind the figures of ``key`` (one of ``ROWS``) that ``user`` may
    see in their own pages, and how many more rows the figures count.

    People and organisations are listed only to those who may open the stakeholder
    directory of their partner (partner staff: their own partner's; the coordinator:
    every partner's, as in the directory); labs, ideas, plans and actions likewise.
    Published good practices are public. ``narrow`` takes the figure's own filter
    (``status=…``, ``endorsed=1``…). Raises ``KeyError`` for an unknown key.
    """
    ask = _Ask(
        user=user,
        project=project,
        partners=partners_of(project),
        partner=partner,
        period=period,
        narrow=narrow or {},
    )
    return _ROW_SELECTORS[key](ask)


def _prefixed(condition: Q, prefix: str) -> Q:
    """Return ``condition`` with every lookup under ``prefix`` (the same filter seen from
    a related model)."""
    prefixed = Q()
    prefixed.connector = condition.connector
    prefixed.negated = condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            prefixed.children.append(_prefixed(child, prefix))
        else:
            lookup, value = child  # type: ignore[misc]
            prefixed.children.append((f"{prefix}{lookup}", value))
    return prefixed


def flat_rows(dashboard: Dashboard) -> Iterator[tuple[Tally, str, Any, Number, str]]:
    """Yield ``(tally, key, label, figure, unit)`` of every figure and part of a breakdown,
    partner by partner and then the project's: the rows of the exports."""
    for tally in dashboard.tallies():
        for indicator, figure in tally.figures():
            yield tally, indicator.key, indicator.label, figure, indicator.unit
        for breakdown in BREAKDOWNS:
            for value, label, figure in tally.split(breakdown.key):
                yield (
                    tally,
                    f"{breakdown.key}.{value}",
                    f"{breakdown.label}: {label}",
                    figure,
                    breakdown.unit,
                )
