"""The audit log and the histories read as sentences, with values and times a person reads."""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from learninglab.actionplans.services.milestone import milestone_add
from learninglab.actionplans.services.workflow import plan_submit
from learninglab.actionplans.tests.factories import ready_plan
from learninglab.core import audit_sentences
from learninglab.core.audit import audit_record
from learninglab.core.audit_sentences import describe
from learninglab.core.models import AuditEntry
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.services.invitation import invitations_create
from learninglab.labs.services.lab import lab_mark_held
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.practices.models import EventKind
from learninglab.stakeholders.models import ConsentMethod, ConsentPurpose, Stakeholder
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.stakeholder import (
    StakeholderData,
    stakeholder_create,
    stakeholder_erase,
    stakeholder_update,
)

SOURCE = Path(__file__).resolve().parents[2]  # the learninglab package
CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
# Codes written with a part filled in at run time, and every value that part takes.
DYNAMIC_CODES = {
    "practices.practice.{kind}": [f"practices.practice.{kind}" for kind in EventKind.values],
    "practices.{kind}.removed": ["practices.image.removed", "practices.document.removed"],
}


def _string_values(node: ast.expr) -> list[str]:
    """Return the codes an ``action=`` argument may be: a string, either of two, an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _string_values(node.body) + _string_values(node.orelse)
    if isinstance(node, ast.JoinedStr):
        template = "".join(
            part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"
            for part in node.values
        )
        assert template in DYNAMIC_CODES, f"Say which codes {template!r} stands for."
        return DYNAMIC_CODES[template]
    return []


def emitted_codes() -> dict[str, str]:
    """Return every audit code the code base writes, with the file that writes it."""
    apps = {path.name for path in SOURCE.iterdir() if (path / "apps.py").exists()}
    codes: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg not in ("action", "merged_action"):
                    continue
                for code in _string_values(keyword.value):
                    if CODE.match(code) and code.split(".")[0] in apps:
                        codes[code] = str(path.relative_to(SOURCE))
    return codes


def test_every_audit_code_written_has_a_sentence():
    codes = emitted_codes()
    assert "labs.invitations.created" in codes  # the search finds the codes at all
    assert "practices.practice.approved" in codes

    missing = {
        code: path for code, path in codes.items() if code not in audit_sentences.registered_codes()
    }

    assert missing == {}


def test_no_sentence_waits_for_a_code_nobody_writes():
    assert audit_sentences.registered_codes() - set(emitted_codes()) == set()


def line_of(entry: AuditEntry, **kwargs):
    [line] = describe([entry], **kwargs)
    return line


def last_entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).select_related("content_type").latest("id")


@pytest.fixture
def lab(partner):
    return LabFactory(partner=partner, slug="timisoara-lll-2")


def test_invitations_read_as_how_many_people_were_invited_to_which_lab(staff, lab):
    for person in StakeholderFactory.create_batch(3, partner=lab.partner):
        ConsentFactory(stakeholder=person)
    invitations_create(actor=staff, lab=lab, people=Stakeholder.objects.all())

    line = line_of(last_entry("labs.invitations.created"))

    assert line.sentence == "Invited 3 people to “timisoara-lll-2”"
    assert line.changes == []  # the ids of the people invited are not shown


def test_an_answer_names_the_person_the_entry_named_and_the_answer_in_words(staff, lab):
    invitation = InvitationFactory(
        lab=lab, stakeholder__first_name="Ioana", stakeholder__last_name="Ionescu"
    )
    rsvp_record(invitation=invitation, answer="attend", via="phone", actor=staff, notify=False)

    line = line_of(last_entry("labs.rsvp.recorded"))

    assert line.sentence == "Recorded Ioana Ionescu’s answer for “timisoara-lll-2”: Attending"
    shown = {change.label: (change.before, change.after) for change in line.changes}
    assert shown["Answer"] == ("No answer yet", "Attending")
    assert shown["How the answer came"][1] == "Phone"


def test_an_erased_persons_answer_names_nobody(staff, lab):
    invitation = InvitationFactory(
        lab=lab, stakeholder__first_name="Ioana", stakeholder__last_name="Ionescu"
    )
    rsvp_record(invitation=invitation, answer="attend", via="phone", actor=staff, notify=False)
    stakeholder_erase(actor=staff, stakeholder=invitation.stakeholder)

    line = line_of(last_entry("labs.rsvp.recorded"))

    assert line.sentence == "Recorded an erased person’s answer for “timisoara-lll-2”: Attending"


def test_values_are_formatted_not_shown_as_code(staff, partner):
    person = stakeholder_create(
        actor=staff, partner=partner, data=StakeholderData(first_name="Ana", last_name="Pop")
    )
    consent_record(
        actor=staff,
        stakeholder=person,
        purpose=ConsentPurpose.INVITATIONS,
        given=True,
        method=ConsentMethod.PHONE,
    )

    line = line_of(last_entry("stakeholders.consent.given"))

    assert line.sentence == "Recorded that Ana Pop agreed to: Invitations to labs (Phone)"
    shown = {change.label: change.after for change in line.changes}
    assert shown["Given"] == "yes"
    assert shown["Consent to"] == "Invitations to labs"


def test_a_change_shows_before_and_after_under_the_fields_names(staff, partner):
    person = stakeholder_create(
        actor=staff, partner=partner, data=StakeholderData(first_name="Ana", last_name="Pop")
    )
    stakeholder_update(
        actor=staff,
        stakeholder=person,
        data=StakeholderData(first_name="Ana", last_name="Popescu", tags=["mentors"]),
    )

    line = line_of(last_entry("stakeholders.stakeholder.updated"))

    assert line.sentence == "Changed the details of Ana Popescu"
    assert line.is_update
    shown = {change.label: (change.before, change.after) for change in line.changes}
    assert shown["Last name"] == ("Pop", "Popescu")
    assert shown["Tags"] == ("—", "mentors")


def test_times_are_in_the_partners_zone_with_the_zone_shown(staff, partner, lab):
    lab_mark_held(actor=staff, lab=lab, confirmed_early=True)
    entry = last_entry("labs.lab.held")
    entry.at = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.UTC)

    with translation.override("en"):
        line = line_of(entry)

    assert partner.time_zone == "Europe/Bucharest"
    assert (line.at.hour, line.zone) == (14, "EET")
    assert line.when == "3 December 2026, 14:00 EET"
    assert line.sentence == "Recorded that the lab “timisoara-lll-2” took place"
    assert line_of(entry, zone="Europe/Rome").zone == "CET"


def test_dates_and_texts_in_several_languages_are_shown_as_text(staff, partner):
    plan = ready_plan(partner=partner)
    milestone_add(
        actor=staff,
        action=plan.actions.get(),
        title={"ro": "Apelul lansat", "en": "Call launched"},
        due_on=datetime.date(2022, 3, 31),
    )

    with translation.override("en"):
        line = line_of(last_entry("actionplans.milestone.added"))

    shown = {change.label: change.after for change in line.changes}
    assert shown == {"Milestone": "Call launched", "Due": "31 March 2022"}
    assert line.sentence == "Added the milestone “Call launched”"


def test_an_unknown_code_reads_as_a_sentence_never_as_code_or_data(staff, lab):
    entry = audit_record(
        actor=staff, action="labs.lab.archived", obj=lab, after={"reason": {"why": ["old"]}}
    )

    line = line_of(AuditEntry.objects.select_related("content_type").get(pk=entry.pk))

    assert line.sentence == "Changed the lab “timisoara-lll-2”"
    assert [(c.label, c.after) for c in line.changes] == [("Reason", "Why: old")]


def test_an_entry_whose_values_no_longer_fit_its_sentence_falls_back(staff, lab):
    entry = audit_record(actor=staff, action="labs.invitations.created", obj=lab, extra={})

    assert line_of(entry).sentence == "Changed the lab “timisoara-lll-2”"


# -- the pages ---------------------------------------------------------------------------


def test_the_audit_log_page_shows_sentences_and_local_times(staff_client, staff, lab):
    for person in StakeholderFactory.create_batch(2, partner=lab.partner):
        ConsentFactory(stakeholder=person)
    invitations_create(actor=staff, lab=lab, people=Stakeholder.objects.all())

    page = staff_client.get(reverse("core:audit")).content.decode()

    assert "Invited 2 people to “timisoara-lll-2”" in page
    assert "labs.invitations.created" not in page
    assert re.search(r"\d\d:\d\d EES?T</time>", page)
    assert "'count'" not in page and "{" not in page.split("<main", 1)[1].split("</main>")[0]


def test_a_persons_history_reads_as_sentences(staff_client, staff, partner):
    person = stakeholder_create(
        actor=staff, partner=partner, data=StakeholderData(first_name="Ana", last_name="Pop")
    )

    page = staff_client.get(reverse("stakeholders:detail", args=[person.pk])).content.decode()

    assert "Added Ana Pop to the stakeholder group" in page
    assert "stakeholders.stakeholder.created" not in page


def test_a_labs_history_reads_as_sentences(staff_client, staff, lab):
    lab_mark_held(actor=staff, lab=lab, confirmed_early=True)

    page = staff_client.get(reverse("labs:detail", args=[lab.slug])).content.decode()

    assert "Recorded that the lab “timisoara-lll-2” took place" in page
    assert "labs.lab.held" not in page


def test_an_action_plans_history_reads_as_sentences(staff_client, staff, partner):
    plan = ready_plan(partner=partner)
    plan_submit(actor=staff, plan=plan)

    page = staff_client.get(reverse("actionplans:versions", args=[plan.slug])).content.decode()

    assert f"Submitted version 1 of the action plan “{plan}”" in page
    assert "actionplans.plan.submitted" not in page
