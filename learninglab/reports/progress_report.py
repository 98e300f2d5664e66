"""A partner's progress report for one reporting period: Word, PDF and a workbook.

It is generated from the progress entries dated within the period, for every action of
the partner's plans: where each action stood at the end of the period (the status and
progress of its latest entry up to then; not started without one), what happened in
the period, the funds mobilised from each source in it, and the reasons given for a
delay or an abandonment. It is written in the partner's main language; texts not
written in it are shown in another.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from learninglab.actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    FundingSource,
    FundsMobilised,
    ProgressEntry,
)
from learninglab.actionplans.periods import Period, PeriodError, periods_between, plan_first_day
from learninglab.core.permissions import scope
from learninglab.core.spreadsheets import Sheet, write_workbook
from learninglab.projects.models import Partner
from learninglab.reports import pdf
from learninglab.reports.practice import _docx_language

EMPTY = "—"
FORMATS = ("docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# What the report says


@dataclasses.dataclass(frozen=True)
class Funds:
    """Money mobilised from one funding source of an action in the period."""

    source: str
    amount: Decimal


@dataclasses.dataclass(frozen=True)
class EntryLine:
    on: datetime.date
    text: str
    status: str
    progress: int
    reason: str
    funds: list[Funds]


@dataclasses.dataclass(frozen=True)
class ActionLine:
    """An action as the report shows it: where it stood at the period's end."""

    number: int
    title: str
    status: str  # an ActionStatus value
    progress: int
    reason: str
    entries: list[EntryLine]
    funds: list[Funds]  # by source, summed over the period's entries

    @property
    def status_label(self) -> str:
        return str(ActionStatus(self.status).label)

    @property
    def funds_total(self) -> Decimal:
        return sum((f.amount for f in self.funds), Decimal(0))


@dataclasses.dataclass(frozen=True)
class PlanLines:
    plan: ActionPlan
    title: str
    actions: list[ActionLine]


@dataclasses.dataclass(frozen=True)
class ProgressReport:
    partner: Partner
    period: Period
    language: str
    plans: list[PlanLines]

    @property
    def entry_count(self) -> int:
        return sum(len(a.entries) for p in self.plans for a in p.actions)


def partner_plans(user: Any, partner: Partner) -> QuerySet[ActionPlan]:
    """Return the plans ``partner`` leads that ``user`` may see."""
    plans = ActionPlan.objects.filter(partner=partner).order_by("instrument__name", "pk")
    return scope(user, "actionplans.view", plans)


def report_partner(user: Any, partner_slug: str) -> Partner:
    """Return the partner at ``partner_slug`` if ``user`` may see one of its plans; else 404."""
    partner = Partner.objects.select_related("project").filter(slug=partner_slug).first()
    if partner is None or not partner_plans(user, partner).exists():
        raise Http404
    return partner


def report_period(written: str) -> Period:
    """Return the period written in an address, or 404."""
    try:
        return Period.parse(written)
    except PeriodError:
        raise Http404 from None


def _source_name(source: FundingSource) -> str:
    kind = str(source.get_kind_display())
    return f"{source.name} ({kind})" if source.name else kind


def _entries_up_to(end: datetime.date) -> Prefetch:
    funds = FundsMobilised.objects.select_related("source").order_by("source_id", "pk")
    return Prefetch(
        "entries",
        queryset=ProgressEntry.objects.filter(on__lte=end)
        .order_by("on", "created_at", "pk")
        .prefetch_related(Prefetch("funds", queryset=funds)),
    )


def _action_line(action: Action, period: Period, language: str) -> ActionLine:
    entries = list(action.entries.all())  # up to the period's end, oldest first
    latest = entries[-1] if entries else None
    within = [entry for entry in entries if entry.on in period]
    lines = [
        EntryLine(
            on=entry.on,
            text=entry.text,
            status=entry.status,
            progress=entry.progress,
            reason=entry.reason,
            funds=[Funds(_source_name(f.source), f.amount_eur) for f in entry.funds.all()],
        )
        for entry in within
    ]
    by_source: dict[str, Decimal] = {}
    for line in lines:
        for funds in line.funds:
            by_source[funds.source] = by_source.get(funds.source, Decimal(0)) + funds.amount
    return ActionLine(
        number=action.number,
        title=str(action.title.in_(language)),
        status=latest.status if latest else ActionStatus.NOT_STARTED,
        progress=latest.progress if latest else 0,
        reason=latest.reason if latest else "",
        entries=lines,
        funds=[Funds(source, amount) for source, amount in by_source.items()],
    )


def progress_report(user: Any, partner: Partner, period: Period) -> ProgressReport:
    """Return the report of ``partner`` for ``period``, over the plans ``user`` may see."""
    language = partner.main_language
    actions = Action.objects.order_by("position", "pk").prefetch_related(
        _entries_up_to(period.ends_on)
    )
    plans = partner_plans(user, partner).select_related("instrument", "partner__project")
    plans = plans.prefetch_related(Prefetch("actions", queryset=actions))
    with translation.override(language):  # the funding sources' kinds are named in it
        lines = [
            PlanLines(
                plan=plan,
                title=str(plan.title.in_(language)) or plan.instrument.name,
                actions=[_action_line(a, period, language) for a in plan.actions.all()],
            )
            for plan in plans
        ]
    return ProgressReport(partner=partner, period=period, language=language, plans=lines)


# The list of reports


@dataclasses.dataclass(frozen=True)
class DueReport:
    """One period of a partner's plans, with its due date and how it stands."""

    period: Period
    entries: int
    today: datetime.date

    @property
    def due_on(self) -> datetime.date:
        return self.period.due_on

    @property
    def is_under_way(self) -> bool:
        return self.today <= self.period.ends_on

    @property
    def is_overdue(self) -> bool:
        """Whether the due date has passed with no progress recorded in the period."""
        return self.period.is_overdue(self.today) and not self.entries


@dataclasses.dataclass(frozen=True)
class PartnerReports:
    partner: Partner
    plans: list[ActionPlan]
    reports: list[DueReport]  # newest first


def reports_overview(user: Any, *, today: datetime.date | None = None) -> list[PartnerReports]:
    """Return, per partner whose plans ``user`` may see, the periods of its plans (newest
    first) with the number of progress entries in each. Three queries, whatever the
    number of partners and plans."""
    today = today or timezone.localdate()
    plans = (
        scope(user, "actionplans.view", ActionPlan.objects.all())
        .select_related("partner", "instrument")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("position", "pk")))
        .order_by("partner__city", "instrument__name", "pk")
    )
    by_partner: dict[int, list[ActionPlan]] = {}
    for plan in plans:
        by_partner.setdefault(plan.partner_id, []).append(plan)
    plan_ids = [plan.pk for plans_of_partner in by_partner.values() for plan in plans_of_partner]
    entry_days = (
        ProgressEntry.objects.filter(action__plan__in=plan_ids)
        .order_by()
        .values_list("action__plan__partner_id", "on")
    )
    counts: dict[tuple[int, Period], int] = {}
    for partner_id, on in entry_days:
        key = (partner_id, Period.of(on))
        counts[key] = counts.get(key, 0) + 1
    overview = []
    for partner_plans_ in by_partner.values():
        partner = partner_plans_[0].partner
        firsts = [day for day in map(plan_first_day, partner_plans_) if day is not None]
        periods = periods_between(min(firsts), today) if firsts and min(firsts) <= today else []
        overview.append(
            PartnerReports(
                partner=partner,
                plans=partner_plans_,
                reports=[
                    DueReport(period, counts.get((partner.pk, period), 0), today)
                    for period in reversed(periods)
                ],
            )
        )
    return overview


# Writing it


def _day(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else EMPTY


def _eur(value: Decimal) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def _funds_text(funds: Sequence[Funds]) -> str:
    return "; ".join(f"{f.source}: {_eur(f.amount)}" for f in funds)


def document_filename(report: ProgressReport) -> str:
    return f"progress-report-{report.partner.slug}-{report.period}"


def _title(report: ProgressReport) -> str:
    return _("Progress report %(period)s") % {"period": report.period}


def _period_line(report: ProgressReport) -> str:
    period = report.period
    return _("Period %(start)s – %(end)s; report due on %(due)s") % {
        "start": _day(period.starts_on),
        "end": _day(period.ends_on),
        "due": _day(period.due_on),
    }


def _summary_header() -> list[str]:
    return [
        _("Action"),
        _("Status at the end of the period"),
        _("Progress (%)"),
        _("Funds mobilised (EUR)"),
    ]


def progress_report_docx(report: ProgressReport) -> bytes:
    """Return the report as a Word document."""
    with translation.override(report.language):
        document = Document()
        document.styles["Normal"].font.name = "Calibri"
        document.styles["Normal"].font.size = Pt(10.5)
        _docx_language(document, report.language)
        project = report.partner.project
        properties = document.core_properties
        properties.title = f"{_title(report)}: {report.partner.city}"
        properties.language = report.language
        properties.author = str(report.partner.institution.in_(report.language))
        document.add_paragraph().add_run(f"{project.programme} · {project.acronym}").bold = True
        document.add_heading(_title(report), level=0)
        document.add_paragraph(str(report.partner.institution.in_(report.language)))
        document.add_paragraph(_period_line(report))
        for plan in report.plans:
            document.add_heading(plan.title, level=1)
            table = document.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, heading in zip(table.rows[0].cells, _summary_header(), strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(heading).bold = True
            for action in plan.actions:
                cells = table.add_row().cells
                cells[0].text = f"{action.number}. {action.title}"
                cells[1].text = action.status_label
                cells[2].text = str(action.progress)
                cells[3].text = _eur(action.funds_total)
            for action in plan.actions:
                document.add_heading(f"{action.number}. {action.title}", level=2)
                status = _("%(status)s, %(progress)s%% done at the end of the period") % {
                    "status": action.status_label,
                    "progress": action.progress,
                }
                document.add_paragraph(status)
                if action.reason:
                    paragraph = document.add_paragraph()
                    paragraph.add_run(_("Reasons") + ": ").bold = True
                    paragraph.add_run(action.reason)
                if not action.entries:
                    document.add_paragraph(_("No progress recorded in the period."))
                for entry in action.entries:
                    paragraph = document.add_paragraph(style="List Bullet")
                    paragraph.add_run(f"{_day(entry.on)}: ").bold = True
                    paragraph.add_run(entry.text)
                if action.funds:
                    paragraph = document.add_paragraph()
                    paragraph.add_run(_("Funds mobilised") + ": ").bold = True
                    paragraph.add_run(_funds_text(action.funds))
        if not report.plans:
            document.add_paragraph(_("No action plan."))
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _pdf_story(report: ProgressReport) -> list[Flowable]:
    project = report.partner.project
    h1 = pdf.style("pr-h1", size=12.5, bold=True, textColor=pdf.ACCENT, spaceBefore=4 * mm)
    h2 = pdf.style("pr-h2", size=10.5, bold=True, spaceBefore=3 * mm, spaceAfter=1 * mm)
    body = pdf.style("pr-body", size=9.5, spaceAfter=1 * mm)
    item = pdf.style("pr-item", size=9.5, leftIndent=5 * mm, bulletIndent=1 * mm)
    cell = pdf.style("pr-cell", size=9)
    right = pdf.style("pr-cell-right", size=9, alignment=pdf.RIGHT)
    story: list[Flowable] = [
        Paragraph(
            f"<b>{pdf.escape(project.acronym)}</b> — {pdf.escape(project.title)}",
            pdf.style("pr-project", size=8.5),
        ),
        Spacer(0, 3 * mm),
        pdf.text(_title(report), pdf.style("pr-title", size=16, bold=True, textColor=pdf.ACCENT)),
        pdf.text(str(report.partner.institution.in_(report.language)), body),
        pdf.text(_period_line(report), body),
    ]
    width = pdf.CONTENT_WIDTH
    for plan in report.plans:
        story.append(pdf.text(plan.title, h1))
        rows = [
            [
                pdf.text(f"{a.number}. {a.title}", cell),
                pdf.text(a.status_label, cell),
                pdf.text(str(a.progress), right),
                pdf.text(_eur(a.funds_total), right),
            ]
            for a in plan.actions
        ]
        story += [
            pdf.table(
                _summary_header(),
                rows,
                widths=[width * 0.45, width * 0.22, width * 0.13, width * 0.20],
                right=(2, 3),
            ),
            Spacer(0, 2 * mm),
        ]
        for action in plan.actions:
            story.append(pdf.text(f"{action.number}. {action.title}", h2))
            story.append(
                pdf.text(
                    _("%(status)s, %(progress)s%% done at the end of the period")
                    % {"status": action.status_label, "progress": action.progress},
                    body,
                )
            )
            if action.reason:
                story.append(
                    Paragraph(
                        f"<b>{pdf.escape(_('Reasons'))}:</b> {pdf.escape(action.reason)}", body
                    )
                )
            if not action.entries:
                story.append(pdf.text(_("No progress recorded in the period."), body))
            for entry in action.entries:
                story.append(
                    Paragraph(
                        f"<b>{pdf.escape(_day(entry.on))}:</b> {pdf.escape(entry.text)}",
                        item,
                        bulletText="•",
                    )
                )
            if action.funds:
                story.append(
                    Paragraph(
                        f"<b>{pdf.escape(_('Funds mobilised'))}:</b> "
                        f"{pdf.escape(_funds_text(action.funds))}",
                        body,
                    )
                )
    if not report.plans:
        story.append(pdf.text(_("No action plan."), body))
    return story


def progress_report_pdf(report: ProgressReport) -> bytes:
    """Return the report as an A4 PDF."""
    pdf.register_fonts()
    with translation.override(report.language):
        title = f"{_title(report)}: {report.partner.city}"
        return pdf.a4_document(
            _pdf_story(report),
            title=title,
            author=str(report.partner.institution.in_(report.language)),
            language=report.language,
            footer=f"{report.partner.project.acronym} · {title}",
        )


def _workbook_rows(report: ProgressReport) -> list[list[str | int | float]]:
    rows: list[list[str | int | float]] = []
    for plan in report.plans:
        for action in plan.actions:
            common: list[str | int | float] = [
                plan.title,
                action.number,
                action.title,
                action.status_label,
                action.progress,
            ]
            for entry in action.entries:
                rows.append(
                    [
                        *common,
                        entry.on.isoformat(),
                        entry.text,
                        float(sum((f.amount for f in entry.funds), Decimal(0))),
                        _funds_text(entry.funds),
                        entry.reason,
                    ]
                )
            if not action.entries:
                rows.append([*common, "", "", 0.0, "", action.reason])
    return rows


def progress_report_xlsx(report: ProgressReport) -> bytes:
    """Return the report as a workbook: one row per entry of the period (one per action
    without any), and the funds mobilised per action and source."""
    with translation.override(report.language):
        progress = Sheet(
            title=str(report.period),
            header=[
                _("Action plan"),
                _("No."),
                _("Action"),
                _("Status at the end of the period"),
                _("Progress at the end of the period (%)"),
                _("Date"),
                _("What happened"),
                _("Funds mobilised (EUR)"),
                _("Funds mobilised by source"),
                _("Reasons for a delay or abandonment"),
            ],
            rows=_workbook_rows(report),
        )
        funds = Sheet(
            title=_("Funds mobilised"),
            header=[_("Action plan"), _("No."), _("Action"), _("Source"), _("Amount (EUR)")],
            rows=[
                [plan.title, action.number, action.title, f.source, float(f.amount)]
                for plan in report.plans
                for action in plan.actions
                for f in action.funds
            ],
        )
        buffer = io.BytesIO()
        write_workbook([progress, funds], buffer)
        return buffer.getvalue()


WRITERS = {"docx": progress_report_docx, "pdf": progress_report_pdf, "xlsx": progress_report_xlsx}


def progress_report_document(report: ProgressReport, fmt: str) -> bytes:
    """Return the report as ``docx``, ``pdf`` or ``xlsx``."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(WRITERS)}.")
    return WRITERS[fmt](report)
