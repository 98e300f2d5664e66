"""An action plan laid out as the programme's action plan template, as a Word document and
as a PDF.

Both are built from the same list of parts, in the template's order: Part I general
information, Part II the policy context (the kind of instrument ticked among the three
the template names), Part III the actions (1. the background, with the good practices
and ideas behind the action named; 2. the action; 3. the players involved; 4. the
timeframe; 5. the costs; 6. the funding sources), then the endorsement with its
signature line. They are written in the plan's language, headings and texts alike,
followed by an English summary of the actions: each action's title, its link to the
project and its policy relevance. A plan written in English has no second summary.
"""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from learninglab.actionplans.models import (
    Action,
    ActionIdea,
    ActionPlan,
    ActionPlayer,
    ActionPractice,
    FundingSource,
    Milestone,
)
from learninglab.core.multilingual import Multilingual, language_name
from learninglab.core.permissions import scope
from learninglab.core.text import quoted
from learninglab.projects.models import InstrumentKind
from learninglab.reports import pdf
from learninglab.reports.practice import Facts, _docx_facts, _docx_language, _pdf_facts

EMPTY = "—"
TICKED, UNTICKED = "☒", "☐"
SUMMARY_LANGUAGE = "en"


# The parts of the document, whatever it is written as.


@dataclasses.dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclasses.dataclass(frozen=True)
class Passage:
    """A text of the plan; ``note`` says when it is shown in another language."""

    text: str
    note: str = ""
    label: str = ""


@dataclasses.dataclass(frozen=True)
class Grid:
    """A table with a header row; ``right`` are the columns of amounts."""

    header: list[str]
    rows: list[list[str]]
    right: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True)
class TickBoxes:
    """The template's tick boxes: each choice and whether it is ticked."""

    label: str
    choices: list[tuple[str, bool]]


@dataclasses.dataclass(frozen=True)
class Items:
    """A short list under a label (the practices, the ideas behind an action)."""

    label: str
    items: list[str]


@dataclasses.dataclass(frozen=True)
class SignatureLine:
    label: str


@dataclasses.dataclass(frozen=True)
class NewPage:
    pass


Block = Heading | Passage | Facts | Grid | TickBoxes | Items | SignatureLine | NewPage


def plans_to_export(queryset: QuerySet[ActionPlan]) -> QuerySet[ActionPlan]:
    """Return ``queryset`` with everything the document reads fetched with it."""
    return queryset.select_related("partner__project", "instrument").prefetch_related(
        "joint_partners",
        Prefetch(
            "actions",
            queryset=Action.objects.order_by("position", "pk").prefetch_related(
                Prefetch(
                    "practice_links",
                    queryset=ActionPractice.objects.select_related("practice__partner").order_by(
                        "pk"
                    ),
                ),
                Prefetch(
                    "idea_links", queryset=ActionIdea.objects.select_related("lab").order_by("pk")
                ),
                Prefetch(
                    "players",
                    queryset=ActionPlayer.objects.select_related("organisation").order_by(
                        "position", "pk"
                    ),
                ),
                Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
                Prefetch("funding", queryset=FundingSource.objects.order_by("pk")),
            ),
        ),
    )


def plan_to_export(user: Any, slug: str) -> ActionPlan:
    """Return the plan at ``slug`` with what its document reads, if ``user`` may see it
    (``actionplans.view``: their own partner's, or any for the coordinator); else 404."""
    visible = scope(user, "actionplans.view", ActionPlan.objects.all())
    return get_object_or_404(plans_to_export(visible), slug=slug)


def _fetched(plan: ActionPlan) -> ActionPlan:
    """Return ``plan`` as ``plans_to_export`` fetches it, unless it was fetched so."""
    if "actions" in getattr(plan, "_prefetched_objects_cache", {}):
        return plan
    return plans_to_export(ActionPlan.objects.filter(pk=plan.pk)).get()


def document_filename(plan: ActionPlan) -> str:
    """Return the file's name without its extension."""
    return f"action-plan-{plan.slug}"


def document_title() -> str:
    return _("Action plan")


def _day(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else EMPTY


def _eur(value: Decimal | None) -> str:
    if value is None:
        return EMPTY
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def _passage(texts: Multilingual, language: str, *, label: str = "") -> Passage:
    text = texts.in_(language)
    note = ""
    if text and text.is_fallback:
        note = _("Not written in %(wanted)s: shown in %(shown)s.") % {
            "wanted": language_name(language),
            "shown": language_name(text.language),
        }
    return Passage(text=str(text) or EMPTY, note=note, label=label)


def _practice_line(link: ActionPractice, language: str) -> str:
    practice = link.practice
    line = f"{practice.title.in_(language)} ({practice.partner.city})"
    return f"{line}: {link.note}" if link.note else line


def _idea_line(link: ActionIdea) -> str:
    where = str(link.lab.heading) if link.lab is not None else ""
    votes = _("%(votes)s votes") % {"votes": link.votes}
    details = ", ".join(part for part in (where, votes) if part)
    return f"{quoted(link.text)} ({details})"


def _origins(action: Action, language: str) -> list[Block]:
    """Return the good practices and ideas behind ``action``, named."""
    blocks: list[Block] = []
    practices = [_practice_line(link, language) for link in action.practice_links.all()]
    ideas = [_idea_line(link) for link in action.idea_links.all()]
    if practices:
        blocks.append(Items(_("Good practices behind it"), practices))
    if ideas:
        blocks.append(Items(_("Ideas behind it"), ideas))
    return blocks


def _funding_source(source: Any) -> str:
    kind = str(source.get_kind_display())
    return f"{source.name} ({kind})" if source.name else kind


def _other_partners(plan: ActionPlan, language: str) -> str:
    joint = [str(p.institution.in_(language)) for p in plan.joint_partners.all()]
    written = str(plan.other_partners.in_(language))
    return "; ".join(part for part in (*joint, written) if part) or EMPTY


def _general_information(plan: ActionPlan, language: str) -> list[Block]:
    project = plan.partner.project
    return [
        Heading(_("Part I – General information")),
        Facts(
            [
                (_("Project"), f"{project.acronym} — {project.title}"),
                (
                    _("Partner organisation"),
                    str(plan.organisation.in_(language))
                    or str(plan.partner.institution.in_(language)),
                ),
                (_("Other partner organisations involved"), _other_partners(plan, language)),
                (_("Country"), plan.country or EMPTY),
                (
                    # The field's name, written to follow a capital in running text.
                    capfirst(_("NUTS 2 region")),
                    " ".join(part for part in (plan.nuts2, plan.region) if part) or EMPTY,
                ),
                (_("Contact person"), plan.contact_name or EMPTY),
                (_("E-mail address"), plan.contact_email or EMPTY),
                (_("Phone number"), plan.contact_phone or EMPTY),
            ]
        ),
    ]


def _policy_context(plan: ActionPlan, language: str) -> list[Block]:
    return [
        Heading(_("Part II – Policy context")),
        TickBoxes(
            _("The action plan aims to impact:"),
            [(str(kind.label), plan.instrument.kind == kind.value) for kind in InstrumentKind],
        ),
        Facts([(_("Name of the policy instrument addressed"), plan.instrument.name)]),
        _passage(
            plan.improvement,
            language,
            label=_("How the action plan will improve the policy instrument"),
        ),
    ]


def _action(action: Action, language: str) -> list[Block]:
    title = action.title.in_(language)
    milestones = [
        [str(m.title.in_(language)), _day(m.due_on), _day(m.done_on)]
        for m in action.milestones.all()
    ]
    players = [
        [player.display_name, str(player.role.in_(language)) or EMPTY]
        for player in action.players.all()
    ]
    funding = [[_funding_source(s), _eur(s.amount_eur)] for s in action.funding.all()]
    blocks: list[Block] = [
        Heading(_("Action %(number)s: %(title)s") % {"number": action.number, "title": title}, 2),
        Heading(_("1. The background"), 3),
        _passage(action.background, language),
        *_origins(action, language),
        Heading(_("2. Action"), 3),
        _passage(action.description, language),
        Heading(_("3. Players involved"), 3),
        Grid([_("Organisation"), _("Role")], players)
        if players
        else Passage(_("No players named yet.")),
        Heading(_("4. Timeframe"), 3),
        Facts([(_("Start"), _day(action.starts_on)), (_("End"), _day(action.ends_on))]),
    ]
    if milestones:
        blocks.append(Grid([_("Milestone"), _("Due"), _("Reached")], milestones))
    blocks += [
        Heading(_("5. Costs"), 3),
        Facts([(_("Estimated costs (EUR)"), _eur(action.costs_eur))]),
        Heading(_("6. Funding sources"), 3),
    ]
    if funding:
        total = sum((s.amount_eur for s in action.funding.all()), Decimal(0))
        blocks.append(
            Grid([_("Source"), _("Amount (EUR)")], [*funding, [_("Total"), _eur(total)]], (1,))
        )
    else:
        blocks.append(Passage(_("No funding sources named yet.")))
    blocks.append(
        TickBoxes(_("Pilot action:"), [(_("Yes"), action.is_pilot), (_("No"), not action.is_pilot)])
    )
    return blocks


def _endorsement(plan: ActionPlan) -> list[Block]:
    return [
        Heading(_("Endorsement")),
        Facts(
            [
                (_("Date"), _day(plan.endorsed_on)),
                (_("Organisation"), plan.endorsed_by or EMPTY),
                (_("Signatory"), plan.signatory or EMPTY),
                (_("Position"), plan.signatory_position or EMPTY),
            ]
        ),
        SignatureLine(_("Signature and stamp of the organisation")),
    ]


def _summary(plan: ActionPlan) -> list[Block]:
    """Return the English summary: each action's title, its link to the project and its
    policy relevance. Call it with English active."""
    blocks: list[Block] = [
        NewPage(),
        Heading(_("Summary in English")),
        _passage(plan.summary, SUMMARY_LANGUAGE, label=_("The actions and their policy relevance")),
    ]
    for action in plan.actions.all():
        title = action.title.in_(SUMMARY_LANGUAGE)
        blocks += [
            Heading(
                _("Action %(number)s: %(title)s") % {"number": action.number, "title": title}, 2
            ),
            Heading(_("Link to the project"), 3),
            *(
                _origins(action, SUMMARY_LANGUAGE)
                or [Passage(_("No good practice or idea linked yet."))]
            ),
            Heading(_("Policy relevance"), 3),
            _passage(action.description, SUMMARY_LANGUAGE),
        ]
    return blocks


def plan_parts(plan: ActionPlan) -> list[Block]:
    """Return the document's blocks, in the template's order: in the plan's language,
    then the English summary (none when the plan is written in English)."""
    language = plan.language
    with translation.override(language):
        blocks: list[Block] = [
            *_general_information(plan, language),
            *_policy_context(plan, language),
            NewPage(),
            Heading(_("Part III – Details of the actions envisaged")),
        ]
        actions = list(plan.actions.all())
        for action in actions:
            blocks += _action(action, language)
        if not actions:
            blocks.append(Passage(_("No actions yet.")))
        blocks += _endorsement(plan)
    if language != SUMMARY_LANGUAGE:
        with translation.override(SUMMARY_LANGUAGE):
            blocks += _summary(plan)
    return blocks


def _cover(plan: ActionPlan) -> tuple[str, str, str]:
    """Return the cover's lines: programme and project, the plan's title, the partner."""
    language = plan.language
    project = plan.partner.project
    title = str(plan.title.in_(language)) or (
        _("Action plan of %(partner)s") % {"partner": plan.partner.city}
    )
    return (
        f"{project.programme} · {project.acronym}",
        title,
        f"{plan.partner.institution.in_(language)} · {plan.instrument.name}",
    )


# Word


_MUTED = RGBColor(0x59, 0x63, 0x6E)
_BOX_FONT = "Segoe UI Symbol"


def _docx_grid(document: Any, grid: Grid) -> None:
    table = document.add_table(rows=1, cols=len(grid.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, heading in zip(table.rows[0].cells, grid.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    for values in grid.rows:
        cells = table.add_row().cells
        for n, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = value
            if n in grid.right:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for n in grid.right:
        table.rows[0].cells[n].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def _docx_block(document: Any, block: Block) -> None:
    if isinstance(block, Heading):
        document.add_heading(block.text, level=block.level)
    elif isinstance(block, Facts):
        _docx_facts(document, block)
    elif isinstance(block, Grid):
        _docx_grid(document, block)
    elif isinstance(block, TickBoxes):
        document.add_paragraph().add_run(block.label).bold = True
        for label, ticked in block.choices:
            paragraph = document.add_paragraph()
            box = paragraph.add_run(TICKED if ticked else UNTICKED)
            box.font.name = _BOX_FONT
            paragraph.add_run(f" {label}")
    elif isinstance(block, Items):
        document.add_paragraph().add_run(block.label).bold = True
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Passage):
        if block.label:
            document.add_paragraph().add_run(block.label).bold = True
        if block.note:
            run = document.add_paragraph().add_run(block.note)
            run.italic = True
            run.font.color.rgb = _MUTED
        for line in block.text.split("\n"):
            document.add_paragraph(line)
    elif isinstance(block, SignatureLine):
        document.add_paragraph()
        document.add_paragraph("_" * 40)
        run = document.add_paragraph().add_run(block.label)
        run.font.color.rgb = _MUTED
    elif isinstance(block, NewPage):
        document.add_page_break()


def action_plan_docx(plan: ActionPlan) -> bytes:
    """Return the plan as a Word document laid out as the programme's template."""
    plan = _fetched(plan)
    language = plan.language
    with translation.override(language):
        document = Document()
        for section in document.sections:
            section.left_margin = section.right_margin = Cm(2.2)
        normal = document.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        _docx_language(document, language)
        kicker, title, partner = _cover(plan)
        properties = document.core_properties
        properties.title = f"{document_title()}: {title}"
        properties.subject = f"{plan.partner.project.acronym} — {plan.instrument.name}"
        properties.author = str(plan.partner.institution.in_(language))
        properties.language = language

        document.add_paragraph().add_run(kicker).bold = True
        document.add_paragraph(document_title().upper())
        document.add_heading(title, level=0)
        document.add_paragraph(partner)
    for block in plan_parts(plan):
        _docx_block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# PDF


def _styles() -> dict[str | int, Any]:
    return {
        1: pdf.style("ap-h1", size=13, bold=True, textColor=pdf.ACCENT, spaceBefore=4 * mm),
        2: pdf.style("ap-h2", size=11.5, bold=True, textColor=pdf.ACCENT, spaceBefore=4 * mm),
        3: pdf.style("ap-h3", size=10, bold=True, spaceBefore=2.5 * mm, spaceAfter=1 * mm),
        "body": pdf.style("ap-body", size=10, spaceAfter=1.5 * mm),
        "label": pdf.style("ap-label", size=10, bold=True, spaceAfter=1 * mm),
        "note": pdf.style("ap-note", size=8.5, textColor=pdf.MUTED, spaceAfter=1 * mm),
        "cell": pdf.style("ap-cell", size=9),
        "cell-right": pdf.style("ap-cell-right", size=9, alignment=pdf.RIGHT),
        "item": pdf.style("ap-item", size=10, leftIndent=5 * mm, bulletIndent=1 * mm),
        "box": pdf.style("ap-box", size=10, leftIndent=2 * mm, spaceAfter=0.8 * mm),
    }


def _pdf_grid(grid: Grid, styles: dict[str | int, Any]) -> Table:
    count = len(grid.header)
    first = pdf.CONTENT_WIDTH * (0.6 if count == 2 else 0.5)
    rest = (pdf.CONTENT_WIDTH - first) / (count - 1)
    rows = [
        [
            pdf.text(value, styles["cell-right"] if n in grid.right else styles["cell"])
            for n, value in enumerate(values)
        ]
        for values in grid.rows
    ]
    return pdf.table(grid.header, rows, widths=[first] + [rest] * (count - 1), right=grid.right)


def _pdf_block(block: Block, styles: dict[str | int, Any]) -> list[Flowable]:
    if isinstance(block, Heading):
        return [pdf.text(block.text, styles[block.level])]
    if isinstance(block, Facts):
        return [_pdf_facts(block), Spacer(0, 2 * mm)]
    if isinstance(block, Grid):
        return [_pdf_grid(block, styles), Spacer(0, 2 * mm)]
    if isinstance(block, TickBoxes):
        return [
            pdf.text(block.label, styles["label"]),
            *(
                pdf.text(f"{TICKED if ticked else UNTICKED} {label}", styles["box"])
                for label, ticked in block.choices
            ),
            Spacer(0, 1.5 * mm),
        ]
    if isinstance(block, Items):
        return [
            pdf.text(block.label, styles["label"]),
            *(Paragraph(pdf.escape(item), styles["item"], bulletText="•") for item in block.items),
            Spacer(0, 1.5 * mm),
        ]
    if isinstance(block, Passage):
        story: list[Flowable] = []
        if block.label:
            story.append(pdf.text(block.label, styles["label"]))
        if block.note:
            story.append(pdf.text(block.note, styles["note"]))
        story += [pdf.text(line, styles["body"]) for line in block.text.split("\n") if line.strip()]
        return story
    if isinstance(block, SignatureLine):
        return [
            Spacer(0, 14 * mm),
            pdf.text("_" * 40, styles["body"]),
            pdf.text(block.label, styles["note"]),
        ]
    return [PageBreak()]


def _pdf_story(plan: ActionPlan) -> list[Flowable]:
    styles = _styles()
    kicker, title, partner = _cover(plan)
    project = plan.partner.project
    story: list[Flowable] = [
        Paragraph(
            f"<b>{pdf.escape(kicker)}</b> — {pdf.escape(project.title)}",
            pdf.style("ap-project", size=8.5),
        ),
        pdf.text(
            _("%(programme)s — project co-financed by the European Regional Development Fund")
            % {"programme": project.programme},
            pdf.style("ap-funding", size=8, textColor=pdf.MUTED),
        ),
        Spacer(0, 3 * mm),
        pdf.text(
            document_title().upper(),
            pdf.style("ap-kind", size=10, bold=True, textColor=pdf.MUTED),
        ),
        pdf.text(
            title, pdf.style("ap-title", size=17, bold=True, textColor=pdf.ACCENT, leading=21)
        ),
        pdf.text(partner, pdf.style("ap-partner", size=10, spaceAfter=2 * mm)),
    ]
    pending: list[Flowable] = []
    for block in plan_parts(plan):
        flowables = _pdf_block(block, styles)
        if isinstance(block, Heading):
            # A heading never ends a page alone: it stays with what follows it.
            pending += flowables
            continue
        if pending:
            story.append(KeepTogether([*pending, *flowables[:2]]))
            story += flowables[2:]
            pending = []
        else:
            story += flowables
    return story + pending


def action_plan_pdf(plan: ActionPlan) -> bytes:
    """Return the plan as an A4 PDF laid out as the programme's template."""
    plan = _fetched(plan)
    pdf.register_fonts()
    language = plan.language
    with translation.override(language):
        _kicker, title, _partner = _cover(plan)
        return pdf.a4_document(
            _pdf_story(plan),
            title=f"{document_title()}: {title}",
            author=str(plan.partner.institution.in_(language)),
            subject=f"{plan.partner.project.acronym} — {plan.instrument.name}",
            language=language,
            footer=f"{plan.partner.project.acronym} · {document_title()} · {pdf.shortened(title)}",
        )


WRITERS = {"docx": action_plan_docx, "pdf": action_plan_pdf}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def action_plan_document(plan: ActionPlan, fmt: str) -> bytes:
    """Return the plan as ``docx`` or ``pdf``."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(WRITERS)}.")
    return WRITERS[fmt](plan)
