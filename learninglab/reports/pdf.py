"""The shared layout of the printed documents: fonts, styles, the lab's header and footer.

Every document is A4 and written in DejaVu Sans, shipped in ``fonts/``: the standard
PDF fonts have no ș ț with a comma below. The lab's header is drawn again on every page,
and the footer says "Page N of M", which is only known once every page is laid out.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table

from learninglab.labs.models import Lab
from learninglab.projects import emblem
from learninglab.projects.selectors import programme_identity

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FOOTER_HEIGHT = 10 * mm

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#59636e")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#e9eef4")
RIGHT = TA_RIGHT


def register_fonts() -> None:
    """Register DejaVu Sans with reportlab, once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def style(name: str, *, size: float = 9.5, bold: bool = False, **options: Any) -> ParagraphStyle:
    """Return a paragraph style in the documents' font; ``options`` as ParagraphStyle's."""
    register_fonts()
    options.setdefault("leading", size * 1.25)
    options.setdefault("textColor", INK)
    return ParagraphStyle(name, fontName=FONT_BOLD if bold else FONT, fontSize=size, **options)


def escape(value: str) -> str:
    """Return ``value`` safe inside a paragraph's markup."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: str, paragraph_style: ParagraphStyle) -> Paragraph:
    """Return ``value`` as a paragraph, its ``<``, ``>`` and ``&`` shown as written."""
    return Paragraph(escape(value), paragraph_style)


def name(person: Any, paragraph_style: ParagraphStyle) -> Paragraph:
    """Return "**Popescu** Ana": the last name first, as the lists are sorted."""
    last, first = escape(person.last_name), escape(person.first_name)
    return Paragraph(f"<b>{last}</b> {first}".strip(), paragraph_style)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    *,
    widths: Sequence[float],
    min_row_height: float = 0,
    right: Sequence[int] = (),
) -> Table:
    """Return a ruled table whose shaded header row is repeated on every page.

    The headings of the ``right`` columns (numbers) are aligned right, like their cells.
    """
    head = style("table-head", size=8.5, bold=True)
    head_right = style("table-head-right", size=8.5, bold=True, alignment=RIGHT)
    headings = [text(h, head_right if n in right else head) for n, h in enumerate(header)]
    table = Table(
        [headings, *rows],
        colWidths=list(widths),
        repeatRows=1,
        minRowHeights=[0] + [min_row_height] * len(rows),
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.8 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.8 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.4 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.4 * mm),
        ]
    )
    return table


def lab_date(lab: Lab) -> str:
    """Return "Wednesday, 20 November 2019, 10:00–13:00" in the lab's time zone.

    The date is written as on the lab's public page, in the active language.
    """
    starts, ends = lab.local_starts_at, lab.local_ends_at
    day = formats.date_format(starts, "l, j F Y")
    if starts.date() == ends.date():
        return f"{day}, {starts:%H:%M}–{ends:%H:%M}"
    return f"{day}, {starts:%H:%M} – {formats.date_format(ends, 'l, j F Y')}, {ends:%H:%M}"


def funding_line(lab: Lab) -> str:
    return _("%(programme)s — project co-financed by the European Regional Development Fund") % {
        "programme": lab.partner.project.programme
    }


def lab_header(lab: Lab, *, title: str, language: str) -> list[Flowable]:
    """Return the header of a document about ``lab``: project, funding, title and facts."""
    project, partner = lab.partner.project, lab.partner
    small = style("header-small", size=8, textColor=MUTED)
    venue = lab.venue_line or lab.online_url
    label, value = style("fact-label", size=8.5, textColor=MUTED), style("fact", size=9)
    facts = [
        (_("Partner"), partner.institution.in_(language)),
        (_("Theme"), lab.theme.in_(language)),
        (_("Date and time"), lab_date(lab)),
        (_("Venue"), venue),
    ]
    table = Table(
        [[text(name, label), text(fact, value)] for name, fact in facts if fact],
        colWidths=[32 * mm, CONTENT_WIDTH - 32 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
        ]
    )
    project_line = f"<b>{escape(project.acronym)}</b> — {escape(project.title)}"
    return [
        ProgrammeBand(Identity.of(lab, language=language), height=13 * mm),
        _Gap(3 * mm),
        Paragraph(project_line, style("project", size=8.5)),
        text(funding_line(lab), small),
        _Gap(3 * mm),
        text(title.upper(), style("title", size=15, bold=True, textColor=ACCENT, leading=18)),
        text(str(lab.heading), style("heading", size=10.5, bold=True, spaceAfter=1.5 * mm)),
        table,
    ]


@dataclasses.dataclass(frozen=True)
class Identity:
    """The logos (as images to draw, with their width per unit of height) and the EU
    funding statement a document about a lab carries."""

    logos: list[tuple[ImageReader, float]]
    statement: str

    @classmethod
    def of(cls, lab: Lab, *, language: str) -> Identity:
        identity = programme_identity(lab.partner.project, language=language)
        logos = []
        for logo in identity.logos:
            with logo.rendition.open("rb") as file:
                image = ImageReader(io.BytesIO(file.read()))
            width, height = image.getSize()
            logos.append((image, width / height))
        return cls(logos=logos, statement=identity.co_funded)

    def draw_logos(
        self, canvas: Canvas, x: float, y: float, *, height: float, width: float
    ) -> float:
        """Draw the logos side by side from ``x``, ``height`` high with ``y`` at their foot,
        lower and raised to stay centred if they are wider than ``width``; return where
        they end."""
        total = sum(height * ratio for _image, ratio in self.logos)
        total += height * 0.5 * max(0, len(self.logos) - 1)
        if total > width > 0:
            y += (height - height * width / total) / 2
            height = height * width / total
        for image, ratio in self.logos:
            width = height * ratio
            canvas.drawImage(image, x, y, width, height, mask="auto")
            x += width + height * 0.5
        return x

    def draw_emblem(
        self,
        canvas: Canvas,
        right: float,
        y: float,
        *,
        height: float,
        size: float,
        text_width: float | None = None,
    ) -> None:
        """Draw the EU emblem ``height`` high, its foot at ``y``, and the statement in
        ``size`` points to its right, ending at ``right``; on two lines or more if it is
        wider than ``text_width``."""
        lines = self._statement_lines(size, text_width)
        width = max(pdfmetrics.stringWidth(line, FONT_BOLD, size) for line in lines)
        x = right - self.emblem_width(height=height, size=size, text_width=text_width)
        draw_emblem(canvas, x, y, height=height)
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, size)
        leading = size * 1.15
        first = y + height / 2 - size * 0.35 + (len(lines) - 1) * leading / 2
        for n, line in enumerate(lines):
            canvas.drawString(right - width, first - n * leading, line)
        canvas.restoreState()

    def _statement_lines(self, size: float, text_width: float | None) -> list[str]:
        register_fonts()
        if text_width is None:
            return [self.statement]
        return simpleSplit(self.statement, FONT_BOLD, size, text_width)

    def emblem_width(self, *, height: float, size: float, text_width: float | None) -> float:
        """Return how wide the emblem and its statement are drawn (see ``draw_emblem``)."""
        lines = self._statement_lines(size, text_width)
        width = max(pdfmetrics.stringWidth(line, FONT_BOLD, size) for line in lines)
        return width + height * 0.25 + height * emblem.RATIO


def draw_emblem(canvas: Canvas, x: float, y: float, *, height: float) -> None:
    """Draw the EU emblem, as vectors, ``height`` high with its lower left corner at (x, y)."""
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(emblem.BLUE))
    canvas.rect(x, y, height * emblem.RATIO, height, stroke=0, fill=1)
    canvas.setFillColor(colors.HexColor(emblem.GOLD))
    for star in emblem.star_points(height):
        path = canvas.beginPath()
        # The points go down from the top, as on a screen; the page's y goes up.
        (first_x, first_y), *corners = star
        path.moveTo(x + first_x, y + height - first_y)
        for corner_x, corner_y in corners:
            path.lineTo(x + corner_x, y + height - corner_y)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class ProgrammeBand(Flowable):
    """The top of a document: the project's and programme's logos on the left, the EU
    emblem and its statement on the right."""

    def __init__(self, identity: Identity, *, height: float) -> None:
        super().__init__()
        self.identity = identity
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        emblem_height = self.height * 0.8
        room = self.width - self.identity.emblem_width(
            height=emblem_height, size=8, text_width=None
        )
        self.identity.draw_logos(self.canv, 0, 0, height=self.height, width=room - 6 * mm)
        self.identity.draw_emblem(
            self.canv,
            self.width,
            (self.height - emblem_height) / 2,
            height=emblem_height,
            size=8,
        )


class _Gap(Flowable):
    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, self.height

    def draw(self) -> None:
        pass


class _PageCountingCanvas(Canvas):
    """A canvas that keeps its pages back until the end, to write "Page N of M" on each."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, page in enumerate(self._held_pages, start=1):
            self.__dict__.update(page)
            self._footer(self, number, total)
            super().showPage()
        super().save()


@dataclasses.dataclass
class LabDocument:
    """An A4 document about one lab: its header on each page, a numbered footer.

    Build it inside ``translation.override(language)``: the header, footer and story
    are all written in the active language.
    """

    lab: Lab
    title: str
    language: str
    header: Sequence[Flowable] = ()

    def __post_init__(self) -> None:
        register_fonts()
        if not self.header:
            self.header = lab_header(self.lab, title=self.title, language=self.language)
        self._header_height = sum(_height(flowable) for flowable in self.header)

    @property
    def body_top(self) -> float:
        """Return the height on the page where the story starts, below the header."""
        return PAGE_HEIGHT - MARGIN - self._header_height - 5 * mm

    def build(self, story: list[Flowable]) -> bytes:
        """Return the PDF of ``story`` laid out below the header on as many pages as needed."""
        buffer = io.BytesIO()
        bottom = MARGIN + FOOTER_HEIGHT
        frame = Frame(
            MARGIN, bottom, CONTENT_WIDTH, self.body_top - bottom, id="body", showBoundary=0
        )
        frame.leftPadding = frame.rightPadding = frame.topPadding = frame.bottomPadding = 0
        document = BaseDocTemplate(
            buffer,
            pagesize=A4,
            title=f"{self.title} — {self.lab.heading}",
            author=self.lab.partner.institution.in_(self.language),
            subject=self.lab.theme.in_(self.language),
            creator="Learning Lab",
            lang=self.language,
            pageTemplates=[PageTemplate(id="lab", frames=[frame], onPage=self._draw_header)],
        )
        document.build(story, canvasmaker=self._canvas_maker())
        return buffer.getvalue()

    def _draw_header(self, canvas: Canvas, document: Any) -> None:
        y = PAGE_HEIGHT - MARGIN
        for flowable in self.header:
            height = _height(flowable)
            flowable.drawOn(canvas, MARGIN, y - height + flowable.getSpaceAfter())
            y -= height
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        y -= 2 * mm
        canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)

    def _canvas_maker(self) -> Callable[..., Canvas]:
        left = f"{self.lab.partner.project.acronym} · {self.lab.heading} · {lab_date(self.lab)}"
        return numbered_pages(left)


def numbered_pages(left: str) -> Callable[..., Canvas]:
    """Return a canvas maker whose pages end with ``left`` and "Page N of M" in a footer."""
    page_label = _("Page %(page)s of %(pages)s")

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, MARGIN + 5 * mm, PAGE_WIDTH - MARGIN, MARGIN + 5 * mm)
        canvas.drawString(MARGIN, MARGIN + 1.5 * mm, left)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN,
            MARGIN + 1.5 * mm,
            page_label % {"page": page, "pages": pages},
        )
        canvas.restoreState()

    def make(*args: Any, **kwargs: Any) -> Canvas:
        return _PageCountingCanvas(*args, footer=footer, **kwargs)

    return make


def _height(flowable: Flowable) -> float:
    """Return the height ``flowable`` takes across the content width, with its spacing."""
    _width, height = flowable.wrap(CONTENT_WIDTH, PAGE_HEIGHT)
    return height + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def shortened(value: str, length: int = 70) -> str:
    """Return ``value`` cut to ``length`` characters, ending in "…" when it was longer."""
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"


def a4_document(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    language: str,
    footer: str,
    subject: str = "",
) -> bytes:
    """Return ``story`` as an A4 PDF of one text column, its pages numbered with
    ``footer`` at their foot, and ``title``, ``author``, ``subject`` and ``language`` in
    its properties (what a screen reader and a file manager show)."""
    register_fonts()
    buffer = io.BytesIO()
    bottom = MARGIN + FOOTER_HEIGHT
    frame = Frame(
        MARGIN,
        bottom,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        title=title,
        author=author,
        subject=subject,
        creator="Learning Lab",
        lang=language,
        pageTemplates=[PageTemplate(id="body", frames=[frame])],
    )
    document.build(story, canvasmaker=numbered_pages(footer))
    return buffer.getvalue()
