"""Name badges for a lab: ten to an A4 sheet, to print on card and cut along the marks.

Each badge shows, at its top, the project's and the programme's logos and the EU emblem
with its funding statement; then the person's name as large as it fits, their
organisation below, and the project and the lab; one badge per person on the attendance
sheet.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.utils import formats, translation
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from learninglab.labs.models import Lab
from learninglab.reports import pdf
from learninglab.reports.attendance import document_language
from learninglab.reports.selectors import Attendee, expected_attendees

BADGE_WIDTH, BADGE_HEIGHT = 90 * mm, 55 * mm
COLUMNS, ROWS = 2, 5
PADDING = 6 * mm
LEFT = (pdf.PAGE_WIDTH - COLUMNS * BADGE_WIDTH) / 2
BOTTOM = (pdf.PAGE_HEIGHT - ROWS * BADGE_HEIGHT) / 2
MARK = 4 * mm  # length of a cut mark, drawn in the margin only
BAND_TOP = 4 * mm  # from the badge's top edge to the top of the logos
BAND_HEIGHT = 7 * mm  # height of the logos

NAME_SIZES = (22, 20, 18, 16, 14, 12)


def _places() -> Iterator[tuple[float, float]]:
    """Yield the lower left corner of each badge of a page, row by row from the top."""
    for row in range(ROWS):
        for column in range(COLUMNS):
            yield LEFT + column * BADGE_WIDTH, BOTTOM + (ROWS - 1 - row) * BADGE_HEIGHT


def _name_lines(attendee: Attendee, width: float) -> tuple[list[str], float]:
    """Return the name on one line in the largest size that fits, else on two lines."""
    for size in NAME_SIZES:
        if stringWidth(attendee.full_name, pdf.FONT_BOLD, size) <= width:
            return [attendee.full_name], size
    lines = [attendee.first_name, attendee.last_name]
    for size in NAME_SIZES:
        if all(stringWidth(line, pdf.FONT_BOLD, size) <= width for line in lines):
            return lines, size
    return simpleSplit(attendee.full_name, pdf.FONT_BOLD, NAME_SIZES[-1], width)[:2], NAME_SIZES[-1]


def _draw_identity(canvas: Canvas, x: float, y: float, identity: pdf.Identity) -> None:
    """Draw the logos at the badge's top left and the EU emblem with the statement at its
    top right; without logos, the accent bar stands where they would."""
    foot = y + BADGE_HEIGHT - BAND_TOP - BAND_HEIGHT
    emblem_height, size, text_width = 6 * mm, 5.5, 24 * mm
    if identity.logos:
        beside = identity.emblem_width(height=emblem_height, size=size, text_width=text_width)
        room = BADGE_WIDTH - 2 * PADDING - beside - 3 * mm
        identity.draw_logos(canvas, x + PADDING, foot, height=BAND_HEIGHT, width=room)
    else:
        canvas.setFillColor(pdf.ACCENT)
        canvas.rect(x + PADDING, foot + BAND_HEIGHT / 2, 12 * mm, 1.2 * mm, stroke=0, fill=1)
    identity.draw_emblem(
        canvas,
        x + BADGE_WIDTH - PADDING,
        foot + (BAND_HEIGHT - emblem_height) / 2,
        height=emblem_height,
        size=size,
        text_width=text_width,
    )


def _draw_badge(
    canvas: Canvas,
    x: float,
    y: float,
    attendee: Attendee,
    event: tuple[str, str],
    identity: pdf.Identity,
) -> None:
    """Draw one badge: the name and organisation centred between the logos and the event."""
    width = BADGE_WIDTH - 2 * PADDING
    canvas.setStrokeColor(pdf.SHADE)
    canvas.setLineWidth(0.5)
    canvas.rect(x, y, BADGE_WIDTH, BADGE_HEIGHT)
    _draw_identity(canvas, x, y, identity)

    canvas.setFillColor(pdf.MUTED)
    for n, line in enumerate(reversed(event)):
        text, size = _fit(line, pdf.FONT, 7.5, width)
        canvas.setFont(pdf.FONT, size)
        canvas.drawString(x + PADDING, y + PADDING + n * 9.5, text)

    names, size = _name_lines(attendee, width)
    organisation = simpleSplit(attendee.organisation, pdf.FONT, 10, width)[:2]
    name_leading, organisation_leading = size * 1.15, 12.5
    gap = 2 * mm if organisation else 0
    block = len(names) * name_leading + gap + len(organisation) * organisation_leading
    space_top = y + BADGE_HEIGHT - BAND_TOP - BAND_HEIGHT - 2 * mm
    space_bottom = y + PADDING + 9.5 + 7.5 + 2 * mm  # above the two lines of the event
    top = space_top - max(0, space_top - space_bottom - block) / 2
    canvas.setFillColor(pdf.INK)
    canvas.setFont(pdf.FONT_BOLD, size)
    for n, line in enumerate(names):
        canvas.drawString(x + PADDING, top - size * 0.95 - n * name_leading, line)
    top -= len(names) * name_leading + gap
    canvas.setFont(pdf.FONT, 10)
    for n, line in enumerate(organisation):
        canvas.drawString(x + PADDING, top - 10 * 0.95 - n * organisation_leading, line)


def _fit(line: str, font: str, size: float, width: float) -> tuple[str, float]:
    """Return ``line`` and a font size at which it fits ``width``.

    The size shrinks down to 6 points (longer words in some languages, such as
    "Laboratorio locale di apprendimento"); below that the line is cut short with an
    ellipsis.
    """
    smallest = 6.0
    while size > smallest and stringWidth(line, font, size) > width:
        size = max(smallest, size - 0.25)
    if stringWidth(line, font, size) <= width:
        return line, size
    while line and stringWidth(line + "…", font, size) > width:
        line = line[:-1]
    return line.rstrip() + "…", size


def _draw_cut_marks(canvas: Canvas) -> None:
    """Draw short marks in the page margins along every edge between badges."""
    canvas.setStrokeColor(pdf.MUTED)
    canvas.setLineWidth(0.3)
    right, top = LEFT + COLUMNS * BADGE_WIDTH, BOTTOM + ROWS * BADGE_HEIGHT
    for column in range(COLUMNS + 1):
        x = LEFT + column * BADGE_WIDTH
        canvas.line(x, top + 1 * mm, x, top + 1 * mm + MARK)
        canvas.line(x, BOTTOM - 1 * mm, x, BOTTOM - 1 * mm - MARK)
    for row in range(ROWS + 1):
        y = BOTTOM + row * BADGE_HEIGHT
        canvas.line(LEFT - 1 * mm, y, LEFT - 1 * mm - MARK, y)
        canvas.line(right + 1 * mm, y, right + 1 * mm + MARK, y)


def badges_pdf(lab: Lab) -> bytes:
    """Return one name badge per person on the lab's attendance sheet, as a PDF."""
    pdf.register_fonts()
    attendees = expected_attendees(lab)
    language = document_language(lab)
    with translation.override(language):
        day = formats.date_format(lab.local_starts_at, "DATE_FORMAT")
        event = (f"{lab.partner.project.acronym} · {lab.heading}", f"{lab.partner.city}, {day}")
        identity = pdf.Identity.of(lab, language=language)
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(pdf.PAGE_WIDTH, pdf.PAGE_HEIGHT), lang=language)
        canvas.setTitle(f"{lab.heading} — {lab.partner.institution.in_(language)}")
        canvas.setCreator("Learning Lab")
        per_page = COLUMNS * ROWS
        for start in range(0, max(len(attendees), 1), per_page):
            _draw_cut_marks(canvas)
            for (x, y), attendee in zip(
                _places(), attendees[start : start + per_page], strict=False
            ):
                _draw_badge(canvas, x, y, attendee, event, identity)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()
