"""Read who is expected at a lab and who came, for the attendance documents.

Reports only read: invitations, their answers and check-ins as the labs app keeps them,
the helix counts as the stakeholders app makes them.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter

from django.db.models import Count, Q, QuerySet

from learninglab.labs.models import Invitation, Lab, Question, Response
from learninglab.labs.selectors import question_counts
from learninglab.stakeholders.models import HELIX_OF_TYPE, Helix, OrganisationType, Stakeholder
from learninglab.stakeholders.selectors import HelixShare, helix_coverage, name_sort_key


@dataclasses.dataclass(frozen=True)
class Attendee:
    """One person on an attendance document."""

    stakeholder_id: int
    first_name: str
    last_name: str
    organisation: str
    organisation_type: str  # an OrganisationType value, "" for no organisation
    is_walk_in: bool = False
    checked_in_at: datetime.datetime | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def helix(self) -> str:
        return HELIX_OF_TYPE.get(self.organisation_type, Helix.OTHER)


def _attendee(invitation: Invitation) -> Attendee:
    person = invitation.stakeholder
    organisation = person.organisation if person.organisation_id else None
    check_in = getattr(invitation, "checkin", None)
    return Attendee(
        stakeholder_id=person.pk,
        first_name=person.first_name,
        last_name=person.last_name,
        organisation=organisation.name if organisation else "",
        organisation_type=organisation.type if organisation else "",
        is_walk_in=check_in.is_walk_in if check_in else False,
        checked_in_at=check_in.checked_in_at if check_in else None,
    )


def _sorted(lab: Lab, invitations: QuerySet[Invitation]) -> list[Attendee]:
    """Return the attendees of ``invitations`` by last, then first name, in the alphabet of
    the lab's partner (``name_sort_key``)."""
    people = invitations.select_related("stakeholder__organisation", "checkin")
    key = name_sort_key(lab.partner)
    return sorted(
        (_attendee(i) for i in people),
        key=lambda a: (key(a.last_name), key(a.first_name), a.stakeholder_id),
    )


def checked_in(lab: Lab) -> list[Attendee]:
    """Return the people checked in at the lab, walk-ins included, sorted by name."""
    return _sorted(lab, lab.invitations.filter(checkin__isnull=False))


def expected_attendees(lab: Lab) -> list[Attendee]:
    """Return who is on the lab's attendance sheet, sorted by last then first name.

    Everyone who confirmed (answer *attending*) and everyone already checked in, such as
    a walk-in registered at the door or a person who came without answering.
    """
    return _sorted(
        lab, lab.invitations.filter(Q(response=Response.ATTENDING) | Q(checkin__isnull=False))
    )


@dataclasses.dataclass(frozen=True)
class TypeCount:
    organisation_type: str  # "" for the people with no organisation
    count: int


@dataclasses.dataclass(frozen=True)
class OrganisationCount:
    name: str
    organisation_type: str
    count: int


@dataclasses.dataclass(frozen=True)
class AttendanceSummary:
    """Who came to a lab, and how they spread over organisations and the helix."""

    lab: Lab
    attendees: list[Attendee]
    from_check_in: bool  # False: nobody was checked in, so the confirmed answers count
    invited: int
    confirmed: int
    walk_ins: int
    by_type: list[TypeCount]
    by_helix: list[HelixShare]
    organisations: list[OrganisationCount]
    # Each registration question with choices: how many of those who came picked each.
    questions: list[tuple[Question, list[tuple[str, int]]]] = dataclasses.field(
        default_factory=list
    )

    @property
    def came(self) -> int:
        return len(self.attendees)


def _by_type(attendees: list[Attendee]) -> list[TypeCount]:
    """Return the count of every organisation type, then of people with no organisation."""
    counts = Counter(a.organisation_type for a in attendees)
    rows = [TypeCount(str(t), counts.get(str(t), 0)) for t in OrganisationType]
    if counts.get(""):
        rows.append(TypeCount("", counts[""]))
    return rows


def _organisations(lab: Lab, attendees: list[Attendee]) -> list[OrganisationCount]:
    counts = Counter((a.organisation, a.organisation_type) for a in attendees if a.organisation)
    key = name_sort_key(lab.partner)
    return sorted(
        (OrganisationCount(name, kind, n) for (name, kind), n in counts.items()),
        key=lambda o: (key(o.name), o.organisation_type),
    )


def attendance_summary(lab: Lab) -> AttendanceSummary:
    """Return who came to the lab: checked in when anyone was, else who confirmed.

    Walk-ins were neither invited nor confirmed: they count among those who came only.
    The helix labels are those of the active language.
    """
    came = checked_in(lab)
    attendees = came or expected_attendees(lab)
    not_walk_in = ~Q(checkin__is_walk_in=True)
    counts = lab.invitations.aggregate(
        invited=Count("pk", filter=not_walk_in),
        confirmed=Count("pk", filter=Q(response=Response.ATTENDING) & not_walk_in),
    )
    people = Stakeholder.objects.filter(pk__in=[a.stakeholder_id for a in attendees])
    return AttendanceSummary(
        lab=lab,
        attendees=attendees,
        from_check_in=bool(came),
        invited=counts["invited"],
        confirmed=counts["confirmed"],
        walk_ins=sum(a.is_walk_in for a in attendees),
        by_type=_by_type(attendees),
        by_helix=helix_coverage(people),
        organisations=_organisations(lab, attendees),
        questions=question_counts(lab, stakeholder_ids=[a.stakeholder_id for a in attendees]),
    )
