"""Write the stakeholder list as CSV (that Excel opens correctly) or XLSX, and one person's
data as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from learninglab.core import spreadsheets
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import stakeholder_personal_data, with_consents

FORMATS = spreadsheets.FORMATS


def _header() -> list[str]:
    # The same words the import recognises, so that an export can be imported again.
    return [
        _("First name"),
        _("Last name"),
        _("E-mail"),
        _("Phone"),
        _("Organisation"),
        _("Organisation type"),
        _("Role"),
        _("Language"),
        _("Tags"),
        _("Consent to invitations"),
        _("Notes"),
    ]


def _rows(people: Iterable[Stakeholder]) -> Iterator[list[str]]:
    for p in people:
        consent = getattr(p, "consent_invitations", None)
        organisation = p.organisation
        yield [
            p.first_name,
            p.last_name,
            p.email,
            p.phone,
            organisation.name if organisation else "",
            organisation.get_type_display() if organisation else "",
            p.position,
            p.language,
            ", ".join(t.name for t in p.tags.all()),
            "" if consent is None else (_("yes") if consent else _("no")),
            p.notes,
        ]


def write_csv(people: Iterable[Stakeholder], stream: IO[str]) -> None:
    """Write ``people`` as CSV; the caller opens ``stream`` with encoding ``utf-8-sig``."""
    spreadsheets.write_csv(_header(), _rows(people), stream)


def write_xlsx(people: Iterable[Stakeholder], stream: IO[bytes]) -> None:
    """Write ``people`` as an Excel workbook with a bold, frozen header row."""
    spreadsheets.write_xlsx(_header(), _rows(people), stream, title=_("Stakeholders"))


def export_people(people: Iterable[Stakeholder]) -> Iterable[Stakeholder]:
    """Return ``people`` with what the export reads fetched in a few queries."""
    if hasattr(people, "select_related"):
        people = with_consents(people.select_related("organisation")).prefetch_related("tags")
    return people


def stakeholders_response(people: Iterable[Stakeholder], *, fmt: str) -> HttpResponse:
    """Return a download of ``people`` as ``csv`` or ``xlsx``."""
    people = export_people(people)
    stamp = timezone.localdate().isoformat()
    return spreadsheets.table_response(
        _header(),
        _rows(people),
        fmt=fmt,
        filename=f"stakeholders-{stamp}",
        title=_("Stakeholders"),
    )


def personal_data_response(person: Stakeholder, *, filename: str) -> HttpResponse:
    """Return a download of everything held about ``person``, as ``filename`` (JSON)."""
    data = stakeholder_personal_data(person)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
