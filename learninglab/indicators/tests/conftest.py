"""A small world whose figures were counted by hand (see ``World``'s docstring)."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest

from learninglab.actionplans.models import (
    ActionPlan,
    ActionStatus,
    FundingKind,
    FundsMobilised,
    PlanStatus,
    PlanVersion,
)
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    ProgressEntryFactory,
)
from learninglab.cocreation.models import IdeaStatus
from learninglab.cocreation.tests.factories import IdeaFactory, PromptFactory
from learninglab.factories import OrganisationFactory, PolicyInstrumentFactory, StakeholderFactory
from learninglab.labs.models import CheckIn, Lab, LabKind, LabStatus, Response
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.projects.models import Partner
from learninglab.results.models import FeedbackAnswer
from learninglab.stakeholders.models import OrganisationType

UTC = datetime.UTC


def moment(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def held_lab(partner: Partner, slug: str, starts: datetime.datetime, **fields) -> Lab:
    fields.setdefault("status", LabStatus.HELD)
    return LabFactory(
        partner=partner,
        slug=slug,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        rsvp_deadline=starts - datetime.timedelta(days=2),
        **fields,
    )


def came(lab: Lab, person, *, response=Response.ATTENDING, checked_in=True, walk_in=False):
    invitation = InvitationFactory(lab=lab, stakeholder=person, response=response)
    if checked_in:
        CheckIn.objects.create(
            invitation=invitation, checked_in_at=lab.starts_at, is_walk_in=walk_in
        )
    return invitation


@dataclasses.dataclass
class World:
    """Timișoara (Europe/Bucharest) and Matera (Europe/Rome), counted by hand.

    Timișoara: L1 local lab held 2021-03-10 (p1, p2 of SME A checked in; p3 of
    university B said yes and did not come; p4 of authority C declined; p5 without an
    organisation walked in); L2 interregional workshop held 2021-06-30 22:30 UTC, which
    is 1 July in Timișoara (p1 again and p6 of cultural body D, both came); L3 only
    published (p7 checked in: not counted); L4 held 2021-05-05 without check-in (p8 said
    yes). Matera: M1 study visit held 2021-09-15 (m1 of NGO E came, m2 of SME F said yes
    and did not come).
    """

    partner: Partner
    other: Partner
    labs: dict[str, Lab]
    plans: dict[str, ActionPlan]


@pytest.fixture
def world(settings, partner, other_partner, lead_partner) -> World:
    settings.RESULTS_FEEDBACK_MIN_RESPONDENTS = 2
    tm, mt = partner, other_partner

    org_a = OrganisationFactory(partner=tm, name="Atelier A", type=OrganisationType.SME)
    org_b = OrganisationFactory(partner=tm, name="University B", type=OrganisationType.UNIVERSITY)
    org_c = OrganisationFactory(
        partner=tm, name="Authority C", type=OrganisationType.PUBLIC_AUTHORITY
    )
    org_d = OrganisationFactory(partner=tm, name="Theatre D", type=OrganisationType.CULTURAL)
    org_e = OrganisationFactory(partner=mt, name="Rete E", type=OrganisationType.NGO)
    org_f = OrganisationFactory(partner=mt, name="Bottega F", type=OrganisationType.SME)

    def person(partner, name, organisation=None):
        return StakeholderFactory(partner=partner, first_name=name, organisation=organisation)

    p1, p2 = person(tm, "Ana", org_a), person(tm, "Bianca", org_a)
    p3, p4 = person(tm, "Cornel", org_b), person(tm, "Dan", org_c)
    p5, p6 = person(tm, "Elena"), person(tm, "Florin", org_d)
    p7, p8 = person(tm, "Gelu", org_a), person(tm, "Horia", org_b)
    m1, m2 = person(mt, "Maria", org_e), person(mt, "Nicola", org_f)

    l1 = held_lab(tm, "tm-lll-1", moment(2021, 3, 10, 8), round_number=1)
    came(l1, p1)
    came(l1, p2)
    came(l1, p3, checked_in=False)
    came(l1, p4, response=Response.DECLINED, checked_in=False)
    came(l1, p5, walk_in=True)
    l2 = held_lab(
        tm, "tm-workshop", moment(2021, 6, 30, 22, 30), kind=LabKind.INTERREGIONAL_WORKSHOP
    )
    came(l2, p1)
    came(l2, p6)
    l3 = held_lab(tm, "tm-lll-2", moment(2021, 4, 1, 8), status=LabStatus.PUBLISHED)
    came(l3, p7)
    l4 = held_lab(tm, "tm-lll-3", moment(2021, 5, 5, 8), round_number=3)
    came(l4, p8, checked_in=False)
    v1 = held_lab(mt, "mt-visit", moment(2021, 9, 15, 8), kind=LabKind.STUDY_VISIT)
    came(v1, m1)
    came(v1, m2, checked_in=False)

    # Ideas: two shown at L1 (a third merged into the first, one hidden, one waiting),
    # one at L3 (published, not held: still collected), one at M1.
    prompt = PromptFactory(session__lab=l1)
    kept = IdeaFactory(prompt=prompt, text="Vouchers for creative SMEs")
    IdeaFactory(prompt=prompt, text="A makers' market")
    IdeaFactory(prompt=prompt, text="Vouchers please", merged_into=kept)
    IdeaFactory(prompt=prompt, text="Off topic", status=IdeaStatus.HIDDEN)
    IdeaFactory(prompt=prompt, text="Waiting", status=IdeaStatus.PENDING)
    IdeaFactory(prompt=PromptFactory(session__lab=l3), text="Open studios")
    IdeaFactory(prompt=PromptFactory(session__lab=v1), text="Heritage trails")

    # Good practices: Timișoara 2 identified (1 validated), Matera 1.
    def practice(partner, published_on, **fields):
        return PracticeFactory(
            partner=partner,
            status=PracticeStatus.PUBLISHED,
            published_at=moment(*published_on, 9),
            **fields,
        )

    practice(tm, (2021, 2, 1), expert_validated_at=moment(2021, 3, 1))
    practice(tm, (2021, 8, 1))
    PracticeFactory(partner=tm)  # a draft
    practice(tm, (2021, 4, 1), identified_in_project=False)
    practice(mt, (2021, 10, 1))

    # Plans: Timișoara's endorsed plan P1 and a draft P2; Matera's joint plan P3, which
    # Timișoara writes too.
    p1_plan = ActionPlanFactory(
        partner=tm,
        slug="tm-rop",
        status=PlanStatus.ENDORSED,
        endorsed_on=datetime.date(2021, 11, 15),
        endorsed_by="ADR Vest",
    )
    PlanVersion.objects.create(
        plan=p1_plan, number=1, status=PlanStatus.SUBMITTED, created_at=moment(2021, 10, 1)
    )
    PlanVersion.objects.create(
        plan=p1_plan, number=2, status=PlanStatus.ENDORSED, created_at=moment(2021, 11, 15)
    )
    p2_plan = ActionPlanFactory(
        partner=tm,
        slug="tm-draft",
        instrument=PolicyInstrumentFactory(partner=tm, slug="tm-local", name="Local strategy"),
    )
    p3_plan = ActionPlanFactory(
        partner=mt,
        slug="mt-pon",
        language="it",
        status=PlanStatus.SUBMITTED,
        instrument=PolicyInstrumentFactory(partner=mt, slug="mt-pon", name="PON Cultura"),
    )
    p3_plan.joint_partners.add(tm)
    PlanVersion.objects.create(
        plan=p3_plan, number=1, status=PlanStatus.SUBMITTED, created_at=moment(2022, 1, 10)
    )

    def action(plan, status, *entries):
        made = ActionFactory(plan=plan, status=status)
        for on, entry_status in entries:
            ProgressEntryFactory(action=made, on=on, status=entry_status, progress=50)
        return made

    d = datetime.date
    a1 = action(
        p1_plan,
        ActionStatus.COMPLETED,
        (d(2021, 3, 1), ActionStatus.IN_PROGRESS),
        (d(2021, 12, 1), ActionStatus.COMPLETED),
    )
    a2 = action(p1_plan, ActionStatus.IN_PROGRESS, (d(2021, 8, 1), ActionStatus.IN_PROGRESS))
    action(p1_plan, ActionStatus.DELAYED, (d(2021, 9, 1), ActionStatus.DELAYED))
    action(p1_plan, ActionStatus.ABANDONED, (d(2022, 2, 1), ActionStatus.ABANDONED))
    action(p1_plan, ActionStatus.NOT_STARTED)
    action(p2_plan, ActionStatus.NOT_STARTED)
    b1 = action(p3_plan, ActionStatus.IN_PROGRESS, (d(2022, 2, 1), ActionStatus.IN_PROGRESS))

    # Funds: Timișoara plans EUR 260,000 (200,000 ERDF), Matera 30,000 (ESF+).
    erdf = FundingSourceFactory(action=a1, kind=FundingKind.ERDF, amount_eur=Decimal(200_000))
    national = FundingSourceFactory(
        action=a1, kind=FundingKind.NATIONAL, amount_eur=Decimal(50_000)
    )
    FundingSourceFactory(action=a2, kind=FundingKind.PRIVATE, amount_eur=Decimal(10_000))
    esf = FundingSourceFactory(action=b1, kind=FundingKind.ESF, amount_eur=Decimal(30_000))
    first, last = a1.entries.order_by("on")
    FundsMobilised.objects.create(entry=first, source=erdf, amount_eur=Decimal(20_000))
    FundsMobilised.objects.create(entry=last, source=erdf, amount_eur=Decimal(80_000))
    FundsMobilised.objects.create(entry=last, source=national, amount_eur=Decimal(5_000))
    FundsMobilised.objects.create(entry=b1.entries.get(), source=esf, amount_eur=Decimal(3_000))

    # The survey: 3 answers at L1 (two scored 4–5); 1 at M1, below the minimum of 2.
    for score in (5, 4, 2):
        FeedbackAnswer.objects.create(lab=l1, usefulness=4, learned_usable=score)
    FeedbackAnswer.objects.create(lab=v1, usefulness=5, learned_usable=5)

    return World(
        partner=tm,
        other=mt,
        labs={"l1": l1, "l2": l2, "l3": l3, "l4": l4, "v1": v1},
        plans={"p1": p1_plan, "p2": p2_plan, "p3": p3_plan},
    )
