"""Fixtures of the action plans' tests: a draft plan of Timișoara and a lab's live wall."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from learninglab.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from learninglab.cocreation.models import IdeaStatus
from learninglab.cocreation.services.idea import idea_merge
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    ParticipantFactory,
    PromptFactory,
    ThemeFactory,
    VoteFactory,
)
from learninglab.labs.models import LabStatus
from learninglab.labs.tests.factories import LabFactory
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory


@pytest.fixture
def plan(partner):
    return ActionPlanFactory(partner=partner, slug="timisoara-rop")


@pytest.fixture
def action(plan):
    return ActionFactory(plan=plan, position=0)


def votes(idea: Any, count: int) -> None:
    for _n in range(count):
        VoteFactory(idea=idea, participant=ParticipantFactory(session=idea.prompt.session))


@pytest.fixture
def wall(partner) -> dict[str, Any]:
    """A lab of Timișoara held a week ago, its live wall with one question and its ideas:
    "coworking" (3 votes, theme "Spaces"), "vouchers" (5 votes), "festival" merged into
    "vouchers", and "hidden" hidden by the facilitator."""
    starts = timezone.now() - datetime.timedelta(days=7)
    lab = LabFactory(
        partner=partner,
        slug="timisoara-lll-2",
        round_number=2,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        rsvp_deadline=starts - datetime.timedelta(days=2),
        status=LabStatus.HELD,
    )
    session = LiveSessionFactory(lab=lab)
    prompt = PromptFactory(
        session=session,
        text={"en": "What would help creative SMEs?", "ro": "Ce ar ajuta IMM-urile creative?"},
    )
    theme = ThemeFactory(prompt=prompt, name="Spaces")
    coworking = IdeaFactory(prompt=prompt, text="A coworking space in the old factory", theme=theme)
    vouchers = IdeaFactory(prompt=prompt, text="Vouchers for design services")
    festival = IdeaFactory(prompt=prompt, text="Design vouchers for small firms")
    hidden = IdeaFactory(prompt=prompt, text="Off topic", status=IdeaStatus.HIDDEN)
    votes(coworking, 3)
    votes(vouchers, 4)
    votes(festival, 1)
    idea_merge(actor=None, idea=festival, into=vouchers)
    return {
        "lab": lab,
        "prompt": prompt,
        "coworking": coworking,
        "vouchers": vouchers,
        "festival": festival,
        "hidden": hidden,
    }


@pytest.fixture
def practice(other_partner):
    """A published practice of Matera."""
    return PracticeFactory(
        partner=other_partner,
        slug="matera-open-studios",
        city="Matera",
        title={"it": "Studi aperti", "en": "Open studios"},
        summary={"en": "Artists open their studios to SMEs once a month."},
        transfer_potential={"en": "Any city with artists' studios."},
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )
