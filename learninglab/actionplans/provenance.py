"""Where an action came from, and where a practice or a lab led: the provenance chain.

From an action: the live-wall ideas behind it, the lab (and its live session) each came
from, the organisations whose people took part in that lab; the good practices behind
it and the partner city that shared each. From a practice: the actions it inspired, in
which cities (``practices.appearances``). From a lab: the actions that came out of it
(``labs.outcomes``).

The chain is read from the links an action keeps (``ActionIdea``, ``ActionPractice``).
An ``ActionIdea`` holds a copy of its idea's text, lab and votes, so the chain holds when
the idea is merged into another (the idea kept is shown, with its votes), when its live
session is deleted (the copy is shown) and when a person is erased: the chain never names
a person, only organisations and counts of people.

``user`` None asks for what the public may read: published practices, labs announced or
held, organisations as counts by helix only.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict
from functools import cached_property
from typing import Any

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import pgettext

from learninglab.actionplans.models import Action, ActionIdea, ActionPractice
from learninglab.cocreation.models import Idea, IdeaStatus, Vote
from learninglab.core.permissions import has_perm, scope
from learninglab.labs.appearances import PUBLIC_STATUSES
from learninglab.labs.models import CheckIn, Lab
from learninglab.labs.outcomes import Outcome
from learninglab.practices.appearances import Appearance
from learninglab.practices.links import public_url, staff_url
from learninglab.practices.models import PracticeStatus
from learninglab.stakeholders.models import HELIX_OF_TYPE, Helix

# -- what the chain holds -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class HelixCount:
    """How many organisations of one helix took part, and how many of their people
    (``None`` for the public, who read counts of organisations only)."""

    helix: str
    label: str
    organisations: int
    people: int | None


@dataclasses.dataclass(frozen=True)
class OrganisationFact:
    """An organisation whose people checked in at a lab (shown to the lab's staff only)."""

    name: str
    helix: str
    people: int


@dataclasses.dataclass
class LabFact:
    """A lab an idea came from: its heading, theme, city, date, whether it had a live
    session still kept, and who took part: organisations counted by helix for everyone,
    named for the lab's staff; people counted for staff only (``None`` for the public)."""

    pk: int
    heading: str
    theme: str
    city: str
    date: datetime.date
    url: str
    has_session: bool
    people: int | None = 0
    helix: list[HelixCount] = dataclasses.field(default_factory=list)
    organisations: list[OrganisationFact] = dataclasses.field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.heading} — {self.theme}" if self.theme else self.heading

    @property
    def organisation_count(self) -> int:
        return sum(count.organisations for count in self.helix)


@dataclasses.dataclass(frozen=True)
class IdeaFact:
    """An idea behind the action: the idea kept when it was merged, else the idea linked.

    ``merged_from`` is the text of the duplicate the action was linked to; ``is_copy``
    says the idea itself is gone (its session deleted) and the text is the link's copy.
    ``question`` is the live wall's question it answered, while the idea is kept.
    """

    key: str
    text: str
    votes: int
    lab: LabFact | None
    question: str = ""
    merged_from: str = ""
    is_copy: bool = False


@dataclasses.dataclass(frozen=True)
class CityFact:
    """A partner city that shared good practices."""

    key: str
    city: str
    country: str
    institution: str


@dataclasses.dataclass(frozen=True)
class PracticeFact:
    """A good practice behind the action, and what was taken from it."""

    key: str
    title: str
    url: str
    city: CityFact
    note: str = ""


@dataclasses.dataclass
class Provenance:
    """The chain behind one action, as ``user`` may see it (the public when ``is_public``)."""

    action: Action
    ideas: list[IdeaFact]
    practices: list[PracticeFact]
    is_public: bool

    @property
    def labs(self) -> list[LabFact]:
        """The labs the ideas came from, each once, the earliest first."""
        found: dict[int, LabFact] = {}
        for idea in self.ideas:
            if idea.lab is not None:
                found.setdefault(idea.lab.pk, idea.lab)
        return sorted(found.values(), key=lambda lab: (lab.date or datetime.date.min, lab.pk))

    @property
    def cities(self) -> list[CityFact]:
        """The partner cities that shared the practices, each once."""
        found: dict[str, CityFact] = {}
        for practice in self.practices:
            found.setdefault(practice.city.key, practice.city)
        return list(found.values())

    @property
    def ideas_by_lab(self) -> list[tuple[LabFact | None, list[IdeaFact]]]:
        """The ideas grouped by the lab they came from; the lab None for those whose lab
        is no longer known, last."""
        groups: dict[int | None, list[IdeaFact]] = defaultdict(list)
        for idea in self.ideas:
            groups[idea.lab.pk if idea.lab else None].append(idea)
        found: list[tuple[LabFact | None, list[IdeaFact]]] = [
            (lab, groups[lab.pk]) for lab in self.labs
        ]
        if groups[None]:
            found.append((None, groups[None]))
        return found

    @property
    def practices_by_city(self) -> list[tuple[CityFact, list[PracticeFact]]]:
        """The practices grouped by the partner city that shared them."""
        return [
            (city, [p for p in self.practices if p.city.key == city.key]) for city in self.cities
        ]

    @property
    def heading_id(self) -> str:
        """The id of the section's heading, unique on a page listing several actions."""
        return f"provenance-{self.action.pk}"

    @property
    def caption_id(self) -> str:
        return f"provenance-{self.action.pk}-caption"

    @property
    def is_empty(self) -> bool:
        return not self.ideas and not self.practices

    @cached_property
    def diagram(self) -> Any:
        """The picture of the chain (``actionplans.diagrams``)."""
        from learninglab.actionplans.diagrams import provenance_diagram

        return provenance_diagram(self)


# -- from an action -----------------------------------------------------------------------


def action_for_provenance(user: Any, slug: str, pk: int) -> Action:
    """Return the action ``pk`` of plan ``slug`` if ``user`` may view it, else 404."""
    actions = scope(user, "actionplans.action.view", Action.objects.all())
    return get_object_or_404(
        actions.select_related("plan__partner", "plan__instrument"), plan__slug=slug, pk=pk
    )


def action_provenance(action: Action, user: Any = None) -> Provenance:
    """Return the chain behind ``action`` that ``user`` may see; ``None`` for the public.

    Promises: a fixed number of queries whatever the number of ideas and practices; no
    person is ever named (organisations and counts of people only); an idea merged into
    another shows the idea kept and its votes (counted once when both were linked); an idea
    whose session was deleted shows the copy kept by the link. The public gets nothing for
    a plan that is not public, and otherwise only published practices, ideas shown on the
    wall of labs announced or held, and organisations as counts by helix.
    """
    is_public = user is None
    if is_public and not action.plan.is_public:
        return Provenance(action=action, ideas=[], practices=[], is_public=True)
    ideas = _ideas(action, user)
    practices = _practices(action, user)
    return Provenance(action=action, ideas=ideas, practices=practices, is_public=is_public)


def _ideas(action: Action, user: Any) -> list[IdeaFact]:
    links = list(
        ActionIdea.objects.filter(action=action)
        .select_related("idea__merged_into", "idea__prompt__session__lab__partner", "lab__partner")
        .order_by("pk")
    )
    labs = {link.lab_id: link.lab for link in links if link.lab is not None}
    if user is None:
        labs = {pk: lab for pk, lab in labs.items() if lab.status in PUBLIC_STATUSES}
    with_session = {link.lab_id for link in links if link.idea is not None}
    lab_facts = _labs(list(labs.values()), user, with_session=with_session)
    kept = [_kept(link.idea) for link in links if link.idea is not None]
    votes = dict(
        Vote.objects.filter(idea__in=[idea.pk for idea in kept])
        .values("idea")
        .annotate(n=Count("pk"))
        .values_list("idea", "n")
    )
    found: dict[str, IdeaFact] = {}
    for link in links:
        lab = lab_facts.get(link.lab_id) if link.lab_id else None
        if user is None and (lab is None or _hidden(link.idea)):
            continue  # an idea of a lab the public does not see, or taken off the wall
        if link.idea is None:
            key = f"copy-{link.pk}"
            fact = IdeaFact(key=key, text=link.text, votes=link.votes, lab=lab, is_copy=True)
        else:
            idea = _kept(link.idea)
            key = f"idea-{idea.pk}"
            merged = link.idea.text if idea.pk != link.idea.pk else ""
            question = str(link.idea.prompt.text)
            fact = IdeaFact(
                key=key,
                text=idea.text,
                votes=votes.get(idea.pk, 0),
                lab=lab,
                question=question,
                merged_from=merged,
            )
        if key in found and not fact.merged_from:
            found[key] = fact  # the idea kept itself was linked too: say nothing of a merge
        found.setdefault(key, fact)
    return list(found.values())


def _hidden(idea: Idea | None) -> bool:
    """Whether the idea (the one kept, after a merge) is off the wall: hidden by the
    facilitator or never approved. Its copy stays for staff."""
    return idea is not None and _kept(idea).status != IdeaStatus.VISIBLE


def _kept(idea: Idea) -> Idea:
    """Return the idea ``idea`` was merged into, or ``idea`` itself.

    A merge re-points the earlier duplicates to the idea kept, so one step is enough.
    """
    return idea.merged_into if idea.merged_into is not None else idea


def _labs(labs: list[Lab], user: Any, *, with_session: set[int | None]) -> dict[int, LabFact]:
    """Return the facts of ``labs`` with who took part, in one query for any number.

    ``with_session``: the labs whose live session is still there (an idea of it is).
    """
    rows = (
        CheckIn.objects.filter(invitation__lab__in=[lab.pk for lab in labs])
        .values(
            "invitation__lab_id",
            "invitation__stakeholder__organisation_id",
            "invitation__stakeholder__organisation__name",
            "invitation__stakeholder__organisation__type",
        )
        .annotate(people=Count("invitation__stakeholder", distinct=True))
        .order_by("invitation__stakeholder__organisation__name")
    )
    people: Counter[int] = Counter()
    organisations: dict[int, list[OrganisationFact]] = defaultdict(list)
    for row in rows:
        lab_id = row["invitation__lab_id"]
        people[lab_id] += row["people"]
        if row["invitation__stakeholder__organisation_id"] is not None:
            organisations[lab_id].append(
                OrganisationFact(
                    name=row["invitation__stakeholder__organisation__name"],
                    helix=HELIX_OF_TYPE[row["invitation__stakeholder__organisation__type"]],
                    people=row["people"],
                )
            )
    facts = {}
    for lab in labs:
        is_managed = user is not None and has_perm(user, "labs.view", lab)
        if is_managed:
            url = lab.get_absolute_url()
        elif lab.status in PUBLIC_STATUSES:
            url = lab.get_public_url()
        else:
            url = ""
        facts[lab.pk] = LabFact(
            pk=lab.pk,
            heading=str(lab.heading),
            theme=str(lab.theme),
            city=lab.partner.city,
            date=lab.local_starts_at.date(),
            url=url,
            has_session=lab.pk in with_session,
            people=None if user is None else people[lab.pk],
            helix=_by_helix(organisations[lab.pk], with_people=user is not None),
            organisations=organisations[lab.pk] if is_managed else [],
        )
    return facts


def _by_helix(organisations: list[OrganisationFact], *, with_people: bool) -> list[HelixCount]:
    counts = []
    for helix in Helix:
        of_helix = [org for org in organisations if org.helix == helix]
        if of_helix:
            counts.append(
                HelixCount(
                    helix=helix.value,
                    label=str(helix.label),
                    organisations=len(of_helix),
                    people=sum(org.people for org in of_helix) if with_people else None,
                )
            )
    return counts


def _practices(action: Action, user: Any) -> list[PracticeFact]:
    links = ActionPractice.objects.filter(action=action).select_related("practice__partner")
    found = []
    for link in links.order_by("pk"):
        practice = link.practice
        may_view = user is not None and has_perm(user, "practices.view", practice)
        if practice.is_published:
            url = public_url(practice)
        elif may_view:
            url = staff_url(practice)
        else:
            continue  # withdrawn since: the public and other partners no longer see it
        partner = practice.partner
        city = CityFact(
            key=f"partner-{partner.pk}",
            city=partner.city,
            country=partner.country,
            institution=str(partner.institution),
        )
        found.append(
            PracticeFact(
                key=f"practice-{practice.pk}",
                title=str(practice.title),
                url=url,
                city=city,
                note=link.note,
            )
        )
    return found


# -- from a practice and from a lab -------------------------------------------------------


def _visible_actions(user: Any) -> Q:
    """Actions of public plans, and those of the plans ``user`` may view."""
    viewable = scope(user, "actionplans.action.view", Action.objects.all())
    return Q(plan__is_public=True) | Q(pk__in=viewable.values("pk"))


def _action_url(action: Action, user: Any) -> str:
    if user is not None and has_perm(user, "actionplans.action.view", action):
        return action.get_absolute_url()
    return action.plan.get_public_url()


def _action_title(action: Action) -> str:
    return pgettext("stakeholder", "Action %(number)s: %(title)s") % {
        "number": action.number,
        "title": action.title,
    }


def practice_actions(practice: Any, user: Any = None) -> list[Appearance]:
    """Return the actions ``practice`` inspired that ``user`` may see, for its pages.

    Staff see the actions of the plans they may view, linked to the action's page; everyone
    sees the actions of public plans, linked to the plan's public page. Each names the city
    of the plan's partner.
    """
    actions = (
        Action.objects.filter(practice_links__practice=practice)
        .filter(_visible_actions(user))
        .select_related("plan__partner")
        .distinct()
        .order_by("plan__partner__city", "plan_id", "position")
    )
    return [
        Appearance(
            kind=pgettext("stakeholder", "Action plan"),
            title=_action_title(action),
            url=_action_url(action, user),
            date=action.starts_on,
            partner=action.plan.partner,
        )
        for action in actions
    ]


def lab_actions(lab: Any, user: Any = None) -> list[Outcome]:
    """Return the actions built on ideas of ``lab`` that ``user`` may see, for its pages.

    As for a practice: staff see the actions of the plans they may view, everyone the
    actions of public plans. An action whose ideas were merged or whose session was
    deleted still counts: the link keeps the lab.
    """
    actions = (
        Action.objects.filter(idea_links__lab=lab)
        .filter(_visible_actions(user))
        .select_related("plan__partner")
        .distinct()
        .order_by("plan__partner__city", "plan_id", "position")
    )
    return [
        Outcome(
            kind=pgettext("stakeholder", "Action plan"),
            title=_action_title(action),
            url=_action_url(action, user),
            partner=action.plan.partner,
            status=str(action.get_status_display()),
        )
        for action in actions
    ]


# -- a public plan's actions, in short -------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PublicOrigin:
    """Where one action of a public plan came from, as its public page says in a line: the
    public labs whose ideas are behind it (with how many ideas) and the published good
    practices behind it, each with its city and address."""

    labs: list[tuple[Lab, int]]
    practices: list[tuple[str, str, str]]  # title, city, address

    def __bool__(self) -> bool:
        return bool(self.labs or self.practices)


def public_origins(plan: Any) -> dict[int, PublicOrigin]:
    """Return the public origin of each action of ``plan``, by the action's id, in two
    queries whatever the number of actions: labs announced or held, practices published.
    """
    labs: dict[int, Counter[Lab]] = defaultdict(Counter)
    # An idea the facilitator hid, or never approved, is not the public's to read; the
    # copy of an idea whose session was deleted still is.
    links = (
        ActionIdea.objects.filter(action__plan=plan, lab__status__in=PUBLIC_STATUSES)
        .exclude(idea__status__in=(IdeaStatus.HIDDEN, IdeaStatus.PENDING))
        .select_related("lab")
    )
    for link in links.order_by("lab__starts_at", "pk"):
        if link.lab is not None:
            labs[link.action_id][link.lab] += 1
    practices: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    practice_links = (
        ActionPractice.objects.filter(action__plan=plan, practice__status=PracticeStatus.PUBLISHED)
        .select_related("practice__partner")
        .order_by("pk")
    )
    for practice_link in practice_links:
        practice = practice_link.practice
        practices[practice_link.action_id].append(
            (str(practice.title), practice.partner.city, public_url(practice))
        )
    return {
        pk: PublicOrigin(labs=list(labs[pk].items()), practices=practices[pk])
        for pk in {*labs, *practices}
    }
