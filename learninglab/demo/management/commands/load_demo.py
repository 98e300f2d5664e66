"""Load the ECoC-SME demo: project, partners, staff logins, stakeholder groups and labs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.urls import reverse

from learninglab.cocreation.models import LiveSession
from learninglab.demo.data import OPEN_LAB
from learninglab.demo.logins import login_lines
from learninglab.demo.services import demo_load
from learninglab.labs.models import Lab

PLURALS = {
    "project": "projects",
    "partner": "partners",
    "policy instrument": "policy instruments",
    "staff account": "staff accounts",
    "organisation": "organisations",
    "stakeholder": "stakeholders",
    "consent entry": "consent entries",
    "good practice": "good practices",
    "transfer": "transfers",
    "lab": "labs",
    "invitation": "invitations",
    "invitation e-mail": "invitation e-mails (kept in the outbox, as sent)",
    "answer": "answers",
    "check-in": "check-ins",
    "live session": "live sessions",
    "question": "questions",
    "idea": "ideas",
    "vote": "votes",
    "published minutes": "published minutes",
    "feedback answer": "feedback answers",
}


class Command(BaseCommand):
    help = "Load the demo data; running it again adds nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo_load()
        if not any(created.values()):
            self.stdout.write("Demo data already loaded.")
            return
        self.stdout.write(self.style.SUCCESS("Loaded the demo data:"))
        for kind, plural in PLURALS.items():
            if created[kind]:
                self.stdout.write(f"  {created[kind]:>3} {kind if created[kind] == 1 else plural}")
        self.stdout.write("")
        self.stdout.write("\n".join(login_lines()))
        lab = Lab.objects.select_related("previous").get(slug=OPEN_LAB)
        deadline = lab.local_rsvp_deadline.strftime("%Y-%m-%d %H:%M")
        self.stdout.write(
            f"\nThe second Local Learning Lab of Timișoara takes answers until {deadline}"
            f" ({lab.time_zone}): invite people to it at {lab.get_absolute_url()}"
        )
        session = LiveSession.objects.filter(lab=lab).first()
        if session is not None:
            self.stdout.write(
                f"On its day, check people in at {reverse('labs:checkin', args=[lab.slug])}"
                f" and run the live wall at {session.get_absolute_url()}"
                f" (join code {session.join_code})."
            )
        if lab.previous is not None:
            self.stdout.write(
                "The results of the first one are public at"
                f" {reverse('results:public', args=[lab.previous.slug])}"
            )
