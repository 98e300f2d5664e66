"""Staff record an action's progress: the form's rules, evidence files, funds mobilised,
milestones reached, and who may download the evidence."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learninglab.actionplans.models import ActionStatus, EvidenceFile, ProgressEntry
from learninglab.actionplans.services.progress import EntryData, milestone_mark, progress_record
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    MilestoneFactory,
)
from learninglab.conftest import client_for
from learninglab.core.errors import DomainError
from learninglab.practices.tests.factories import png_bytes

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
PDF = b"%PDF-1.4\n% minutes of the steering group\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def action(partner):
    plan = ActionPlanFactory(partner=partner, slug="timisoara-rop")
    return ActionFactory(plan=plan, title={"en": "Vouchers for creative SMEs"})


def url(action) -> str:
    return reverse("actionplans:progress_add", args=[action.plan.slug, action.pk])


def entry(**changes) -> dict:
    data = {
        "on": TODAY.isoformat(),
        "text": "The call was published.",
        "status": ActionStatus.IN_PROGRESS,
        "progress": "30",
        "reason": "",
    }
    return {**data, **changes}


def test_the_reason_field_is_on_the_page_without_javascript(staff_client, action):
    page = staff_client.get(url(action)).content.decode()

    assert 'name="reason"' in page
    assert "Required when the action is delayed or abandoned" in page


@pytest.mark.parametrize("status", [ActionStatus.DELAYED, ActionStatus.ABANDONED])
def test_a_delayed_or_abandoned_action_needs_a_reason_and_keeps_what_was_typed(
    staff_client, action, status
):
    response = staff_client.post(url(action), entry(status=status, text="Nobody applied."))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Say why the action is {ActionStatus(status).label.lower()}." in page
    assert "Nobody applied." in page
    assert not ProgressEntry.objects.exists()


def test_a_completed_action_is_done_to_the_full(staff_client, action):
    response = staff_client.post(url(action), entry(status=ActionStatus.COMPLETED, progress="90"))

    assert "set its progress to 100" in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_an_entry_cannot_tell_the_future(staff_client, action):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()

    response = staff_client.post(url(action), entry(on=tomorrow))

    assert "not a future date" in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_an_entry_with_evidence_and_funds_gives_the_action_its_status(staff_client, action):
    erdf = FundingSourceFactory(action=action, name="ROP West 2.1", amount_eur=Decimal("200000"))
    files = [
        SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("signing.png", png_bytes(), content_type="image/png"),
    ]

    response = staff_client.post(
        url(action),
        {
            **entry(status=ActionStatus.DELAYED, reason="The call waits for the new budget."),
            "evidence": files,
            f"funds_{erdf.pk}": "25000.50",
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.DELAYED, 30)
    assert action.status_reason == "The call waits for the new budget."
    recorded = ProgressEntry.objects.get()
    assert [e.original_name for e in recorded.evidence.all()] == ["minutes.pdf", "signing.png"]
    assert [(f.source, f.amount_eur) for f in recorded.funds.all()] == [(erdf, Decimal("25000.50"))]
    page = staff_client.get(url(action)).content.decode()
    assert "minutes.pdf" in page and "The call waits for the new budget." in page


def test_a_file_of_another_type_refuses_the_entry_and_keeps_nothing(staff_client, action, tmp_path):
    program = SimpleUploadedFile(
        "minutes.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )

    response = staff_client.post(url(action), {**entry(), "evidence": [program]})

    assert "minutes.pdf is not a file this page takes" in response.content.decode()
    assert not ProgressEntry.objects.exists()
    assert not any((tmp_path / "media").rglob("*.pdf"))


def test_evidence_is_downloaded_by_staff_who_may_see_the_plan_only(
    action, staff, other_staff, coordinator, client
):
    recorded = progress_record(
        actor=staff,
        action=action,
        data=EntryData(
            on=TODAY,
            text="Minutes",
            status=ActionStatus.IN_PROGRESS,
            progress=10,
            evidence=[SimpleUploadedFile("minutes.pdf", PDF)],
        ),
    )
    evidence = recorded.evidence.get()
    address = reverse("actionplans:evidence", args=[action.plan.slug, evidence.pk])

    response = client_for(staff).get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert client_for(coordinator).get(address).status_code == 200
    assert client_for(other_staff).get(address).status_code == 404
    assert client.get(address).status_code == 302  # to the login page


def test_an_evidence_photo_loses_its_metadata(staff, action):
    from PIL import Image

    picture = Image.new("RGB", (32, 32), "teal")
    exif = picture.getexif()
    exif[0x010F] = "PhoneMaker"  # the camera's maker
    stream = __import__("io").BytesIO()
    picture.save(stream, format="JPEG", exif=exif)

    recorded = progress_record(
        actor=staff,
        action=action,
        data=EntryData(
            on=TODAY,
            text="Signing",
            status=ActionStatus.IN_PROGRESS,
            progress=10,
            evidence=[SimpleUploadedFile("signing.jpg", stream.getvalue())],
        ),
    )

    stored: EvidenceFile = recorded.evidence.get()
    with stored.file.open("rb") as kept, Image.open(kept) as image:
        assert not image.getexif()


def test_milestones_are_marked_reached_and_not_reached(staff_client, staff, action):
    milestone = MilestoneFactory(action=action, title={"en": "Call published"})
    address = reverse(
        "actionplans:milestone_reached", args=[action.plan.slug, action.pk, milestone.pk]
    )

    staff_client.post(address, {"done_on": TODAY.isoformat()})
    milestone.refresh_from_db()
    assert milestone.done_on == TODAY

    staff_client.post(address, {"done_on": ""})
    milestone.refresh_from_db()
    assert milestone.done_on is None

    with pytest.raises(DomainError) as refused:
        milestone_mark(actor=staff, milestone=milestone, done_on=TODAY + datetime.timedelta(1))
    assert refused.value.code == "milestone_future"


def test_another_partners_staff_do_not_find_the_action(other_staff, action):
    response = client_for(other_staff).post(url(action), entry())

    assert response.status_code == 404
    assert not ProgressEntry.objects.exists()
