"""Factories for labs and invitations, on top of the shared ones."""

from __future__ import annotations

import datetime
import zoneinfo

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from learninglab.factories import (
    PartnerFactory,
    StakeholderFactory,
    TimisoaraFactory,
)
from learninglab.labs.models import Invitation, Lab, LabContact, LabStatus
from learninglab.labs.services.seats import seats_move
from learninglab.projects.models import Partner
from learninglab.stakeholders.models import Organisation, Stakeholder


def _in_ten_days_at_ten() -> datetime.datetime:
    """Return 10:00 in Timișoara ten days from now: a lab that ends on the day it starts,
    whatever the time of day the tests run at."""
    zone = zoneinfo.ZoneInfo("Europe/Bucharest")
    day = (timezone.now() + datetime.timedelta(days=10)).astimezone(zone).date()
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=zone)


def tomorrow_at_ten() -> datetime.datetime:
    """Return 10:00 in Timișoara tomorrow: a lab whose people may be checked in today
    without a confirmation (the eve of its day)."""
    zone = zoneinfo.ZoneInfo("Europe/Bucharest")
    day = (timezone.now() + datetime.timedelta(days=1)).astimezone(zone).date()
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=zone)


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
    starts_at = factory.LazyFunction(lambda: _in_ten_days_at_ten())
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
        skip_postgeneration_save = True

    lab = factory.SubFactory(LabFactory)
    stakeholder = factory.SubFactory(
        StakeholderFactory, partner=factory.SelfAttribute("..lab.partner")
    )
    language = "ro"

    @factory.post_generation
    def seats(obj: Invitation, create: bool, extracted: object, **kwargs: object) -> None:
        """Count the seat of an invitation made attending, as the services would."""
        if create:
            seats_move(lab=obj.lab, before="", after=obj.response)


def answer_set(invitation: Invitation, response: str, **fields: object) -> None:
    """Give an invitation an answer as it would stand, its seat counted, and nothing else:
    no e-mail, no audit entry, no waiting list moving."""
    lab = Lab.objects.get(pk=invitation.lab_id)
    before = Invitation.objects.values_list("response", flat=True).get(pk=invitation.pk)
    Invitation.objects.filter(pk=invitation.pk).update(response=response, **fields)
    seats_move(lab=lab, before=before, after=response)


def invited_lab(*, slug: str, people: int, capacity: int | None = None) -> list[Invitation]:
    """Create a published lab of Timișoara with its RSVP contact and invite ``people`` to it.

    The people are new, of one organisation, two in three writing in Romanian; they are
    inserted in bulk, for the benchmarks and the tests against a real server that need
    hundreds. Return the invitations.
    """
    partner = TimisoaraFactory()
    lab = LabFactory(partner=partner, slug=slug, capacity=capacity)
    LabContactFactory(lab=lab)
    guests = people_in_bulk(partner, count=people, email_prefix=slug)
    return Invitation.objects.bulk_create(
        (Invitation(lab=lab, stakeholder=g, language=g.language) for g in guests),
        batch_size=1000,
    )


def rsvp_path(invitation: Invitation) -> str:
    """Return the path of the invitation's personal RSVP link."""
    from django.urls import reverse

    from learninglab.labs.links import rsvp_token

    return reverse("labs:rsvp", args=[invitation.public_id, rsvp_token(invitation)])


def people_in_bulk(partner: Partner, *, count: int, email_prefix: str) -> list[Stakeholder]:
    """Insert ``count`` new people of the partner in bulk and return them.

    They belong to one organisation, two in three write in Romanian, and their addresses
    are ``<email_prefix>.<n>@example.ro``.
    """
    organisation, _created = Organisation.objects.get_or_create(
        partner=partner, name="Asociația Artiștilor", name_folded="asociatia artistilor"
    )
    return Stakeholder.objects.bulk_create(
        (
            Stakeholder(
                partner=partner,
                first_name=f"Ștefan{n}",
                last_name="Mureșan",
                email=f"{email_prefix}.{n}@example.ro",
                organisation=organisation,
                language="ro" if n % 3 else "en",
            )
            for n in range(count)
        ),
        batch_size=1000,
    )
