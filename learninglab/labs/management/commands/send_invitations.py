"""Invite a lab's stakeholder group, or a part of it, and queue the invitation e-mails."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Exists, OuterRef, QuerySet

from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.labs.models import Lab, LabStatus
from learninglab.labs.services.invitation import (
    InvitationPlan,
    invitation_plan,
    invitations_create,
    invitations_send,
)
from learninglab.stakeholders.models import OrganisationType, Stakeholder
from learninglab.stakeholders.selectors import people_order


def _describe(person: Stakeholder) -> str:
    return f"{person.full_name} <{person.email}>" if person.email else person.full_name


class Command(BaseCommand):
    help = (
        "Invite the people of a lab's stakeholder group who agreed to receive invitations, "
        "and queue their e-mails; the worker delivers them. Nobody is invited twice. "
        "With --dry-run, only show who would be invited, who was invited before and who "
        "may not be invited, and why."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lab", required=True, help="Short name (slug) of the lab.")
        parser.add_argument(
            "--segment",
            action="append",
            default=[],
            metavar="TAG",
            help="Only people with this tag; repeat for several tags (any of them).",
        )
        parser.add_argument(
            "--type",
            dest="organisation_type",
            choices=OrganisationType.values,
            help="Only people of organisations of this type.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the plan and change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lab = self._lab(options["lab"])
        people = self._people(lab, options["segment"], options["organisation_type"])
        if options["dry_run"]:
            self._show(invitation_plan(lab=lab, people=people))
            if lab.status != LabStatus.PUBLISHED:
                self.stdout.write("The lab is not published: publish it before sending.")
            self.stdout.write("Dry run: nothing was changed.")
            return
        try:
            plan = invitations_create(actor=None, lab=lab, people=people, via=Via.CLI)
        except DomainError as error:
            raise CommandError(str(error)) from None
        self._show(plan, done=True)
        queued = invitations_send(lab_id=lab.pk)
        self.stdout.write(f"Queued {queued} e-mail(s); the worker delivers them.")

    def _lab(self, slug: str) -> Lab:
        lab = Lab.objects.select_related("partner").filter(slug=slug).first()
        if lab is None:
            raise CommandError(f"No lab {slug!r}.")
        return lab

    def _people(self, lab: Lab, tags: list[str], organisation_type: str | None) -> QuerySet:
        people = Stakeholder.objects.filter(partner=lab.partner, erased_at__isnull=True)
        if tags:
            tagged = Stakeholder.tags.through.objects.filter(
                stakeholder=OuterRef("pk"), tag__name__in=tags
            )
            people = people.filter(Exists(tagged))
        if organisation_type:
            people = people.filter(organisation__type=organisation_type)
        return people.order_by(*people_order(lab.partner))

    def _show(self, plan: InvitationPlan, *, done: bool = False) -> None:
        verb = "Invited" if done else "Would invite"
        self.stdout.write(f"{verb}: {len(plan.to_invite)}")
        for person in plan.to_invite:
            self.stdout.write(f"  {_describe(person)}")
        if plan.unsent and not done:
            self.stdout.write(f"Invited earlier, e-mail still to send: {len(plan.unsent)}")
            for invitation in plan.unsent:
                self.stdout.write(f"  {_describe(invitation.stakeholder)}")
        self.stdout.write(f"Answered already, not asked to answer: {len(plan.answered)}")
        for invitation in plan.answered:
            answer = invitation.get_response_display()
            self.stdout.write(f"  {_describe(invitation.stakeholder)}: {answer}")
        self.stdout.write(f"Invited before, no answer yet: {len(plan.waiting)}")
        for invitation in plan.waiting:
            self.stdout.write(f"  {_describe(invitation.stakeholder)}")
        self.stdout.write(f"Not invited: {len(plan.excluded)}")
        for exclusion in plan.excluded:
            self.stdout.write(f"  {_describe(exclusion.stakeholder)}: {exclusion.reason}")
