"""The attendance report written after a lab: who came, from which organisations.

As a PDF for the partner's files and as a workbook for the programme's indicators; both
in the lab's language, like the attendance sheet.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Table

from learninglab.core.spreadsheets import Cell, Sheet, write_workbook
from learninglab.labs.models import Lab
from learninglab.reports import pdf
from learninglab.reports.attendance import document_language
from learninglab.reports.selectors import AttendanceSummary, Attendee, attendance_summary
from learninglab.stakeholders.models import Helix, OrganisationType


def _type_label(code: str) -> str:
    return str(OrganisationType(code).label) if code else _("No organisation")


def _helix_label(code: str) -> str:
    return str(Helix(code).label)


def _arrived(attendee: Attendee, lab: Lab) -> str:
    """Return the time the person was checked in, in the lab's time zone."""
    if attendee.checked_in_at is None:
        return ""
    return formats.time_format(attendee.checked_in_at.astimezone(lab.zone), "H:i")


def _walk_in(attendee: Attendee) -> str:
    return _("yes") if attendee.is_walk_in else ""


def _basis(summary: AttendanceSummary) -> str:
    if summary.from_check_in:
        return _("Counted from the check-in at the door.")
    return _("Nobody was checked in: counted from the people who confirmed they would come.")


def _summary_rows(summary: AttendanceSummary) -> list[tuple[str, int]]:
    return [
        (_("Invited"), summary.invited),
        (_("Confirmed"), summary.confirmed),
        (_("Came"), summary.came),
        (_("Of whom walk-ins"), summary.walk_ins),
        (_("Organisations"), len(summary.organisations)),
    ]


# The PDF


def _count_table(
    header: list[str], rows: list[list[str]], widths: list[float], *, labels: int = 1
) -> Table:
    """Return a table of ``labels`` text columns followed by numbers aligned right."""
    cell = pdf.style("count-cell", size=9)
    number = pdf.style("count-number", size=9, alignment=pdf.RIGHT)
    return pdf.table(
        header,
        [
            [
                pdf.text(value, cell if column < labels else number)
                for column, value in enumerate(row)
            ]
            for row in rows
        ],
        widths=widths,
        right=range(labels, len(header)),
    )


def _participants_table(summary: AttendanceSummary) -> Table:
    """Return the people who came; with their arrival and walk-ins when checked in."""
    cell = pdf.style("participant", size=8.5)
    number = pdf.style("participant-number", size=8.5, alignment=pdf.RIGHT, textColor=pdf.MUTED)
    header = [_("No."), pgettext("list of people", "Name"), _("Organisation")]
    widths = [11 * mm, 62 * mm, pdf.CONTENT_WIDTH - 73 * mm]
    if summary.from_check_in:
        header += [_("Walk-in"), _("Arrived")]
        widths = [11 * mm, 58 * mm, 69 * mm, 21 * mm, pdf.CONTENT_WIDTH - 159 * mm]
    rows = []
    for n, a in enumerate(summary.attendees, start=1):
        row = [pdf.text(str(n), number), pdf.name(a, cell), pdf.text(a.organisation, cell)]
        if summary.from_check_in:
            row += [pdf.text(_walk_in(a), cell), pdf.text(_arrived(a, summary.lab), cell)]
        rows.append(row)
    return pdf.table(header, rows, widths=widths, right=[0])


def _report_story(summary: AttendanceSummary) -> list[Flowable]:
    heading = pdf.style(
        "section",
        size=11,
        bold=True,
        textColor=pdf.ACCENT,
        spaceBefore=5 * mm,
        spaceAfter=2 * mm,
    )

    def section(title: str) -> list[Flowable]:
        # A heading goes to the next page with its table unless a few rows fit below it.
        return [CondPageBreak(35 * mm), pdf.text(title, heading)]

    note = pdf.style("note", size=8.5, textColor=pdf.MUTED, spaceBefore=1.5 * mm)
    narrow, wide = [80 * mm, 25 * mm], [80 * mm, 25 * mm, 25 * mm]
    return [
        *section(_("Summary")),
        _count_table(
            [_("Attendance"), _("People")],
            [[label, str(n)] for label, n in _summary_rows(summary)],
            narrow,
        ),
        pdf.text(_basis(summary), note),
        *section(_("By quadruple-helix category")),
        _count_table(
            [_("Category"), _("People"), _("Share")],
            [[s.label, str(s.count), f"{s.percent} %"] for s in summary.by_helix],
            wide,
        ),
        *section(_("By organisation type")),
        _count_table(
            [_("Organisation type"), _("People")],
            [[_type_label(c.organisation_type), str(c.count)] for c in summary.by_type],
            narrow,
        ),
        *section(_("Organisations")),
        _count_table(
            [_("Organisation"), _("Type"), _("People")],
            [
                [o.name, _type_label(o.organisation_type), str(o.count)]
                for o in summary.organisations
            ],
            [95 * mm, 60 * mm, 25 * mm],
            labels=2,
        ),
        *_questions_story(summary, section, narrow),
        *section(_("Participants")),
        _participants_table(summary),
    ]


def _questions_story(
    summary: AttendanceSummary, section: Callable[[str], list[Flowable]], widths: list[float]
) -> Iterator[Flowable]:
    """Yield, for each registration question with choices, how many who came picked each."""
    for question, counts in summary.questions:
        yield from section(str(question.text))
        yield _count_table(
            [_("Answer"), _("People")], [[text, str(n)] for text, n in counts], widths
        )


def attendance_report_pdf(lab: Lab) -> bytes:
    """Return who came to the lab and how they spread over organisations, as a PDF."""
    language = document_language(lab)
    with translation.override(language):
        summary = attendance_summary(lab)
        document = pdf.LabDocument(lab=lab, title=_("Attendance report"), language=language)
        return document.build(_report_story(summary))


# The workbook


def _participant_rows(summary: AttendanceSummary) -> Iterator[list[Cell]]:
    for n, a in enumerate(summary.attendees, start=1):
        yield [
            n,
            a.last_name,
            a.first_name,
            a.organisation,
            _type_label(a.organisation_type),
            _helix_label(a.helix),
            _walk_in(a),
            _arrived(a, summary.lab),
        ]


def _sheets(summary: AttendanceSummary) -> list[Sheet]:
    return [
        Sheet(
            title=_("Summary"),
            header=[_("Attendance"), _("People")],
            rows=[*_summary_rows(summary), (_basis(summary), "")],
        ),
        Sheet(
            title=_("By helix category"),
            header=[_("Category"), _("People"), _("Share (%)")],
            rows=[(s.label, s.count, s.percent) for s in summary.by_helix],
        ),
        Sheet(
            title=_("By organisation type"),
            header=[_("Organisation type"), _("People")],
            rows=[(_type_label(c.organisation_type), c.count) for c in summary.by_type],
        ),
        Sheet(
            title=_("Organisations"),
            header=[_("Organisation"), _("Type"), _("People")],
            rows=[
                (o.name, _type_label(o.organisation_type), o.count) for o in summary.organisations
            ],
        ),
        *(
            [
                Sheet(
                    title=_("Questions"),
                    header=[_("Question"), _("Answer"), _("People")],
                    rows=[
                        (str(question.text), text, n)
                        for question, counts in summary.questions
                        for text, n in counts
                    ],
                )
            ]
            if summary.questions
            else []
        ),
        Sheet(
            title=_("Participants"),
            header=[
                _("No."),
                _("Last name"),
                _("First name"),
                _("Organisation"),
                _("Organisation type"),
                _("Helix category"),
                _("Walk-in"),
                _("Arrived"),
            ],
            rows=list(_participant_rows(summary)),
        ),
    ]


def attendance_report_xlsx(lab: Lab) -> bytes:
    """Return the attendance report as a workbook: the summary, the counts, the people."""
    with translation.override(document_language(lab)):
        buffer = io.BytesIO()
        write_workbook(_sheets(attendance_summary(lab)), buffer)
        return buffer.getvalue()
