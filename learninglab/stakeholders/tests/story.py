"""One person's whole story, through the real services: the scenario of the GDPR tests.

Ottilie Wrenfeather is imported from a spreadsheet, invited to a lab (the e-mail goes
through a real SMTP server), answers through her personal link with a note, is checked
in at the door, posts an idea on the live wall under her name and votes for it, is asked
for feedback and gives it; she is the contact person of a good practice, a named player
of an action and follows a public action plan. Every step writes what it writes in
production: outbox rows, audit entries, consents.
"""

from __future__ import annotations

import dataclasses
import datetime
import email
import email.policy
import json
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learninglab.actionplans.models import PlanFollower
from learninglab.actionplans.tests.factories import ActionPlanFactory, PlayerFactory
from learninglab.cocreation.models import Idea, Participant
from learninglab.cocreation.services.idea import idea_submit
from learninglab.cocreation.services.participant import participant_join
from learninglab.cocreation.services.session import (
    live_session_create,
    live_session_open,
    prompt_create,
    prompt_open,
)
from learninglab.cocreation.services.vote import vote_cast
from learninglab.labs.jobs import confirmations_queue
from learninglab.labs.links import rsvp_url
from learninglab.labs.models import Invitation, Lab, LabStatus
from learninglab.labs.services.checkin import checkin_record
from learninglab.labs.services.invitation import invitations_create, invitations_send
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.messaging.delivery import deliver_due
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.results.jobs import feedback_requests_queue, requests_due_at
from learninglab.results.services.feedback import FeedbackData, feedback_record
from learninglab.stakeholders.importing.services import (
    ImportOptions,
    import_batch_create,
    import_commit,
)
from learninglab.stakeholders.models import Stakeholder

FIRST_NAME = "Ottilie"
LAST_NAME = "Wrenfeather"
EMAIL = "ottilie.wrenfeather@example.org"
PHONE = "+40731999123"
NOTE = "I come by wheelchair; please keep the side door open."
IDEA = "Open the old tram depot to makers on weekends"

SPREADSHEET = (
    "First name,Last name,E-mail,Phone,Organisation,Organisation type,Role,Language,Tags,"
    "Invitation consent,Notes\r\n"
    f"{FIRST_NAME},{LAST_NAME},{EMAIL},{PHONE},Atelier Bega,sme,Founder,en,Round 1,yes,"
    "Met at the makers fair.\r\n"
).encode()


@dataclasses.dataclass
class Story:
    person: Stakeholder
    lab: Lab
    invitation: Invitation
    idea: Idea
    participant: Participant


def live(partner: Any, staff: Any, smtp: Any) -> Story:
    """Take Ottilie through her whole story and return what it made.

    ``smtp`` is a running ``messaging.testing.SmtpServer`` the settings point at.
    """
    batch, _report = import_batch_create(
        actor=staff,
        partner=partner,
        content=SPREADSHEET,
        filename="makers.csv",
        options=ImportOptions(),
    )
    import_commit(actor=staff, batch=batch)
    person = Stakeholder.objects.get(partner=partner, email=EMAIL)

    lab = LabFactory(partner=partner, slug="timisoara-lll-3")
    LabContactFactory(lab=lab)
    invitations_create(actor=staff, lab=lab, people=Stakeholder.objects.filter(pk=person.pk))
    invitations_send(lab_id=lab.pk)
    deliver_due()
    invitation = Invitation.objects.get(lab=lab, stakeholder=person)

    page = rsvp_url(invitation).split("://", 1)[1].split("/", 1)[1]
    answered = Client().post("/" + page, {"answer": "attend", "note": NOTE})
    assert answered.status_code == 302, answered
    confirmations_queue()
    deliver_due()

    checkin_record(actor=staff, invitation=invitation, device="door phone", confirmed_early=True)

    session = live_session_create(actor=staff, lab=lab)
    prompt = prompt_create(actor=staff, session=session, text={"en": "What should the city try?"})
    session = live_session_open(actor=staff, session=session)
    prompt = prompt_open(actor=staff, prompt=prompt)
    participant = participant_join(
        session=session,
        token="phone-of-participant-1",
        language="en",
        display_name=f"{FIRST_NAME} W.",
    )
    participant = participant_join(
        session=session,
        token="phone-of-participant-1",
        language="en",
        display_name=f"{FIRST_NAME} {LAST_NAME}",
    )
    idea = idea_submit(participant=participant, prompt=prompt, text=IDEA)
    vote_cast(participant=participant, idea=idea)

    # The lab took place: it ended an hour ago, and the survey request goes out next day.
    ended = timezone.now() - datetime.timedelta(hours=1)
    Lab.objects.filter(pk=lab.pk).update(
        starts_at=ended - datetime.timedelta(hours=3), ends_at=ended, status=LabStatus.HELD
    )
    lab.refresh_from_db()
    feedback_requests_queue(now=requests_due_at(lab) + datetime.timedelta(minutes=1))
    deliver_due()
    feedback_record(
        invitation=invitation,
        data=FeedbackData(usefulness=5, learned_usable=4, will_apply="The depot idea."),
    )

    PracticeFactory(partner=partner, contact=person)
    plan = ActionPlanFactory(partner=partner)
    PlayerFactory(
        action__plan=plan, name=f"{FIRST_NAME} {LAST_NAME}", role={"en": "Maker in residence"}
    )
    PlanFollower.objects.create(
        plan=plan, email=EMAIL, language="en", created_at=timezone.now(), confirmed_at=None
    )

    assert smtp.received, "the story sends real e-mails"
    return Story(person=person, lab=lab, invitation=invitation, idea=idea, participant=participant)


# Looking for personal data in every table

_TEXT_TYPES = {
    "CharField",
    "TextField",
    "EmailField",
    "SlugField",
    "URLField",
    "FileField",
    "ImageField",
    "JSONField",
    "BinaryField",
    "GenericIPAddressField",
}


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.is_relation and f.get_internal_type() in _TEXT_TYPES
    ]


def _readable(value: Any) -> str:
    """Return what a column holds as text, MIME messages decoded part by part."""
    if value is None:
        return ""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        texts = [value.decode("utf-8", "replace")]
        message = email.message_from_bytes(value, policy=email.policy.default)
        for header, header_value in message.items():
            texts.append(f"{header}: {header_value}")
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if payload:
                texts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
        return "\n".join(texts)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def places_holding(needles: list[str]) -> Iterator[str]:
    """Yield ``table.column: needle`` for every column of every table where a needle is."""
    lowered = [n.lower() for n in needles]
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = _columns(model)
        if not columns:
            continue
        rows = model._base_manager.values_list(*(c.attname for c in columns))
        for row in rows:
            for column, value in zip(columns, row, strict=True):
                text = _readable(value).lower()
                for needle in lowered:
                    if needle in text:
                        yield f"{model._meta.db_table}.{column.column}: {needle}"


def erase_through_the_page(client: Client, person: Stakeholder) -> None:
    response = client.post(reverse("stakeholders:erase", args=[person.pk]), {"confirm": "ERASE"})
    assert response.status_code == 302, response
