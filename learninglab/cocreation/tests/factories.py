"""Factories for live sessions and what happens in them, on top of the labs' ones."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from learninglab.cocreation.models import (
    Idea,
    IdeaStatus,
    LiveSession,
    Participant,
    Prompt,
    PromptStatus,
    Theme,
    Vote,
)
from learninglab.labs.tests.factories import LabFactory


class LiveSessionFactory(DjangoModelFactory):
    class Meta:
        model = LiveSession

    lab = factory.SubFactory(LabFactory)
    join_code = factory.Sequence(lambda n: f"T{n:05d}".replace("0", "A").replace("1", "B"))
    is_open = True


class PromptFactory(DjangoModelFactory):
    class Meta:
        model = Prompt

    session = factory.SubFactory(LiveSessionFactory)
    text = factory.LazyFunction(
        lambda: {
            "en": "What would help your business during the ECoC year?",
            "ro": "Ce v-ar ajuta afacerea în anul Capitalei Culturale?",
        }
    )
    position = factory.Sequence(lambda n: n)
    status = PromptStatus.OPEN


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(LiveSessionFactory)
    token = factory.Sequence(lambda n: f"browser-token-{n:04d}")
    language = "en"


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    prompt = factory.SubFactory(PromptFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")
    position = factory.Sequence(lambda n: n)


class IdeaFactory(DjangoModelFactory):
    class Meta:
        model = Idea

    prompt = factory.SubFactory(PromptFactory)
    participant = factory.SubFactory(
        ParticipantFactory, session=factory.SelfAttribute("..prompt.session")
    )
    text = factory.Sequence(lambda n: f"Idea number {n}")
    status = IdeaStatus.VISIBLE


class VoteFactory(DjangoModelFactory):
    class Meta:
        model = Vote

    idea = factory.SubFactory(IdeaFactory)
    participant = factory.SubFactory(
        ParticipantFactory, session=factory.SelfAttribute("..idea.prompt.session")
    )
