"""Progress from a spreadsheet: the template, the preview with every error by row and
column, the commit of all rows or none, files that are not spreadsheets, and a preview
that cannot be tampered with."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from learninglab.actionplans.models import ActionStatus, ProgressEntry, ProgressImport
from learninglab.actionplans.services.progress_import import (
    progress_import_commit,
    progress_import_create,
    progress_imports_prune,
)
from learninglab.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from learninglab.conftest import client_for
from learninglab.core.errors import DomainError

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
HEADER = "Action,Title,Status,Progress (%),Reason (when delayed or abandoned),Date,What happened\n"


@pytest.fixture
def plan(partner):
    plan = ActionPlanFactory(partner=partner, slug="timisoara-rop")
    ActionFactory(plan=plan, position=0, title={"en": "Vouchers"})
    ActionFactory(
        plan=plan, position=1, title={"en": "Creative hub"}, progress=20, status="in_progress"
    )
    ActionFactory(plan=plan, position=2, title={"en": "Festival fund"})
    return plan


def upload(client, plan, content: bytes, name: str = "progress.csv"):
    return client.post(
        reverse("actionplans:progress_import", args=[plan.slug]),
        {"file": SimpleUploadedFile(name, content)},
    )


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_the_template_lists_the_actions_with_their_status_and_progress_now(staff_client, plan):
    response = staff_client.get(reverse("actionplans:progress_template", args=[plan.slug]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Action",
        "Title",
        "Status",
        "Progress (%)",
        "Reason (when delayed or abandoned)",
        "Date",
        "What happened",
    ]
    assert [row[:4] for row in rows[1:]] == [
        [1, "Vouchers", "Not started", 0],
        [2, "Creative hub", "In progress", 20],
        [3, "Festival fund", "Not started", 0],
    ]


def test_the_filled_in_template_is_previewed_then_recorded(staff_client, plan):
    template = staff_client.get(reverse("actionplans:progress_template", args=[plan.slug]))
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.active
    sheet["C2"], sheet["D2"], sheet["G2"] = "In progress", 40, "First vouchers paid."
    sheet["C4"], sheet["E4"], sheet["G4"] = "Delayed", "The budget is late.", "Call postponed."
    filled = io.BytesIO()
    workbook.save(filled)

    response = upload(staff_client, plan, filled.getvalue(), "progress.xlsx")
    assert response.status_code == 302
    preview = staff_client.get(response.url).content.decode()
    assert "Status: Not started → In progress" in preview
    assert "Progress: 0% → 40%" in preview
    assert "Status: Not started → Delayed" in preview
    assert "No change" in preview  # row 3: the creative hub, left as it was
    assert not ProgressEntry.objects.exists()

    kept = ProgressImport.objects.get()
    done = staff_client.post(
        reverse("actionplans:progress_import_commit", args=[plan.slug, kept.token])
    )

    assert done.status_code == 302
    actions = {a.number: a for a in plan.actions.order_by("position")}
    assert (actions[1].status, actions[1].progress) == (ActionStatus.IN_PROGRESS, 40)
    assert (actions[3].status, actions[3].status_reason) == (
        ActionStatus.DELAYED,
        "The budget is late.",
    )
    assert (actions[2].status, actions[2].progress) == (ActionStatus.IN_PROGRESS, 20)
    assert ProgressEntry.objects.count() == 2


def test_every_error_is_named_by_row_and_column_and_nothing_can_be_recorded(staff_client, plan):
    content = csv(
        f"1,Vouchers,Finished,40,,{TODAY},Paid.",
        f"2,Hub,In progress,140,,{TODAY},Opened.",
        f"3,Fund,Delayed,10,,{TODAY},Late.",
        "7,Other,In progress,10,,2025-01-01,Something.",
        "1,Vouchers again,In progress,50,,yesterday,Twice.",
    )

    response = upload(staff_client, plan, content)
    preview = staff_client.get(response.url).content.decode()

    assert "Row 2, column “Status”: “Finished” is not a status" in preview
    assert "Row 3, column “Progress (%)”: “140” is not a percentage from 0 to 100." in preview
    assert (
        "Row 4, column “Reason (when delayed or abandoned)”: Say why the action is delayed."
        in preview
    )
    assert "Row 5, column “Action”: the plan has no action 7." in preview
    assert "Row 6, column “Action”: action 1 is in row 2 already" in preview
    assert "The file has 5 errors, so nothing can be recorded yet." in preview
    assert "progress_import_commit" not in preview and "/record/" not in preview

    kept = ProgressImport.objects.get()
    with pytest.raises(DomainError) as refused:
        progress_import_commit(actor=None, kept=kept)
    assert refused.value.code == "has_errors"
    assert not ProgressEntry.objects.exists()
    kept.refresh_from_db()
    assert kept.committed_at is None


def test_a_row_refused_at_commit_time_records_no_row_at_all(staff, plan, monkeypatch):
    kept, sheet = progress_import_create(
        actor=staff,
        plan=plan,
        content=csv(f"1,V,In progress,40,,{TODAY},Paid.", f"2,H,In progress,60,,{TODAY},Open."),
        filename="progress.csv",
    )
    assert not sheet.has_errors
    from learninglab.actionplans.services import progress as progress_services

    calls = []
    original = progress_services.progress_record

    def failing_second(**kwargs):
        calls.append(kwargs["action"].number)
        if len(calls) == 2:
            raise DomainError("busy", "The action changed meanwhile.")
        return original(**kwargs)

    monkeypatch.setattr(
        "learninglab.actionplans.services.progress_import.progress_record", failing_second
    )

    with pytest.raises(DomainError) as refused:
        progress_import_commit(actor=staff, kept=kept)

    assert refused.value.code == "row_failed"
    assert "Row 3" in str(refused.value)
    assert not ProgressEntry.objects.exists()
    assert plan.actions.get(position=0).progress == 0


def test_a_file_is_recorded_once(staff, plan):
    kept, _sheet = progress_import_create(
        actor=staff, plan=plan, content=csv(f"1,V,In progress,40,,{TODAY},Paid."), filename="p.csv"
    )
    assert progress_import_commit(actor=staff, kept=kept) == 1

    with pytest.raises(DomainError) as refused:
        progress_import_commit(actor=staff, kept=kept)

    assert refused.value.code == "already_committed"
    assert ProgressEntry.objects.count() == 1


def test_what_is_recorded_is_the_file_kept_on_the_server_not_what_is_posted(staff_client, plan):
    response = upload(staff_client, plan, csv(f"1,V,In progress,40,,{TODAY},Paid."))
    kept = ProgressImport.objects.get()

    staff_client.post(
        reverse("actionplans:progress_import_commit", args=[plan.slug, kept.token]),
        {"status": "completed", "progress": "100", "action": "2"},
    )

    assert response.status_code == 302
    recorded = ProgressEntry.objects.get()
    assert (recorded.action.number, recorded.status, recorded.progress) == (1, "in_progress", 40)


def test_a_preview_is_found_by_its_token_and_its_plan_only(
    staff_client, other_staff, plan, partner
):
    upload(staff_client, plan, csv(f"1,V,In progress,40,,{TODAY},Paid."))
    kept = ProgressImport.objects.get()
    other_plan = ActionPlanFactory(partner=partner, slug="another-plan")

    assert (
        staff_client.get(
            reverse("actionplans:progress_import_preview", args=[plan.slug, "0" * 32])
        ).status_code
        == 404
    )
    assert (
        staff_client.get(
            reverse("actionplans:progress_import_preview", args=[other_plan.slug, kept.token])
        ).status_code
        == 404
    )
    other = client_for(other_staff)
    commit = reverse("actionplans:progress_import_commit", args=[plan.slug, kept.token])
    assert other.post(commit).status_code == 404
    assert not ProgressEntry.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "progress.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "is not a spreadsheet this page takes",
        ),
        ("progress.ods", b"PK\x03\x04 ods", "is not a spreadsheet this page takes"),
        ("report.pdf", b"%PDF-1.4", "is not a spreadsheet this page takes"),
        ("progress.xlsx", b"PK\x03\x04 broken", "cannot be opened"),
        ("progress.csv", b"", "is empty"),
        ("progress.csv", b" \n ", "The file is empty."),
        ("progress.csv", b"Number;Name\n1;x\n", "these columns are missing"),
    ],
)
def test_a_file_that_is_not_a_filled_in_template_is_refused_clearly(
    staff_client, plan, name, content, message
):
    response = upload(staff_client, plan, content, name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProgressImport.objects.exists()


def test_files_never_recorded_are_deleted_after_a_day(staff, plan):
    kept, _sheet = progress_import_create(
        actor=staff, plan=plan, content=csv(f"1,V,In progress,40,,{TODAY},Paid."), filename="p.csv"
    )
    ProgressImport.objects.filter(pk=kept.pk).update(
        created_at=kept.created_at - datetime.timedelta(days=2)
    )

    assert progress_imports_prune() == 1
    assert not ProgressImport.objects.exists()
