"""An action of Timișoara's plan with its whole chain behind it, for the provenance tests
(each test module makes it a ``chain`` fixture with ``build_chain``)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.utils import timezone

from learninglab.actionplans.models import Action, ActionPlan
from learninglab.actionplans.services.action import action_ideas_link, action_practices_link
from learninglab.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from learninglab.cocreation.models import Idea, LiveSession
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    ParticipantFactory,
    PromptFactory,
    VoteFactory,
)
from learninglab.factories import OrganisationFactory, PartnerFactory, StakeholderFactory
from learninglab.labs.models import CheckIn, Lab, LabStatus
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.practices.models import GoodPractice, PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.stakeholders.models import Stakeholder


@dataclasses.dataclass
class Chain:
    plan: ActionPlan
    action: Action
    lab: Lab
    draft_lab: Lab
    session: LiveSession
    ideas: list[Idea]
    draft_idea: Idea
    practices: list[GoodPractice]
    people: list[Stakeholder]


def _votes(idea: Idea, count: int) -> None:
    for _n in range(count):
        VoteFactory(idea=idea, participant=ParticipantFactory(session=idea.prompt.session))


def check_in(lab: Lab, person: Stakeholder) -> None:
    invitation = InvitationFactory(lab=lab, stakeholder=person, response="attending")
    CheckIn.objects.create(invitation=invitation, checked_in_at=timezone.now())


def held_lab(partner: Any, slug: str, round_number: int, **kwargs: Any) -> Lab:
    starts = timezone.now().replace(microsecond=0) - datetime.timedelta(days=60 - round_number)
    return LabFactory(
        partner=partner,
        slug=slug,
        round_number=round_number,
        theme={"en": f"Round {round_number}: the SMEs and the ECoC year"},
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        rsvp_deadline=starts - datetime.timedelta(days=2),
        status=kwargs.pop("status", LabStatus.HELD),
        **kwargs,
    )


def build_chain(partner: Any, other_partner: Any, staff: Any) -> Chain:
    """Timișoara's action 1, "Creative vouchers": two ideas of the round-1 lab (held, eight
    people of three organisations and one without checked in), one idea of a draft lab,
    Matera's published practice and a practice of Leeuwarden's."""
    leeuwarden = PartnerFactory(
        project=partner.project,
        slug="leeuwarden",
        city="Leeuwarden",
        institution="Province of Fryslân",
        country="NL",
        languages=["nl", "en"],
    )
    plan = ActionPlanFactory(partner=partner, slug="timisoara-rop")
    action = ActionFactory(
        plan=plan,
        position=0,
        title={"en": "Creative vouchers for SMEs", "ro": "Vouchere creative pentru IMM-uri"},
    )

    lab = held_lab(partner, "round-1", 1)
    sme = OrganisationFactory(partner=partner, name="Banat IT", type="sme")
    university = OrganisationFactory(partner=partner, name="West University", type="university")
    theatre = OrganisationFactory(partner=partner, name="Teatrul Merlin", type="cultural")
    people = [
        StakeholderFactory(
            partner=partner, first_name="Ioana", last_name="Marin", organisation=sme
        ),
        StakeholderFactory(partner=partner, first_name="Radu", last_name="Pop", organisation=sme),
        StakeholderFactory(
            partner=partner, first_name="Elena", last_name="Dima", organisation=university
        ),
        StakeholderFactory(
            partner=partner, first_name="Mihai", last_name="Stan", organisation=theatre
        ),
        StakeholderFactory(partner=partner, first_name="Ana", last_name="Lupu", organisation=None),
    ]
    for person in people:
        check_in(lab, person)

    session = LiveSessionFactory(lab=lab)
    prompt = PromptFactory(session=session)
    ideas = [
        IdeaFactory(prompt=prompt, text="Vouchers for SMEs to work with artists"),
        IdeaFactory(prompt=prompt, text="Small grants for creative collaborations"),
    ]
    _votes(ideas[0], 3)
    _votes(ideas[1], 2)

    draft_lab = held_lab(partner, "round-2-draft", 2, status=LabStatus.DRAFT)
    draft_idea = IdeaFactory(
        prompt=PromptFactory(session=LiveSessionFactory(lab=draft_lab)),
        text="A secret idea from a lab not announced",
    )

    practices = [
        PracticeFactory(
            partner=other_partner,
            slug="matera-open-design",
            title={"en": "Open Design School"},
            city="Matera",
            country="IT",
            status=PracticeStatus.PUBLISHED,
            published_at=timezone.now(),
        ),
        PracticeFactory(
            partner=leeuwarden,
            slug="leeuwarden-iepen-mienskip",
            title={"en": "Iepen Mienskip: community-led culture"},
            city="Leeuwarden",
            country="NL",
            status=PracticeStatus.PUBLISHED,
            published_at=timezone.now(),
        ),
    ]
    action_ideas_link(actor=staff, action=action, ideas=[*ideas, draft_idea])
    action_practices_link(actor=staff, action=action, practices=practices)
    return Chain(
        plan=plan,
        action=action,
        lab=lab,
        draft_lab=draft_lab,
        session=session,
        ideas=ideas,
        draft_idea=draft_idea,
        practices=practices,
        people=people,
    )
