"""Write a partner's action plan as the programme's template: a Word document or a PDF."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from learninglab.actionplans.models import ActionPlan
from learninglab.projects.models import Partner
from learninglab.reports.action_plan import WRITERS, action_plan_document, plans_to_export
from learninglab.reports.management.output import write


def find_plan(partner_slug: str, instrument_slug: str | None) -> ActionPlan:
    """Return the plan of the partner (its own or a joint one) for the instrument, or stop
    the command saying why: no such partner, no plan, or several to choose from."""
    partner = Partner.objects.filter(slug=partner_slug).first()
    if partner is None:
        slugs = ", ".join(Partner.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"No partner {partner_slug!r}: choose one of {slugs}.")
    plans = (
        ActionPlan.objects.filter(Q(partner=partner) | Q(joint_partners=partner))
        .select_related("instrument")
        .distinct()
        .order_by("instrument__slug", "pk")
    )
    if instrument_slug is not None:
        chosen = [plan for plan in plans if plan.instrument.slug == instrument_slug]
        if not chosen:
            known = ", ".join(plan.instrument.slug for plan in plans) or "none"
            raise CommandError(
                f"{partner_slug} has no action plan for the instrument {instrument_slug!r}; "
                f"its plans are for: {known}."
            )
        plans_found = chosen
    else:
        plans_found = list(plans)
    if not plans_found:
        raise CommandError(f"{partner_slug} has no action plan yet.")
    if len(plans_found) > 1:
        known = ", ".join(plan.instrument.slug for plan in plans_found)
        raise CommandError(
            f"{partner_slug} has several action plans: choose one with --instrument "
            f"(one of {known})."
        )
    return plans_to_export(ActionPlan.objects.filter(pk=plans_found[0].pk)).get()


class Command(BaseCommand):
    help = (
        "Write a partner's action plan laid out as the programme's template, in the plan's "
        "language with its English summary, as DOCX or PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partner", required=True, help="Short name of the partner.")
        parser.add_argument(
            "--instrument",
            help="Short name of the policy instrument; needed when the partner has several plans.",
        )
        parser.add_argument("--format", choices=sorted(WRITERS), required=True, dest="fmt")
        parser.add_argument("-o", "--output", required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = find_plan(options["partner"], options["instrument"])
        path = write(options["output"], action_plan_document(plan, options["fmt"]))
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote the action plan {plan.slug} to {path}.")
