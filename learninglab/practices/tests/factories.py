"""Factories for good practices, on top of the shared ones."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from learninglab.factories import TimisoaraFactory
from learninglab.practices.models import GoodPractice, PracticeStatus, PracticeTopic, Topic


class PracticeFactory(DjangoModelFactory):
    """A complete draft of Timișoara: ready to be submitted."""

    class Meta:
        model = GoodPractice
        skip_postgeneration_save = True

    partner = factory.SubFactory(TimisoaraFactory)
    slug = factory.Sequence(lambda n: f"practice-{n}")
    status = PracticeStatus.DRAFT
    title = factory.LazyFunction(
        lambda: {"ro": "Atelierul de design deschis", "en": "The open design workshop"}
    )
    country = "RO"
    nuts2 = "RO42"
    city = "Timișoara"
    summary = factory.LazyFunction(
        lambda: {"en": "Makers and SMEs design the city's cultural programme together."}
    )
    problem = factory.LazyFunction(lambda: {"en": "Local SMEs did not take part in culture."})
    activities = factory.LazyFunction(lambda: {"en": "Monthly open workshops in a library."})
    evidence = factory.LazyFunction(lambda: {"en": "40 SMEs took part; 12 new products."})
    transfer_potential = factory.LazyFunction(lambda: {"en": "Any city with a makerspace."})
    started_on = datetime.date(2019, 3, 1)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create:
            for topic in extracted if extracted is not None else [Topic.SME_COMPETITIVENESS]:
                PracticeTopic.objects.create(practice=self, topic=topic)
