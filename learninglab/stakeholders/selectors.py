"""Read the stakeholder directory, always scoped to what the user may see."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from learninglab.core import collation
from learninglab.core.audit import audit_history
from learninglab.core.permissions import scope
from learninglab.core.text import fold
from learninglab.projects.models import Partner
from learninglab.stakeholders import hooks
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


def partner_alphabet(partner: Partner | None) -> str:
    """Return the language whose alphabet orders the partner's lists: its main language.

    Every staff list of people or organisations is sorted through here (``people_order``,
    ``organisation_order``, ``name_sort_key``), so a Romanian partner's lists put Băcilă
    before Beșliu and Șerban after Suciu, and a Lithuanian partner's Čepas after Cibulskis.
    Without a partner (a list over several), English.
    """
    return collation.collation_language(partner.main_language if partner else None)


def people_order(partner: Partner | None, *, via: str = "") -> list[Any]:
    """Return ``order_by`` arguments sorting people by last, then first name, in the
    partner's alphabet; ``via`` leads to the person (``"stakeholder__"`` for invitations)."""
    language = partner_alphabet(partner)
    return [
        collation.collated(f"{via}last_name", language),
        collation.collated(f"{via}first_name", language),
        "pk",
    ]


def organisation_order(partner: Partner | None, *, via: str = "") -> list[Any]:
    """Return ``order_by`` arguments sorting organisations by name in the partner's alphabet."""
    return [collation.collated(f"{via}name", partner_alphabet(partner)), "pk"]


def name_sort_key(partner: Partner | None) -> Callable[[str], bytes]:
    """Return a key sorting names in Python as ``people_order`` sorts them in the database."""
    return collation.sort_key(partner_alphabet(partner))


def tag_names(partners: QuerySet[Partner]) -> list[str]:
    """Return the names of the tags these partners use, sorted, each once."""
    return sorted(set(Tag.objects.filter(partner__in=partners).values_list("name", flat=True)))


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
    Erased people are left out. They are sorted by name in the alphabet of the partner
    filtered on (``people_order``), in English when the list spans several partners.
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
    if filters.consent == "yes":
        people = people.filter(invitation_consent=True)
    elif filters.consent == "no":
        people = people.filter(invitation_consent=False)
    elif filters.consent == "unknown":
        people = people.filter(invitation_consent__isnull=True)
    # The state the ledger's newest entry left, stored with the person: reading the ledger
    # for every person of a large group made a deep page or this filter take seconds.
    people = people.annotate(consent_invitations=F("invitation_consent"))
    # No join multiplies rows, so no .distinct(): with it, the database reads every person
    # of the group before it can cut out one page, instead of the name index's page.
    people = people.order_by(*people_order(filters.partner))
    # Not the partner: SQLite would join it first and sort the group instead of reading
    # the page from the name index.
    return people.select_related("organisation").prefetch_related("tags")


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
    """Return the organisations ``user`` may see, with their number of people, by name in
    the partner's alphabet (``organisation_order``)."""
    organisations = scope(user, "stakeholders.view", Organisation.objects.all())
    if partner is not None:
        organisations = organisations.filter(partner=partner)
    order = organisation_order(partner)
    return organisations.annotate(people_count=Count("people")).order_by(*order)


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
    """Return how the people spread over the quadruple helix, every category listed.

    Counted per organisation type, a grouping the database does without a join per row
    to decide the category, and summed per category here.
    """
    rows = people.order_by().values("organisation__type").annotate(n=Count("pk"))
    counts: dict[str, int] = {}
    for row in rows:
        helix = str(HELIX_OF_TYPE.get(row["organisation__type"], Helix.OTHER))
        counts[helix] = counts.get(helix, 0) + row["n"]
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


def stakeholder_page(people: QuerySet[Stakeholder], number: Any, *, per_page: int) -> Page:
    """Return page ``number`` of ``people`` as ``Paginator.get_page`` does.

    The page is cut out of the people's ids alone, which the name index gives however
    deep the page is; only its people are then read in full.
    """
    page: Page = Paginator(people.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    found = people.in_bulk(ids)
    page.object_list = [found[pk] for pk in ids]
    return page


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
            excluded.append(Exclusion(person, str(_("not asked yet for consent to invitations"))))
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


EXPORT_SCHEMA_VERSION = 1


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def stakeholder_personal_data(stakeholder: Stakeholder) -> dict[str, Any]:
    """Return everything held about one person, as JSON-ready data (GDPR articles 15, 20).

    The shape is documented in the README and versioned by ``schema_version``: keys are
    only ever added. Times are ISO 8601 with their offset. Besides the person's record,
    consent ledger and history, every app that holds rows about them adds its part
    (``stakeholders.hooks.run_export``): invitations with answers, notes and check-ins,
    e-mails, feedback, the live wall, practices and action plans.
    """
    person = stakeholder
    organisation = person.organisation
    return {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
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
        "erased_at": _iso(person.erased_at),
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
        **hooks.run_export(stakeholder=person),
    }


def stakeholder_mentions(stakeholder: Stakeholder) -> list[hooks.Mention]:
    """Return the free texts of other people that name the person, for review before erasure.

    The notes on other people of the group, then whatever the other apps find (notes
    with answers, written feedback, ideas of the live wall). Nothing is changed: staff
    read each and edit it where it should no longer name the person.
    """
    values = stakeholder_personal_values(stakeholder)
    others = (
        Stakeholder.objects.filter(partner_id=stakeholder.partner_id, erased_at__isnull=True)
        .exclude(pk=stakeholder.pk)
        .exclude(notes="")
        .only("first_name", "last_name", "notes")
    )
    notes = [
        hooks.Mention(
            where=_("Notes on %(name)s") % {"name": other.full_name},
            excerpt=Truncator(other.notes).chars(200),
            url=other.get_absolute_url(),
        )
        for other in others.iterator()
        if values.is_mentioned_in(other.notes)
    ]
    return notes + hooks.run_mentions(stakeholder=stakeholder)


@dataclasses.dataclass(frozen=True)
class PersonalValues:
    """What identifies a person in text: their names, and every address and phone they had.

    Apps use it on erasure to find and blank the person's values in their rows, and to
    recognise the person behind a name typed elsewhere (the live wall's nicknames).
    """

    first_name: str
    last_name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]

    @property
    def full_names(self) -> tuple[str, ...]:
        """Return the person's name both ways round ("Ana Pop", "Pop Ana")."""
        names = {f"{self.first_name} {self.last_name}".strip()}
        names.add(f"{self.last_name} {self.first_name}".strip())
        return tuple(sorted(n for n in names if n))

    def words(self) -> list[str]:
        """Return every value to blank in free text: names, addresses and phones."""
        phones = [*self.phones, *(p.lstrip("+") for p in self.phones)]
        return [*self.full_names, *self.emails, *phones]

    def is_mentioned_in(self, text: str) -> bool:
        """Return whether ``text`` names the person: their last name, or else their full name.

        A last name of one or two letters would match too much; the full name is then
        looked for. Case and accents do not matter.
        """
        folded = fold(text or "")
        words = [self.last_name] if len(self.last_name) >= 3 else list(self.full_names)
        words += list(self.emails)
        return any(
            re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", folded) for word in words if word
        )

    def is_name(self, text: str) -> bool:
        """Return whether ``text`` is the person's full name (any case, accents, order)."""
        return bool(text) and fold(text) in {fold(n) for n in self.full_names}


def _values_in_history(stakeholder: Stakeholder, field: str) -> set[str]:
    found: set[str] = set()
    for changes in audit_history(stakeholder).values_list("changes", flat=True):
        states = [changes.get("before"), changes.get("after")]
        states.append((changes.get("extra") or {}).get("merged"))
        found |= {s[field] for s in states if isinstance(s, dict) and s.get(field)}
    return found


def stakeholder_personal_values(stakeholder: Stakeholder) -> PersonalValues:
    """Return the person's names, and every e-mail address and phone the history knows."""
    person = stakeholder
    emails = {person.email, *_values_in_history(person, "email")} - {""}
    phones = {person.phone, *_values_in_history(person, "phone")} - {""}
    return PersonalValues(
        first_name=person.first_name,
        last_name=person.last_name,
        emails=tuple(sorted(str(e).lower() for e in emails)),
        phones=tuple(sorted(str(p) for p in phones)),
    )
