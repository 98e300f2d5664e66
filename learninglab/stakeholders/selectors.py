"""Read the stakeholder directory, always scoped to what the user may see."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import audit_history
from learninglab.core.permissions import scope
from learninglab.core.text import fold
from learninglab.projects.models import Partner
from learninglab.stakeholders.models import (
    HELIX_OF_TYPE,
    Consent,
    ConsentPurpose,
    Helix,
    Organisation,
    Stakeholder,
    Tag,
)


def latest_consent(purpose: str) -> Subquery:
    """Return a subquery of the newest ``given`` flag for ``purpose`` (None: never asked)."""
    newest = Consent.objects.filter(stakeholder=OuterRef("pk"), purpose=purpose).order_by(
        "-at", "-id"
    )
    return Subquery(newest.values("given")[:1])


def with_consents(queryset: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
    """Annotate each person with ``consent_<purpose>``: True, False or None (never asked)."""
    return queryset.annotate(
        **{f"consent_{purpose}": latest_consent(purpose) for purpose in ConsentPurpose.values}
    )


def tag_names(partners: QuerySet[Partner]) -> list[str]:
    """Return the names of the tags these partners use, sorted, each once."""
    return sorted(set(Tag.objects.filter(partner__in=partners).values_list("name", flat=True)))


def helix_of_type_expression() -> Case:
    return Case(
        *[When(organisation__type=t, then=Value(str(h))) for t, h in HELIX_OF_TYPE.items()],
        default=Value(str(Helix.OTHER)),
    )


@dataclasses.dataclass(frozen=True)
class StakeholderFilters:
    query: str = ""
    partner: Partner | None = None
    organisation_type: str = ""
    tag: str = ""
    consent: str = ""  # "yes", "no" (withdrawn), "unknown" (never asked)


def stakeholder_list(user: Any, filters: StakeholderFilters) -> QuerySet[Stakeholder]:
    """Return the people ``user`` may see that match ``filters``, ready for a list page.

    The search ignores case and diacritics: ``stefan tepes`` finds *Ștefan Țepeș*.
    Erased people are left out.
    """
    people = scope(user, "stakeholders.view", Stakeholder.objects.all())
    people = people.filter(erased_at__isnull=True)
    if filters.partner is not None:
        people = people.filter(partner=filters.partner)
    for word in fold(filters.query).split():
        people = people.filter(search_text__contains=word)
    if filters.organisation_type:
        people = people.filter(organisation__type=filters.organisation_type)
    if filters.tag:
        tagged = Stakeholder.tags.through.objects.filter(
            stakeholder=OuterRef("pk"), tag__name=filters.tag
        )
        people = people.filter(Exists(tagged))
    people = with_consents(people)
    consent = "consent_invitations"
    if filters.consent == "yes":
        people = people.filter(**{consent: True})
    elif filters.consent == "no":
        people = people.filter(**{consent: False})
    elif filters.consent == "unknown":
        people = people.filter(**{f"{consent}__isnull": True})
    # No join multiplies rows, so no .distinct(): with it, the database computes every
    # consent subquery for every person of the group before it can cut out one page.
    return people.select_related("organisation", "partner").prefetch_related("tags")


def stakeholder_get(user: Any, pk: Any, *, permission: str = "stakeholders.view") -> Stakeholder:
    """Return the person ``pk`` if ``user`` may use ``permission`` on them, else raise 404.

    Another partner's people answer 404, not 403: their existence is not disclosed.
    """
    people = scope(user, permission, Stakeholder.objects.select_related("organisation", "partner"))
    try:
        return with_consents(people).get(pk=int(pk))
    except (Stakeholder.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such person in your stakeholder group.")) from None


def organisations_for(user: Any, partner: Partner | None = None) -> QuerySet[Organisation]:
    """Return the organisations ``user`` may see, with their number of people."""
    organisations = scope(user, "stakeholders.view", Organisation.objects.all())
    if partner is not None:
        organisations = organisations.filter(partner=partner)
    return organisations.annotate(people_count=Count("people"))


def consent_ledger(stakeholder: Stakeholder) -> QuerySet[Consent]:
    """Return the person's consent entries, newest first, with who recorded them."""
    return stakeholder.consents.select_related("recorded_by")


def stakeholder_history(stakeholder: Stakeholder) -> Any:
    """Return the audit entries about the person, newest first."""
    return audit_history(stakeholder)


@dataclasses.dataclass(frozen=True)
class HelixShare:
    helix: str
    label: str
    count: int
    percent: int


def helix_coverage(people: QuerySet[Stakeholder]) -> list[HelixShare]:
    """Return how the people spread over the quadruple helix, every category listed."""
    rows = (
        people.order_by()
        .annotate(helix=helix_of_type_expression())
        .values("helix")
        .annotate(n=Count("id", distinct=True))
    )
    counts = {row["helix"]: row["n"] for row in rows}
    total = sum(counts.values())
    return [
        HelixShare(
            helix=str(helix),
            label=str(helix.label),
            count=counts.get(str(helix), 0),
            percent=round(100 * counts.get(str(helix), 0) / total) if total else 0,
        )
        for helix in Helix
    ]


@dataclasses.dataclass(frozen=True)
class Exclusion:
    stakeholder: Stakeholder
    reason: str


def invitation_recipients(
    people: QuerySet[Stakeholder],
) -> tuple[list[Stakeholder], list[Exclusion]]:
    """Split ``people`` into those who may be invited and those who may not, with the reason.

    Only a person whose newest invitation consent is *given*, who has an e-mail address
    and whose data was not erased can ever be invited: every invitation goes through here.
    """
    eligible: list[Stakeholder] = []
    excluded: list[Exclusion] = []
    for person in with_consents(people).select_related("organisation"):
        if person.is_erased:
            excluded.append(Exclusion(person, str(_("data erased"))))
        elif not person.email:
            excluded.append(Exclusion(person, str(_("no e-mail address"))))
        elif (consent := getattr(person, "consent_invitations", None)) is None:
            excluded.append(Exclusion(person, str(_("never gave consent to invitations"))))
        elif not consent:
            excluded.append(Exclusion(person, str(_("withdrew consent to invitations"))))
        else:
            eligible.append(person)
    return eligible, excluded


def invitable(people: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
    """Return only the people of ``people`` who may receive an invitation (see above)."""
    consenting = Consent.objects.filter(stakeholder=OuterRef("pk"), purpose="invitations")
    return (
        with_consents(people)
        .filter(erased_at__isnull=True, **{"consent_invitations": True})
        .exclude(email="")
        .filter(Exists(consenting))
    )


def stakeholder_personal_data(stakeholder: Stakeholder) -> dict[str, Any]:
    """Return everything held about one person, as JSON-ready data (GDPR articles 15, 20)."""
    person = stakeholder
    organisation = person.organisation
    return {
        "id": person.pk,
        "partner": person.partner.institution.in_(person.language),
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "organisation": (
            {"name": organisation.name, "type": organisation.type, "city": organisation.city}
            if organisation
            else None
        ),
        "role": person.position,
        "preferred_language": person.language,
        "tags": sorted(person.tags.values_list("name", flat=True)),
        "notes": person.notes,
        "created_at": person.created_at.isoformat(),
        "updated_at": person.updated_at.isoformat(),
        "last_activity_at": person.last_activity_at.isoformat(),
        "consents": [
            {
                "purpose": c.purpose,
                "given": c.given,
                "at": c.at.isoformat(),
                "method": c.method,
                "text_version": c.text_version,
            }
            for c in consent_ledger(person)
        ],
        "history": [
            {"at": e.at.isoformat(), "action": e.action, "changes": e.changes}
            for e in audit_history(person)
        ],
    }
