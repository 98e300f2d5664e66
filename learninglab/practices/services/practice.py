"""Write a good practice's record: create it as a draft, change it, and say what it lacks."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_changes, audit_record, snapshot
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import Multilingual, language_name
from learninglab.core.text import unique_slug
from learninglab.practices.limits import limit
from learninglab.practices.models import (
    EventKind,
    GoodPractice,
    PracticeEvent,
    PracticeTopic,
    Progress,
    Topic,
)
from learninglab.practices.places import city_centre
from learninglab.projects.models import Partner
from learninglab.stakeholders.models import Stakeholder

# The texts of the record, each in the practice's languages.
TEXTS = (
    "title",
    "institution",
    "summary",
    "problem",
    "activities",
    "stakeholders",
    "resources",
    "evidence",
    "difficulties",
    "transfer_potential",
)
# What a practice needs before it can be submitted: these in English, the programme's
# working language ...
REQUIRED_IN_ENGLISH = ("title", "summary")
# ... and these in some language.
REQUIRED_TEXTS = ("problem", "activities", "evidence", "transfer_potential")


@dataclasses.dataclass
class Link:
    url: str
    label: str = ""


@dataclasses.dataclass
class PracticeData:
    """What a form or a script says about a practice."""

    title: Mapping[str, str]
    country: str
    city: str
    institution: Mapping[str, str] = dataclasses.field(default_factory=dict)
    nuts2: str = ""
    region: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    summary: Mapping[str, str] = dataclasses.field(default_factory=dict)
    problem: Mapping[str, str] = dataclasses.field(default_factory=dict)
    activities: Mapping[str, str] = dataclasses.field(default_factory=dict)
    stakeholders: Mapping[str, str] = dataclasses.field(default_factory=dict)
    resources: Mapping[str, str] = dataclasses.field(default_factory=dict)
    budget_eur: Decimal | None = None
    people_involved: int | None = None
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    progress: str = Progress.ONGOING
    evidence: Mapping[str, str] = dataclasses.field(default_factory=dict)
    difficulties: Mapping[str, str] = dataclasses.field(default_factory=dict)
    transfer_potential: Mapping[str, str] = dataclasses.field(default_factory=dict)
    links: Sequence[Link] = ()
    keywords: str = ""
    contact: Stakeholder | None = None
    identified_in_project: bool = True
    topics: Iterable[str] = ()
    slug: str = ""


# Addresses under /practices/ that are pages, not practices: no practice takes them.
RESERVED_SLUGS = frozenset({"map", "manage", "new", "transfers"})

_FIELDS = [
    field.name
    for field in dataclasses.fields(PracticeData)
    if field.name not in ("topics", "slug", "contact", "links")
]
_AUDITED = [*_FIELDS, "contact", "links", "slug"]


def _label(name: str) -> str:
    """Return the name of the field ``name`` as the form shows it."""
    return str(cast(Any, GoodPractice._meta.get_field(name)).verbose_name)


def _check(partner: Partner, data: PracticeData) -> None:
    """Refuse what no form should let through; the forms say it more kindly first."""
    if not Multilingual.of(data.title):
        raise DomainError("title_required", _("Give the practice a title."))
    for name in TEXTS:
        for language, text in Multilingual.of(getattr(data, name)).items():
            if len(text) > limit(name):
                raise DomainError(
                    "too_long",
                    _("%(field)s in %(language)s is longer than %(limit)s characters.")
                    % {
                        "field": _label(name),
                        "language": language_name(language),
                        "limit": limit(name),
                    },
                    field=name,
                )
    if data.started_on and data.ended_on and data.ended_on < data.started_on:
        raise DomainError("ends_before_start", _("The practice cannot end before it starts."))
    if (data.latitude is None) != (data.longitude is None):
        raise DomainError(
            "point_incomplete", _("Give both the latitude and the longitude, or neither.")
        )
    if data.progress == Progress.COMPLETED and data.ended_on is None:
        raise DomainError("end_required", _("Give the end date of a completed practice."))
    if data.contact is not None and data.contact.partner_id != partner.pk:
        raise DomainError(
            "contact_other_partner", _("Choose the contact person from your own directory.")
        )
    if data.contact is not None and data.contact.is_erased:
        raise DomainError("contact_erased", _("This person was erased from the directory."))
    unknown = set(data.topics) - set(Topic.values)
    if unknown:
        raise DomainError("unknown_topic", _("Choose topics from the list."))


def _unique_slug(base: str, *, exclude: int | None = None) -> str:
    stem = slugify(base)[:70] or "practice"
    others = GoodPractice.objects.filter(slug__startswith=stem).exclude(
        pk__in=[exclude] if exclude else []
    )
    taken = {*others.values_list("slug", flat=True), *RESERVED_SLUGS}
    return unique_slug(stem, taken, max_length=74)


_POINT_PRECISION = Decimal("0.00001")


def _map_point(practice: GoodPractice, data: PracticeData) -> tuple[Any, Any]:
    """Return the map point ``practice`` gets from ``data`` (before it is applied): the
    one given, else the centre of its city when the gazetteer knows it, else none.

    A point that is the centre of the practice's city as it was was not chosen by
    anyone: it follows the city when that changes (a form shows the point and sends it
    back unchanged).
    """
    given = (data.latitude, data.longitude)
    if practice.pk is not None and given == city_centre(practice.country, practice.city):
        given = (None, None)
    if given[0] is not None:
        return given
    centre = city_centre(data.country.strip(), data.city.strip())
    return (centre.latitude, centre.longitude) if centre else (None, None)


def _apply(practice: GoodPractice, data: PracticeData) -> None:
    point = _map_point(practice, data)
    for name in _FIELDS:
        value = getattr(data, name)
        if name in TEXTS:
            value = Multilingual.of(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(practice, name, value)
    practice.country = practice.country.upper()
    practice.nuts2 = practice.nuts2.upper()
    # As stored (five decimals), so that an unchanged point is not audited as a change.
    practice.latitude, practice.longitude = (
        None if value is None else Decimal(value).quantize(_POINT_PRECISION) for value in point
    )
    practice.contact = data.contact
    practice.links = [
        {"url": link.url.strip(), "label": link.label.strip()}
        for link in data.links
        if link.url.strip()
    ]


def _topics_replace(practice: GoodPractice, topics: Iterable[str]) -> tuple[list, list]:
    before = sorted(practice.topics.values_list("topic", flat=True))
    after = sorted(set(topics))
    if before != after:
        practice.topics.all().delete()
        PracticeTopic.objects.bulk_create(
            PracticeTopic(practice=practice, topic=topic) for topic in after
        )
    return before, after


@transaction.atomic
def practice_save(
    *,
    actor: Actor,
    partner: Partner,
    practice: GoodPractice | None = None,
    data: PracticeData,
    via: str = Via.WEB,
) -> GoodPractice:
    """Create a draft practice of ``partner`` (``practice`` None) or change ``practice``;
    return it.

    Its address (slug) is made from the English title unless given, and stays as it is
    once made, so that links to it keep working. Audited once: ``practices.practice.created``,
    or ``practices.practice.updated`` with what changed (no entry when nothing did).
    Whether the author may still change it is the permission layer's question
    (``practices.edit``), not this function's.
    """
    _check(partner, data)
    if practice is None:
        title = Multilingual.of(data.title)
        practice = GoodPractice(
            partner=partner,
            created_by=acting_user(actor),
            slug=_unique_slug(data.slug or title.in_("en")),
        )
        _apply(practice, data)
        practice.full_clean(exclude=["slug", "partner", "contact", "created_by"])
        practice.save()
        _topics_replace(practice, data.topics)
        PracticeEvent.objects.create(
            practice=practice, kind=EventKind.CREATED, by=acting_user(actor), at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="practices.practice.created",
            obj=practice,
            after={**snapshot(practice, _AUDITED), "topics": sorted(set(data.topics))},
            via=via,
        )
        return practice

    before = snapshot(practice, _AUDITED)
    if data.slug and data.slug != practice.slug:
        practice.slug = _unique_slug(data.slug, exclude=practice.pk)
    _apply(practice, data)
    practice.full_clean(exclude=["slug", "partner", "contact", "created_by"])
    practice.save()
    topics_before, topics_after = _topics_replace(practice, data.topics)
    extra_before: dict[str, Any] = {}
    extra_after: dict[str, Any] = {}
    if topics_before != topics_after:
        extra_before["topics"], extra_after["topics"] = topics_before, topics_after
    audit_changes(
        actor=actor,
        action="practices.practice.updated",
        obj=practice,
        before={**before, **extra_before},
        after={**snapshot(practice, _AUDITED), **extra_after},
        via=via,
    )
    return practice


def practice_missing(practice: GoodPractice) -> list[str]:
    """Return what ``practice`` still lacks before it can be submitted, as sentences.

    Empty when it is complete: a title and summary in English, the problem, what was
    done, the evidence of success and the potential for transfer in some language, a
    city and country, a start date and at least one topic.
    """
    missing: list[str] = []
    for name in REQUIRED_IN_ENGLISH:
        if not getattr(practice, name).get("en"):
            missing.append(str(_("%(field)s in English") % {"field": _label(name)}))
    for name in REQUIRED_TEXTS:
        if not getattr(practice, name):
            missing.append(str(_label(name)))
    if not practice.city or not practice.country:
        missing.append(str(_("city and country")))
    if practice.started_on is None:
        missing.append(str(_("start date")))
    if not practice.topics.exists():
        missing.append(str(_("at least one topic")))
    return missing
