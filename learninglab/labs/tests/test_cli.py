"""The console commands of labs: send-invitations and export-rsvps."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from learninglab.core.models import AuditEntry, Via
from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.labs.models import Invitation, Lab, LabStatus, Response, ResponseVia
from learninglab.labs.tests.factories import LabFactory, answer_set
from learninglab.manage import main
from learninglab.messaging.models import OutboundMessage
from learninglab.stakeholders.models import Tag

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def lab(partner) -> Lab:
    return LabFactory(partner=partner, slug="timisoara-lll-2")


@pytest.fixture
def group(partner, other_partner):
    university = OrganisationFactory(partner=partner, name="UVT", type="university")
    mentors = Tag.objects.create(partner=partner, name="mentors")
    round_1 = Tag.objects.create(partner=partner, name="round 1")
    people = {
        "ioana": StakeholderFactory(
            partner=partner, first_name="Ioana", last_name="Marin", email="ioana@example.ro"
        ),
        "dan": StakeholderFactory(
            partner=partner,
            first_name="Dan",
            last_name="Stoica",
            email="dan@example.ro",
            organisation=university,
        ),
        "radu": StakeholderFactory(
            partner=partner, first_name="Radu", last_name="Pop", email="radu@example.ro"
        ),
        "giulia": StakeholderFactory(partner=other_partner, first_name="Giulia"),
    }
    people["ioana"].tags.add(mentors)
    people["dan"].tags.add(round_1)
    for name in ("ioana", "dan", "giulia"):
        ConsentFactory(stakeholder=people[name])
    return people


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_dry_run_shows_the_plan_and_changes_nothing(lab, group):
    out = run("send_invitations", "--lab", lab.slug, "--dry-run")

    assert "Would invite: 2" in out
    assert "Dan Stoica <dan@example.ro>" in out
    assert "Ioana Marin <ioana@example.ro>" in out
    assert "Not invited: 1" in out
    assert "Radu Pop <radu@example.ro>: not asked yet for consent to invitations" in out
    assert "Giulia" not in out
    assert "nothing was changed" in out
    assert not Invitation.objects.exists()
    assert not OutboundMessage.objects.exists()
    assert not AuditEntry.objects.exists()


def test_sending_invites_and_queues_the_e_mails_for_the_worker(lab, group):
    out = run("send_invitations", "--lab", lab.slug)

    assert "Invited: 2" in out
    assert "Queued 2 e-mail(s); the worker delivers them." in out
    invitations = Invitation.objects.filter(lab=lab)
    assert {i.stakeholder.first_name for i in invitations} == {"Ioana", "Dan"}
    assert all(i.message_id and i.invited_by is None for i in invitations)
    entry = AuditEntry.objects.get(action="labs.invitations.created")
    assert (entry.actor, entry.via) == (None, Via.CLI)


def test_running_again_invites_nobody_twice(lab, group):
    run("send_invitations", "--lab", lab.slug)

    out = run("send_invitations", "--lab", lab.slug)

    assert "Invited: 0" in out
    assert "Invited before, no answer yet: 2" in out
    assert "Queued 0 e-mail(s)" in out
    assert Invitation.objects.count() == 2
    assert OutboundMessage.objects.count() == 2


def test_segments_and_organisation_type_choose_the_people(lab, group):
    out = run(
        "send_invitations",
        "--lab",
        lab.slug,
        "--segment",
        "mentors",
        "--segment",
        "round 1",
        "--dry-run",
    )
    assert "Would invite: 2" in out
    assert "Radu" not in out

    out = run("send_invitations", "--lab", lab.slug, "--segment", "mentors", "--dry-run")
    assert "Would invite: 1" in out
    assert "Ioana" in out

    out = run("send_invitations", "--lab", lab.slug, "--type", "university")
    assert "Invited: 1" in out
    assert [i.stakeholder for i in Invitation.objects.all()] == [group["dan"]]


def test_a_draft_lab_is_refused(lab, group):
    Lab.objects.filter(pk=lab.pk).update(status=LabStatus.DRAFT)

    out = run("send_invitations", "--lab", lab.slug, "--dry-run")
    assert "The lab is not published" in out

    with pytest.raises(CommandError, match="Publish the lab before inviting people"):
        run("send_invitations", "--lab", lab.slug)
    assert not Invitation.objects.exists()


def test_an_unknown_lab_or_type_is_refused(lab):
    with pytest.raises(CommandError, match="No lab 'nope'"):
        run("send_invitations", "--lab", "nope")
    with pytest.raises(CommandError):
        run("send_invitations", "--lab", lab.slug, "--type", "bakery")


def test_the_console_command_takes_the_hyphenated_name(lab, group, capsys, monkeypatch):
    # Running from the command line closes the database connections at the end, which
    # would close the test's own connection (and its transaction) on PostgreSQL.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    main(["learninglab", "send-invitations", "--lab", lab.slug, "--dry-run"])

    assert "Would invite: 2" in capsys.readouterr().out
    assert not Invitation.objects.exists()


# export-rsvps


@pytest.fixture
def answered(lab, group):
    run("send_invitations", "--lab", lab.slug)
    answer_set(
        Invitation.objects.get(stakeholder=group["ioana"]),
        Response.ATTENDING,
        response_note="+ vegetarian",
        response_via=ResponseVia.PHONE,
        responded_at=datetime.datetime(2030, 11, 10, 7, 30, tzinfo=datetime.UTC),
    )
    return lab


def test_export_rsvps_writes_csv_to_standard_output(answered):
    out = run("export_rsvps", "--lab", answered.slug)

    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][0] == "Name"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Ioana Marin"] == [
        "Ioana Marin",
        "",
        "",
        "ioana@example.ro",
        "Attending",
        "'+ vegetarian",
        "2030-11-10 09:30",
        "Phone",
    ]
    assert by_name["Dan Stoica"][1:5] == [
        "UVT",
        "University or research",
        "dan@example.ro",
        "No answer yet",
    ]


def test_export_rsvps_writes_csv_with_a_bom_and_xlsx_to_files(answered, tmp_path):
    target = tmp_path / "answers.csv"
    out = run("export_rsvps", "--lab", answered.slug, "-o", str(target))
    assert "Exported 2 answer(s)" in out
    assert target.read_bytes().startswith(BOM)
    assert "Ioana Marin" in target.read_text(encoding="utf-8-sig")

    workbook = tmp_path / "answers.xlsx"
    run("export_rsvps", "--lab", answered.slug, "--format", "xlsx", "-o", str(workbook))
    sheet = openpyxl.load_workbook(workbook).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Dan Stoica", "Ioana Marin"]


def test_export_rsvps_refuses_xlsx_without_a_file_and_unknown_labs(answered):
    with pytest.raises(CommandError, match="needs a file name"):
        run("export_rsvps", "--lab", answered.slug, "--format", "xlsx")
    with pytest.raises(CommandError, match="No lab"):
        run("export_rsvps", "--lab", "nope")
