"""factory_boy factories shared by the test suites of every app."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from learninglab.accounts.models import User
from learninglab.core.roles import Role
from learninglab.projects.models import Partner, PolicyInstrument, Project
from learninglab.stakeholders.models import Consent, Organisation, OrganisationType, Stakeholder
from learninglab.stakeholders.services.consent import consent_states_refresh


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ["acronym"]

    acronym = "ECoC-SME"
    title = "Actions for inducing SME growth and innovation via the ECoC event and legacy"
    programme = "Interreg Europe"
    code = "PGI06047"
    start_date = datetime.date(2019, 8, 1)
    end_date = datetime.date(2022, 7, 31)


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ["slug"]

    project = factory.SubFactory(ProjectFactory)
    slug = factory.Sequence(lambda n: f"partner-{n}")
    institution = factory.LazyAttribute(lambda p: f"Municipality of {p.city}")
    city = factory.Sequence(lambda n: f"City {n}")
    country = "RO"
    time_zone = "Europe/Bucharest"
    languages = ["ro", "en"]


class TimisoaraFactory(PartnerFactory):
    """The partner most tests and the benchmarks work with."""

    slug = "timisoara"
    city = "Timișoara"
    institution = "Municipality of Timișoara"


class PolicyInstrumentFactory(DjangoModelFactory):
    class Meta:
        model = PolicyInstrument

    partner = factory.SubFactory(PartnerFactory)
    name = "Regional Operational Programme"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    role = Role.PARTNER_STAFF
    partner = factory.SubFactory(PartnerFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @classmethod
    def _after_postgeneration(
        cls, instance: User, create: bool, results: dict | None = None
    ) -> None:
        if create:
            instance.save()


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    name_folded = factory.LazyAttribute(lambda o: o.name.lower())
    type = OrganisationType.SME


class StakeholderFactory(DjangoModelFactory):
    class Meta:
        model = Stakeholder

    partner = factory.SubFactory(PartnerFactory)
    first_name = factory.Sequence(lambda n: f"Ana{n}")
    last_name = "Popescu"
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    language = "ro"
    search_text = factory.LazyAttribute(lambda s: f"{s.first_name} {s.last_name} {s.email}".lower())


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent
        skip_postgeneration_save = True

    stakeholder = factory.SubFactory(StakeholderFactory)
    purpose = "invitations"
    given = True
    method = "form"

    @factory.post_generation
    def stored_state(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Keep the person's stored consent as the service would."""
        if create:
            consent_states_refresh(stakeholder_ids=[self.stakeholder_id])
            self.stakeholder.refresh_from_db(fields=["invitation_consent"])
