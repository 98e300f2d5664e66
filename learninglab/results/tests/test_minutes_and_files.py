"""Minutes, files and photos after a lab: who may write them, what is accepted, the consents."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from learninglab.conftest import client_for
from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry
from learninglab.labs.tests.factories import LabFactory
from learninglab.results.models import FileKind, Minutes, ResultFile
from learninglab.results.services.file import file_attach, photos_attach
from learninglab.results.services.minutes import minutes_save
from learninglab.results.tests.conftest import PDF, pdf_upload, photo_upload

pytestmark = pytest.mark.django_db


def stored_files(media_root) -> list[str]:
    return sorted(p.name for p in media_root.rglob("*") if p.is_file())


# Minutes


def test_staff_write_the_minutes_per_language(staff, staff_client, past_lab):
    url = reverse("results:minutes", args=[past_lab.slug])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert 'name="summary_ro"' in page.content.decode()
    assert 'name="decisions_en"' in page.content.decode()

    response = staff_client.post(
        url,
        {
            "summary_ro": "  Am discutat despre rețele de IMM-uri. ",
            "summary_en": "We discussed SME networks.",
            "decisions_ro": "",
            "decisions_en": "Map the creative hubs by March.",
        },
    )

    assert response.status_code == 302
    minutes = Minutes.objects.get(lab=past_lab)
    assert minutes.summary == {
        "en": "We discussed SME networks.",
        "ro": "Am discutat despre rețele de IMM-uri.",
    }
    assert minutes.decisions == {"en": "Map the creative hubs by March."}
    assert not minutes.is_published
    entry = AuditEntry.objects.get(action="results.minutes.saved")
    assert entry.actor == staff
    assert entry.partner_id == past_lab.partner_id


def test_saving_the_same_minutes_again_writes_no_audit_entry(staff, past_lab):
    for _ in range(2):
        minutes_save(actor=staff, lab=past_lab, summary={"en": "Done."}, decisions={"en": ""})
    assert AuditEntry.objects.filter(action="results.minutes.saved").count() == 1


def test_a_lab_still_to_come_has_no_minutes(staff, partner):
    future = LabFactory(partner=partner)
    with pytest.raises(DomainError) as error:
        minutes_save(actor=staff, lab=future, summary={"en": "Too early"}, decisions={})
    assert error.value.code == "not_started"
    assert not Minutes.objects.exists()


# Files


def test_a_presentation_is_attached_through_the_storage_and_downloaded(
    staff, staff_client, past_lab, media_root
):
    url = reverse("results:files", args=[past_lab.slug])
    response = staff_client.post(
        url, {"file": pdf_upload("Prezentare GP.pdf"), "title": "Good practices", "is_public": "on"}
    )

    assert response.status_code == 302
    result_file = ResultFile.objects.get()
    assert (result_file.kind, result_file.title, result_file.is_public) == (
        FileKind.DOCUMENT,
        "Good practices",
        True,
    )
    assert result_file.content_type == "application/pdf"
    assert result_file.size == len(PDF)
    assert result_file.uploaded_by == staff
    assert default_storage.exists(result_file.file.name)
    assert result_file.original_name == "Prezentare GP.pdf"
    assert stored_files(media_root) == ["Prezentare_GP.pdf"]  # as the storage names it
    assert AuditEntry.objects.filter(action="results.file.added").count() == 1

    download = staff_client.get(reverse("results:file", args=[past_lab.slug, result_file.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "Prezentare" in download["Content-Disposition"]


def test_a_file_too_large_is_refused_with_the_limit_and_nothing_is_kept(
    settings, staff_client, past_lab, media_root
):
    settings.RESULTS_FILE_MAX_BYTES = 1000
    response = staff_client.post(
        reverse("results:files", args=[past_lab.slug]),
        {"file": pdf_upload("huge.pdf", PDF + b"0" * 2000), "is_public": "on"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "huge.pdf is too large (2.0\xa0KB); the limit is 1000\xa0bytes." in page
    assert not ResultFile.objects.exists()
    assert stored_files(media_root) == []
    assert not AuditEntry.objects.filter(action__startswith="results.file").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
        # A program renamed to look like a presentation is refused by its first bytes.
        ("slides.pptx", b"MZ\x90\x00" + b"\x00" * 100),
        ("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_file_of_another_type_is_refused_and_nothing_is_kept(
    staff_client, past_lab, media_root, name, content
):
    response = staff_client.post(
        reverse("results:files", args=[past_lab.slug]), {"file": pdf_upload(name, content)}
    )

    assert response.status_code == 200
    assert f"{name} is not a file this page takes; accepted: DOC, DOCX, ODP" in (
        response.content.decode()
    )
    assert not ResultFile.objects.exists()
    assert stored_files(media_root) == []


def test_a_removed_file_leaves_the_storage_once_committed(
    staff, staff_client, past_lab, media_root, django_capture_on_commit_callbacks
):
    result_file = file_attach(actor=staff, lab=past_lab, upload=pdf_upload())
    assert stored_files(media_root) == ["slides.pdf"]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("results:file_delete", args=[past_lab.slug, result_file.pk])
        )

    assert response.status_code == 302
    assert not ResultFile.objects.exists()
    assert stored_files(media_root) == []
    assert AuditEntry.objects.filter(action="results.file.deleted").count() == 1


# Photos and consent


def test_the_upload_page_lists_who_consented_to_photos_and_who_did_not(
    staff_client, past_lab, attendees
):
    page = staff_client.get(reverse("results:files", args=[past_lab.slug])).content.decode()

    consenting = page.split('id="photo-consenting"')[1].split("</ul>")[0]
    not_consenting = page.split('id="photo-not-consenting"')[1].split("</ul>")[0]
    assert "Ana" in consenting and "Mihai" in consenting
    assert "Ioana" not in consenting
    assert "Ioana" in not_consenting
    # Only attendees are listed: not who declined or never answered.
    for name in ("Dan", "Elena"):
        assert name not in consenting and name not in not_consenting
    assert "I confirm that these photos show only people who gave their consent" in page


def test_the_consent_lists_follow_the_check_in_when_people_were_checked_in(
    staff_client, past_lab, attendees
):
    from learninglab.labs.models import CheckIn

    # Elena never answered but came; Ioana said she would come but did not.
    for name in ("ana", "elena"):
        CheckIn.objects.create(invitation=attendees[name], checked_in_at=timezone.now())

    page = staff_client.get(reverse("results:files", args=[past_lab.slug])).content.decode()

    listed = page.split('id="photo-consenting"')[1].split("</table>")[0]
    assert "Ana" in listed and "Elena" in listed
    assert "Ioana" not in listed and "Mihai" not in listed


def test_photos_need_the_consent_confirmation(staff_client, past_lab, attendees, media_root):
    url = reverse("results:photos", args=[past_lab.slug])

    refused = staff_client.post(url, {"photos": [photo_upload()], "is_public": "on"})

    assert refused.status_code == 200
    assert "Confirm that the photos show only people who consented to photos." in (
        refused.content.decode()
    )
    assert not ResultFile.objects.exists()
    assert stored_files(media_root) == []

    added = staff_client.post(
        url,
        {
            "photos": [photo_upload("one.jpg"), photo_upload("two.jpg")],
            "is_public": "on",
            "consent_confirmed": "on",
        },
    )

    assert added.status_code == 302
    photos = ResultFile.objects.filter(kind=FileKind.PHOTO)
    assert sorted(photos.values_list("original_name", flat=True)) == ["one.jpg", "two.jpg"]
    assert all(p.consent_confirmed_at is not None for p in photos)
    entry = AuditEntry.objects.get(action="results.photos.added")
    assert entry.changes["extra"]["consent_confirmed"] is True


def test_one_photo_of_the_wrong_type_refuses_them_all(staff, past_lab, media_root):
    with pytest.raises(DomainError) as error:
        photos_attach(
            actor=staff,
            lab=past_lab,
            uploads=[photo_upload("ok.jpg"), pdf_upload("scan.jpg")],
            consent_confirmed=True,
        )
    assert error.value.code == "wrong_type"
    assert "scan.jpg is not a photo this page takes; accepted: JPEG, JPG, PNG, WEBP." in str(
        error.value
    )
    assert not ResultFile.objects.exists()
    assert stored_files(media_root) == []


def test_a_photo_too_large_is_refused(settings, staff_client, past_lab, media_root):
    settings.RESULTS_PHOTO_MAX_BYTES = 100
    response = staff_client.post(
        reverse("results:photos", args=[past_lab.slug]),
        {"photos": [photo_upload("big.jpg")], "consent_confirmed": "on"},
    )
    assert response.status_code == 200
    assert "big.jpg is too large" in response.content.decode()
    assert "the limit is 100\xa0bytes" in response.content.decode()
    assert not ResultFile.objects.exists()


# Who may open the pages is in the permission matrix (core/tests/test_permission_matrix.py).


def test_nothing_is_recorded_for_a_lab_that_has_not_started(staff, partner):
    future = LabFactory(partner=partner, starts_at=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(DomainError):
        file_attach(actor=staff, lab=future, upload=pdf_upload())
    assert not ResultFile.objects.exists()


def test_the_lab_page_leads_staff_to_the_results(staff_client, facilitator, past_lab):
    results_url = reverse("results:staff", args=[past_lab.slug])
    page = staff_client.get(reverse("labs:detail", args=[past_lab.slug])).content.decode()
    assert results_url in page
    as_facilitator = client_for(facilitator).get(reverse("labs:detail", args=[past_lab.slug]))
    assert results_url not in as_facilitator.content.decode()


def test_a_file_stored_before_a_failure_leaves_the_storage_again(
    staff, past_lab, media_root, monkeypatch
):
    def fail(**kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr("learninglab.results.services.file.audit_record", fail)
    with pytest.raises(RuntimeError):
        photos_attach(
            actor=staff,
            lab=past_lab,
            uploads=[photo_upload("one.jpg"), photo_upload("two.jpg")],
            consent_confirmed=True,
        )
    assert not ResultFile.objects.exists()
    assert stored_files(media_root) == []
