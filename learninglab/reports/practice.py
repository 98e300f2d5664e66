"""A good practice laid out like the programme's good-practice form, as a Word document
and as a PDF.

Both are built from the same list of sections, in the form's order: general
information, location, summary, detailed description, resources, timescale, evidence of
success, difficulties and lessons learnt, potential for transfer, further information,
contact, and the experts' validation when there is one. They are written in English (the
programme's working language) or, on request, in the partner's language: headings and
texts alike. A text not written in that language is shown in another one and says so.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from learninglab.core.multilingual import Multilingual, language_name
from learninglab.practices.links import absolute, public_url
from learninglab.practices.models import GoodPractice
from learninglab.reports import pdf

# Where a field was left empty.
EMPTY = "—"


class UnknownLanguage(ValueError):
    """The practice is not written in the language asked for."""


@dataclasses.dataclass(frozen=True)
class Passage:
    """A text of the practice, under an optional subheading; ``note`` says when it is
    shown in another language than the document's."""

    text: str
    subheading: str = ""
    note: str = ""
    language: str = ""


@dataclasses.dataclass(frozen=True)
class Facts:
    """Short facts, each a label and its value."""

    rows: list[tuple[str, str]]


@dataclasses.dataclass(frozen=True)
class Section:
    heading: str
    blocks: list[Passage | Facts]


def document_languages(practice: GoodPractice) -> list[str]:
    """Return the languages a practice's document may be asked in: English first."""
    return ["en", *(code for code in practice.languages if code != "en")]


def _day(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else EMPTY


def _passage(texts: Multilingual, language: str, *, subheading: str = "") -> Passage:
    text = texts.in_(language)
    note = ""
    if text and text.is_fallback:
        note = _("Not written in %(wanted)s: shown in %(shown)s.") % {
            "wanted": language_name(language),
            "shown": language_name(text.language),
        }
    return Passage(
        text=str(text) or EMPTY, subheading=subheading, note=note, language=text.language
    )


def _status(practice: GoodPractice) -> str:
    status = str(practice.get_status_display())
    if practice.is_published and practice.published_at:
        status = _("%(status)s on %(date)s") % {
            "status": status,
            "date": _day(practice.published_at.date()),
        }
    return status


def _contact(practice: GoodPractice) -> list[tuple[str, str]]:
    person = practice.contact
    if person is None or person.is_erased:
        return [(_("Name"), EMPTY)]
    organisation = person.organisation.name if person.organisation else ""
    rows = [(_("Name"), person.full_name), (_("Organisation"), organisation or EMPTY)]
    if person.email:
        rows.append((_("E-mail"), person.email))
    return rows


def practice_sections(practice: GoodPractice, language: str) -> list[Section]:
    """Return the sections of the practice's form, in the active language's words and
    with its texts in ``language`` (fallbacks marked)."""
    project = practice.partner.project

    def passage(name: str, subheading: str = "") -> Passage:
        return _passage(getattr(practice, name), language, subheading=subheading)

    identified = _("Yes, in %(project)s") % {"project": project.acronym}
    sections = [
        Section(
            _("General information"),
            [
                Facts(
                    [
                        (_("Main institution"), str(practice.institution.in_(language)) or EMPTY),
                        (_("Partner"), str(practice.partner.institution.in_(language))),
                        (_("Project"), f"{project.acronym} — {project.title}"),
                        (
                            _("Identified within the project"),
                            identified if practice.identified_in_project else _("No"),
                        ),
                        (
                            _("Topics"),
                            "; ".join(str(t.get_topic_display()) for t in practice.topics.all())
                            or EMPTY,
                        ),
                        (_("Keywords"), practice.keywords or EMPTY),
                        (_("Status"), _status(practice)),
                    ]
                )
            ],
        ),
        Section(
            _("Location"),
            [
                Facts(
                    [
                        (_("Country"), practice.country),
                        (
                            _("NUTS 2 region"),
                            " ".join(p for p in (practice.nuts2, practice.region) if p) or EMPTY,
                        ),
                        (_("City"), practice.city),
                        (
                            _("Map point"),
                            f"{practice.latitude}, {practice.longitude}"
                            if practice.latitude is not None and practice.longitude is not None
                            else EMPTY,
                        ),
                    ]
                )
            ],
        ),
        Section(_("Summary"), [passage("summary")]),
        Section(
            _("Detailed description"),
            [
                passage("problem", _("The problem it addresses")),
                passage("activities", _("What was done")),
                passage("stakeholders", _("Main stakeholders and beneficiaries")),
            ],
        ),
        Section(
            _("Resources needed"),
            [
                passage("resources"),
                Facts(
                    [
                        (
                            _("Budget (EUR)"),
                            formats.number_format(practice.budget_eur, 0, force_grouping=True)
                            if practice.budget_eur is not None
                            else EMPTY,
                        ),
                        (
                            _("People working on it"),
                            str(practice.people_involved)
                            if practice.people_involved is not None
                            else EMPTY,
                        ),
                    ]
                ),
            ],
        ),
        Section(
            _("Timescale"),
            [
                Facts(
                    [
                        (_("Start"), _day(practice.started_on)),
                        (_("End"), _day(practice.ended_on)),
                        (_("Status of the practice"), str(practice.get_progress_display())),
                    ]
                )
            ],
        ),
        Section(_("Evidence of success"), [passage("evidence")]),
        Section(_("Difficulties encountered and lessons learnt"), [passage("difficulties")]),
        Section(_("Potential for learning or transfer"), [passage("transfer_potential")]),
        Section(
            _("Further information"),
            [
                Facts(
                    [(link.get("label") or link["url"], link["url"]) for link in practice.links]
                    + (
                        [(_("Public page"), absolute(public_url(practice)))]
                        if practice.is_published
                        else []
                    )
                    or [(_("Links"), EMPTY)]
                )
            ],
        ),
        Section(_("Contact person"), [Facts(_contact(practice))]),
    ]
    if practice.expert_validated_at:
        sections.append(
            Section(
                _("Validation by the programme's experts"),
                [
                    Facts([(_("Validated on"), _day(practice.expert_validated_at.date()))]),
                    _passage(practice.expert_opinion, language, subheading=_("Their opinion")),
                ],
            )
        )
    return sections


def _check(practice: GoodPractice, language: str) -> None:
    if language not in document_languages(practice):
        raise UnknownLanguage(
            f"No {language!r} version: choose one of {', '.join(document_languages(practice))}."
        )


def document_title() -> str:
    return _("Good practice")


def document_filename(practice: GoodPractice, language: str) -> str:
    """Return the file's name without its extension: the practice's address and language."""
    return f"good-practice-{practice.slug}-{language}"


# Word


def _docx_language(document: Any, language: str) -> None:
    """Mark the text of every style as written in ``language``, for spelling and readers."""
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2"):
        properties = document.styles[style_name].element.get_or_add_rPr()
        for old in properties.findall(qn("w:lang")):
            properties.remove(old)
        mark = OxmlElement("w:lang")
        mark.set(qn("w:val"), language)
        properties.append(mark)


# The label column of a table of facts: as wide as in the PDF, and shaded like it.
_LABEL_WIDTH, _VALUE_WIDTH = Cm(4.5), Cm(11.5)
_SHADE = "E9EEF4"


def _docx_shade(cell: Any) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _SHADE)
    cell._tc.get_or_add_tcPr().append(shading)


def _docx_facts(document: Any, facts: Facts) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    table.columns[0].width, table.columns[1].width = _LABEL_WIDTH, _VALUE_WIDTH
    for label, value in facts.rows:
        row = table.add_row()
        cells = row.cells
        cells[0].width, cells[1].width = _LABEL_WIDTH, _VALUE_WIDTH
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(label).bold = True
        _docx_shade(cells[0])
        cells[1].text = value
        for cell in cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(2)
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)
    document.add_paragraph()


def practice_docx(practice: GoodPractice, *, language: str = "en") -> bytes:
    """Return the practice as a Word document laid out like the programme's form."""
    _check(practice, language)
    with translation.override(language):
        document = Document()
        normal = document.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        _docx_language(document, language)
        title = practice.title.in_(language)
        project = practice.partner.project
        properties = document.core_properties
        properties.title = f"{document_title()}: {title}"
        properties.subject = f"{project.acronym} — {project.programme}"
        properties.author = str(practice.partner.institution.in_(language))
        properties.language = language

        intro = document.add_paragraph()
        intro.add_run(f"{project.programme} · {project.acronym}").bold = True
        intro.add_run(f" — {document_title()}")
        document.add_heading(str(title), level=0)
        place = document.add_paragraph(f"{practice.city}, {practice.country}")
        place.alignment = WD_ALIGN_PARAGRAPH.LEFT
        for section in practice_sections(practice, language):
            document.add_heading(section.heading, level=1)
            for block in section.blocks:
                if isinstance(block, Facts):
                    _docx_facts(document, block)
                    continue
                if block.subheading:
                    document.add_heading(block.subheading, level=2)
                if block.note:
                    run = document.add_paragraph().add_run(block.note)
                    run.italic = True
                    run.font.color.rgb = RGBColor(0x59, 0x63, 0x6E)
                for line in block.text.split("\n"):
                    document.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


# PDF


def _pdf_facts(facts: Facts) -> Table:
    label = pdf.style("gp-fact-label", size=9, bold=True)
    value = pdf.style("gp-fact", size=9.5)
    table = Table(
        [[pdf.text(name, label), pdf.text(fact, value)] for name, fact in facts.rows],
        colWidths=[45 * mm, pdf.CONTENT_WIDTH - 45 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, pdf.RULE),
            ("BACKGROUND", (0, 0), (0, -1), pdf.SHADE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.8 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.8 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.4 * mm),
        ]
    )
    return table


def _pdf_passage(passage: Passage) -> list[Flowable]:
    body = pdf.style("gp-body", size=10, spaceAfter=1.5 * mm)
    note = pdf.style("gp-note", size=8.5, textColor=pdf.MUTED, spaceAfter=1 * mm)
    subheading = pdf.style("gp-subheading", size=10.5, bold=True, spaceBefore=1.5 * mm)
    story: list[Flowable] = []
    if passage.subheading:
        story.append(pdf.text(passage.subheading, subheading))
    if passage.note:
        story.append(pdf.text(passage.note, note))
    story += [pdf.text(line, body) for line in passage.text.split("\n") if line.strip()]
    return story


def _pdf_story(practice: GoodPractice, language: str) -> list[Flowable]:
    project = practice.partner.project
    title = practice.title.in_(language)
    heading = pdf.style(
        "gp-heading", size=12.5, bold=True, textColor=pdf.ACCENT, spaceBefore=4 * mm
    )
    story: list[Flowable] = [
        Paragraph(
            f"<b>{pdf.escape(project.acronym)}</b> — {pdf.escape(project.title)}",
            pdf.style("gp-project", size=8.5),
        ),
        pdf.text(
            _("%(programme)s — project co-financed by the European Regional Development Fund")
            % {"programme": project.programme},
            pdf.style("gp-funding", size=8, textColor=pdf.MUTED),
        ),
        Spacer(0, 3 * mm),
        pdf.text(
            document_title().upper(),
            pdf.style("gp-kind", size=10, bold=True, textColor=pdf.MUTED),
        ),
        pdf.text(
            str(title),
            pdf.style("gp-title", size=17, bold=True, textColor=pdf.ACCENT, leading=21),
        ),
        pdf.text(
            f"{practice.city}, {practice.country} · {practice.partner.institution.in_(language)}",
            pdf.style("gp-place", size=10, spaceAfter=2 * mm),
        ),
    ]
    for section in practice_sections(practice, language):
        blocks: list[Flowable] = [pdf.text(section.heading, heading)]
        for block in section.blocks:
            if isinstance(block, Facts):
                blocks += [_pdf_facts(block), Spacer(0, 1.5 * mm)]
            else:
                blocks += _pdf_passage(block)
        # A heading never ends a page alone: it stays with the start of its section.
        story += [KeepTogether(blocks[:3]), *blocks[3:]]
    return story


def practice_pdf(practice: GoodPractice, *, language: str = "en") -> bytes:
    """Return the practice as an A4 PDF laid out like the programme's form."""
    _check(practice, language)
    pdf.register_fonts()
    with translation.override(language):
        title = practice.title.in_(language)
        project = practice.partner.project
        return pdf.a4_document(
            _pdf_story(practice, language),
            title=f"{document_title()}: {title}",
            author=str(practice.partner.institution.in_(language)),
            subject=f"{project.acronym} — {project.programme}",
            language=language,
            footer=f"{project.acronym} · {document_title()} · {pdf.shortened(title)}",
        )


WRITERS = {"docx": practice_docx, "pdf": practice_pdf}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def practice_document(practice: GoodPractice, fmt: str, *, language: str = "en") -> bytes:
    """Return the practice's form as ``docx`` or ``pdf`` in ``language``."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(WRITERS)}.")
    return WRITERS[fmt](practice, language=language)
