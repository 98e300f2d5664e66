"""The attendance sheet people sign at a lab.

Like every document about a lab, it is written in the lab's language (its partner's
main language), whatever the language of the person who prints it: it is signed in the
room.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from learninglab.labs.models import Lab
from learninglab.reports import pdf
from learninglab.reports.selectors import Attendee, expected_attendees

DEFAULT_BLANK_ROWS = 8
MAX_BLANK_ROWS = 100


def document_language(lab: Lab) -> str:
    """Return the language the lab's documents are written in: its partner's main one."""
    return lab.partner.main_language


def _sheet_table(attendees: list[Attendee], blank_rows: int) -> Table:
    cell = pdf.style("cell", size=9, leading=10.5)
    number = pdf.style("cell-number", size=8.5, alignment=pdf.RIGHT, textColor=pdf.MUTED)
    header = [_("No."), pgettext("list of people", "Name"), _("Organisation"), _("Signature")]
    rows: list[list[Flowable | str]] = [
        [pdf.text(str(n), number), pdf.name(a, cell), pdf.text(a.organisation, cell), ""]
        for n, a in enumerate(attendees, start=1)
    ]
    for n in range(len(attendees) + 1, len(attendees) + blank_rows + 1):
        rows.append([pdf.text(str(n), number), "", "", ""])
    return pdf.table(
        header,
        rows,
        widths=[11 * mm, 54 * mm, 68 * mm, pdf.CONTENT_WIDTH - 133 * mm],
        min_row_height=10 * mm,
        right=[0],
    )


def _organiser_signature() -> Table:
    """Return the line where the organiser signs the list once everyone has signed."""
    label = pdf.style("organiser", size=8.5, textColor=pdf.MUTED)
    line = Table(
        [[pdf.text(_("Drawn up by (name and signature)"), label), ""]],
        colWidths=[60 * mm, 80 * mm],
        rowHeights=[12 * mm],
        hAlign="RIGHT",
    )
    line.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LINEBELOW", (1, 0), (1, 0), 0.5, pdf.INK),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return line


def attendance_sheet_pdf(lab: Lab, *, blank_rows: int = DEFAULT_BLANK_ROWS) -> bytes:
    """Return the lab's attendance sheet as a PDF to print and have signed.

    One numbered row per person expected (see ``expected_attendees``), sorted by last
    then first name, then ``blank_rows`` empty rows for people who come unannounced.
    """
    blank_rows = max(0, min(blank_rows, MAX_BLANK_ROWS))
    attendees = expected_attendees(lab)
    language = document_language(lab)
    with translation.override(language):
        intro = ngettext(
            "%(count)s person confirmed. Please sign next to your name; if your name is "
            "not on the list, write it in an empty row.",
            "%(count)s people confirmed. Please sign next to your name; if your name is "
            "not on the list, write it in an empty row.",
            len(attendees),
        ) % {"count": len(attendees)}
        story: list[Flowable] = [
            pdf.text(intro, pdf.style("intro", size=8.5, textColor=pdf.MUTED)),
            Spacer(0, 3 * mm),
            _sheet_table(attendees, blank_rows),
            Spacer(0, 6 * mm),
            _organiser_signature(),
        ]
        document = pdf.LabDocument(lab=lab, title=_("Attendance sheet"), language=language)
        return document.build(story)


def document_filename(lab: Lab, document: str) -> str:
    """Return a download name such as ``timisoara-lll-2-attendance-sheet``."""
    return f"{lab.slug}-{document}"
