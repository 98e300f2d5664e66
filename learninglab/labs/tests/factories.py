"""Factories for labs and invitations, on top of the shared ones."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from learninglab.factories import PartnerFactory, StakeholderFactory
from learninglab.labs.models import Invitation, Lab, LabContact, LabStatus


class LabFactory(DjangoModelFactory):
    class Meta:
        model = Lab

    partner = factory.SubFactory(PartnerFactory)
    slug = factory.Sequence(lambda n: f"lab-{n}")
    round_number = 2
    theme = factory.LazyFunction(
        lambda: {
            "ro": "Cum poate deveni programul CEaC o oportunitate?",
            "en": "How can the ECoC programme become an opportunity?",
        }
    )
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda lab: lab.starts_at + datetime.timedelta(hours=3))
    rsvp_deadline = factory.LazyAttribute(lambda lab: lab.starts_at - datetime.timedelta(days=2))
    time_zone = "Europe/Bucharest"
    venue_name = "Spațiul Expozițional al Primăriei"
    venue_address = "Piața Victoriei nr. 5, Timișoara"
    status = LabStatus.PUBLISHED


class LabContactFactory(DjangoModelFactory):
    class Meta:
        model = LabContact

    lab = factory.SubFactory(LabFactory)
    role = "rsvp"
    name = "Irina Vlad"
    function = factory.LazyFunction(
        lambda: {"ro": "responsabil comunicare", "en": "communication officer"}
    )
    email = "irina.vlad@example.org"
    phone = "+40700000101"


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    lab = factory.SubFactory(LabFactory)
    stakeholder = factory.SubFactory(
        StakeholderFactory, partner=factory.SelfAttribute("..lab.partner")
    )
    language = "ro"
