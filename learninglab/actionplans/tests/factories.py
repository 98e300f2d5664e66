"""Factories for action plans, on top of the shared ones."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from learninglab.actionplans.models import (
    Action,
    ActionPlan,
    ActionPlayer,
    ActionStatus,
    FundingKind,
    FundingSource,
    Milestone,
    PlanStatus,
    ProgressEntry,
)
from learninglab.factories import PolicyInstrumentFactory, TimisoaraFactory


class ActionPlanFactory(DjangoModelFactory):
    """A draft plan of Timișoara for its Regional Operational Programme."""

    class Meta:
        model = ActionPlan
        skip_postgeneration_save = True

    partner = factory.SubFactory(TimisoaraFactory)
    instrument = factory.SubFactory(
        PolicyInstrumentFactory,
        partner=factory.SelfAttribute("..partner"),
        slug=factory.Sequence(lambda n: f"rop-{n}"),
    )
    slug = factory.Sequence(lambda n: f"plan-{n}")
    language = "ro"
    status = PlanStatus.DRAFT
    country = "RO"
    nuts2 = "RO42"
    region = "Vest"
    title = factory.LazyFunction(
        lambda: {
            "ro": "Planul de acțiune al Timișoarei",
            "en": "Timișoara's action plan",
        }
    )
    organisation = factory.LazyFunction(
        lambda: {"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"}
    )
    improvement = factory.LazyFunction(
        lambda: {"en": "New calls for cultural and creative SMEs under priority 2."}
    )
    contact_name = "Andreea Vlădescu"
    contact_email = "staff@timisoara.example.org"


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(ActionPlanFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.LazyFunction(
        lambda: {"ro": "Vouchere pentru IMM-uri creative", "en": "Vouchers for creative SMEs"}
    )
    description = factory.LazyFunction(
        lambda: {"en": "A yearly call for vouchers of up to EUR 10,000."}
    )
    starts_on = datetime.date(2021, 1, 1)
    ends_on = datetime.date(2022, 12, 31)
    costs_eur = Decimal("250000.00")


class PlayerFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlayer

    action = factory.SubFactory(ActionFactory)
    name = "West Regional Development Agency"
    role = factory.LazyFunction(lambda: {"en": "Manages the call"})


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.LazyFunction(lambda: {"en": "Call published"})
    due_on = datetime.date(2021, 6, 30)


class FundingSourceFactory(DjangoModelFactory):
    class Meta:
        model = FundingSource

    action = factory.SubFactory(ActionFactory)
    kind = FundingKind.ERDF
    name = "ROP West 2.1"
    amount_eur = Decimal("200000.00")


class ProgressEntryFactory(DjangoModelFactory):
    class Meta:
        model = ProgressEntry

    action = factory.SubFactory(ActionFactory)
    on = datetime.date(2021, 3, 1)
    text = "The call's terms were agreed with the managing authority."
    status = ActionStatus.IN_PROGRESS
    progress = 20
    created_at = factory.LazyFunction(timezone.now)


def ready_plan(**kwargs: object) -> ActionPlan:
    """Return a draft plan with everything it needs to be submitted, and one action."""
    kwargs.setdefault(
        "summary",
        {
            "ro": "Vouchere pentru IMM-urile culturale și creative.",
            "en": "Vouchers for cultural and creative SMEs.",
        },
    )
    plan = ActionPlanFactory(**kwargs)
    ActionFactory(plan=plan, position=0)
    return plan


# The smallest file that starts like a PDF; the signed documents in the tests.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def signed_pdf(name: str = "signed-plan.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    """Return an upload of a signed document."""
    return SimpleUploadedFile(name, content, content_type="application/pdf")
