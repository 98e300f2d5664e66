"""Read the results of labs: attendees and attendance, minutes, files, published results."""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.core.permissions import scope
from learninglab.labs.models import Invitation, Lab, LabStatus, Response
from learninglab.results.links import feedback_token_matches
from learninglab.results.models import FileKind, Minutes, ResultFile
from learninglab.results.selectors.ideas import RankedIdea, SessionOutcome, session_outcome
from learninglab.stakeholders.models import HELIX_OF_TYPE, Helix, OrganisationType, Stakeholder
from learninglab.stakeholders.selectors import people_order, with_consents

TOP_IDEAS = 5


def invitation_by_survey_link(public_id: str, token: str) -> Invitation | None:
    """Return the invitation of a survey link, or None for a broken or forged link."""
    try:
        public_uuid = uuid.UUID(public_id)
    except ValueError:
        return None
    invitation = (
        Invitation.objects.select_related("lab__partner__project", "stakeholder")
        .filter(public_id=public_uuid)
        .first()
    )
    if invitation is None or not feedback_token_matches(invitation, token):
        return None
    return invitation


def lab_for_results(user: Any, slug: str, *, permission: str = "results.edit") -> Lab:
    """Return the lab if ``user`` may use ``permission`` on it; else 404 (existence hidden)."""
    labs = scope(user, permission, Lab.objects.select_related("partner__project", "previous"))
    try:
        return labs.get(slug=slug)
    except Lab.DoesNotExist:
        raise Http404(_("No such lab.")) from None


def uses_check_in(lab: Lab) -> bool:
    """Return whether people were checked in at the lab (else its answers count)."""
    return lab.invitations.filter(checkin__isnull=False).exists()


def attendees(lab: Lab) -> QuerySet[Invitation]:
    """Return the invitations of the people who attended the lab, with person and organisation.

    When people were checked in at the door, the attendees are those checked in (walk-ins
    included); a lab that did not use the check-in counts its attending answers.
    """
    invitations = lab.invitations.select_related("stakeholder__organisation")
    if uses_check_in(lab):
        invitations = invitations.filter(checkin__isnull=False)
    else:
        invitations = invitations.filter(response=Response.ATTENDING)
    return invitations.order_by(*people_order(lab.partner, via="stakeholder__"))


@dataclasses.dataclass(frozen=True)
class PhotoConsents:
    """The attendees who may be shown in photos, and those who may not."""

    consenting: list[Stakeholder]
    not_consenting: list[Stakeholder]


def photo_consents(lab: Lab) -> PhotoConsents:
    """Split the lab's attendees by their newest photo consent.

    Only a consent *given* counts: people never asked and people who withdrew are listed
    among those who may not be in the photos.
    """
    people = with_consents(
        Stakeholder.objects.filter(pk__in=attendees(lab).values("stakeholder_id"))
    ).select_related("organisation")
    consenting: list[Stakeholder] = []
    not_consenting: list[Stakeholder] = []
    for person in people.order_by(*people_order(lab.partner)):
        given = getattr(person, "consent_photos", None)
        (consenting if given else not_consenting).append(person)
    return PhotoConsents(consenting=consenting, not_consenting=not_consenting)


@dataclasses.dataclass(frozen=True)
class AttendanceRow:
    key: str
    label: str
    people: int
    organisations: int


@dataclasses.dataclass(frozen=True)
class Attendance:
    """Who came to a lab, counted: people, organisations, by type and by helix."""

    people: int
    organisations: int
    by_type: list[AttendanceRow]
    by_helix: list[AttendanceRow]
    from_check_in: bool


NO_ORGANISATION = "none"


def attendance(lab: Lab) -> Attendance:
    """Return the lab's attendance, counted from its attendees (see ``attendees``).

    Types with nobody are left out; the four helices (and "other") are always listed.
    People without an organisation count under "other" in the helix.
    """
    from_check_in = uses_check_in(lab)
    rows = list(
        attendees(lab).values_list(
            "stakeholder__organisation_id", "stakeholder__organisation__type"
        )
    )
    people_by_type: Counter[str] = Counter()
    organisations_by_type: dict[str, set[int]] = {}
    for organisation_id, organisation_type in rows:
        key = organisation_type or NO_ORGANISATION
        people_by_type[key] += 1
        if organisation_id is not None:
            organisations_by_type.setdefault(key, set()).add(organisation_id)
    type_labels: dict[str, Any] = {
        **dict(OrganisationType.choices),
        NO_ORGANISATION: pgettext_lazy("stakeholder", "No organisation given"),
    }
    by_type = [
        AttendanceRow(
            key=key,
            label=str(label),
            people=people_by_type[key],
            organisations=len(organisations_by_type.get(key, ())),
        )
        for key, label in type_labels.items()
        if people_by_type[key]
    ]
    by_helix = []
    for helix in Helix:
        types = [t for t in type_labels if HELIX_OF_TYPE.get(t, Helix.OTHER) == helix]
        by_helix.append(
            AttendanceRow(
                key=str(helix),
                label=str(helix.label),
                people=sum(people_by_type[t] for t in types),
                organisations=sum(len(organisations_by_type.get(t, ())) for t in types),
            )
        )
    return Attendance(
        people=len(rows),
        organisations=len({o for o, _type in rows if o is not None}),
        by_type=by_type,
        by_helix=by_helix,
        from_check_in=from_check_in,
    )


def minutes_of(lab: Lab) -> Minutes | None:
    """Return the lab's minutes, or None before any were written."""
    minutes = Minutes.objects.filter(lab=lab).select_related("published_by").first()
    if minutes is not None:
        minutes.lab = lab  # its texts fall back to the lab's partner's language
    return minutes


def lab_files(lab: Lab, *, public_only: bool = False) -> QuerySet[ResultFile]:
    """Return the lab's files and photos, documents first, in the order they were added."""
    files = ResultFile.objects.filter(lab=lab).select_related("uploaded_by")
    if public_only:
        files = files.filter(is_public=True)
    return files.order_by("kind", "created_at", "pk")


def file_for_download(lab: Lab, pk: int, *, public_only: bool) -> ResultFile:
    """Return one file of the lab; on the public side only a public file of published results."""
    files = ResultFile.objects.filter(lab=lab)
    if public_only:
        if not Minutes.objects.filter(lab=lab, published_at__isnull=False).exists():
            raise Http404
        files = files.filter(is_public=True)
    try:
        return files.get(pk=pk)
    except ResultFile.DoesNotExist:
        raise Http404 from None


@dataclasses.dataclass
class LabResults:
    """Everything the results page of a lab shows."""

    lab: Lab
    minutes: Minutes | None
    attendance: Attendance
    session: SessionOutcome
    documents: list[ResultFile]
    photos: list[ResultFile]

    @property
    def is_published(self) -> bool:
        return self.minutes is not None and self.minutes.is_published

    @property
    def top_ideas(self) -> list[RankedIdea]:
        return self.session.ideas[:TOP_IDEAS]


def lab_results(lab: Lab, *, public_only: bool = False) -> LabResults:
    """Return the results of ``lab`` as its page shows them (public files only if asked)."""
    files = list(lab_files(lab, public_only=public_only))
    return LabResults(
        lab=lab,
        minutes=minutes_of(lab),
        attendance=attendance(lab),
        session=session_outcome(lab),
        documents=[f for f in files if f.kind == FileKind.DOCUMENT],
        photos=[f for f in files if f.kind == FileKind.PHOTO],
    )


def published_results(lab: Lab) -> LabResults | None:
    """Return the lab's results with its public files if they are published, else None."""
    if lab.status in (LabStatus.DRAFT, LabStatus.CANCELLED):
        return None
    if not Minutes.objects.filter(lab=lab, published_at__isnull=False).exists():
        return None
    return lab_results(lab, public_only=True)


def public_results_lab(slug: str) -> Lab:
    """Return the lab whose results are published, for the public results page; else 404."""
    labs = Lab.objects.exclude(status__in=[LabStatus.DRAFT, LabStatus.CANCELLED])
    labs = labs.filter(minutes__published_at__isnull=False)
    try:
        return labs.select_related("partner__project").get(slug=slug)
    except Lab.DoesNotExist:
        raise Http404(_("No such lab.")) from None


def results_text(lab: Lab, language: str) -> str:
    """Return the lab's results as plain text in ``language``, for the next lab's invitation.

    Published results give their summary and top ideas; otherwise the lab's own
    ``results`` text (written on the lab's form) is used, if any.
    """
    published = published_results(lab)
    own = lab.results.in_(language)
    if published is None or published.minutes is None:
        return own
    parts = [published.minutes.summary.in_(language)]
    if published.top_ideas:
        lines = [str(pgettext_lazy("stakeholder", "Top ideas:"))]
        lines += [f"{n}. {idea.text}" for n, idea in enumerate(published.top_ideas, start=1)]
        parts.append("\n".join(lines))
    return "\n\n".join(part for part in parts if part) or own
