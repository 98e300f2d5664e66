"""The import pages: upload, preview, commit, and who may use them."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.stakeholders.models import ImportBatch, Stakeholder
from learninglab.stakeholders.services.stakeholder import StakeholderData, stakeholder_create

ROWS = [
    ["Nume", "Prenume", "E-mail", "Telefon", "Firma", "Oraș"],
    ["Popescu", "Ion", "ION@example.ro", "0731.540.977", "Casa Artelor", "Timișoara"],
    ["Pop", "Maria", "maria@example.ro", "", "", ""],
    ["Vlad", "", "dan@", "12", "", ""],
    ["Popescu", "Ion", "ion@example.ro", "", "", ""],
]


def csv_file(rows=ROWS, *, name="participanti.csv", encoding="utf-8"):
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding), content_type="text/csv")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def upload(client, file=None, **data):
    return client.post(reverse("stakeholders:import"), {"file": file or csv_file(), **data})


@pytest.fixture
def maria(partner):
    return stakeholder_create(
        actor=None,
        partner=partner,
        data=StakeholderData(first_name="Maria", last_name="Pop", email="maria@example.ro"),
    )


def test_staff_upload_preview_and_commit(staff_client, staff, partner, maria):
    page = staff_client.get(reverse("stakeholders:import"))
    assert page.status_code == 200
    assert "partner" not in page.context["form"].fields  # their own group, no choice

    response = upload(staff_client)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("stakeholders:import_preview", args=[batch.pk])
    assert (batch.partner, batch.uploaded_by, batch.filename) == (
        partner,
        staff,
        "participanti.csv",
    )

    preview = staff_client.get(response.url)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert [(r.number, r.verdict) for r in preview.context["page"]] == [
        (2, "new"), (3, "unchanged"), (4, "invalid"), (5, "duplicate"),
    ]  # fmt: skip
    assert '<span class="verdict verdict-new">new</span>' in html
    assert "“dan@” is not an e-mail address." in html
    assert "Same e-mail address as row 2." in html
    assert "“Oraș”" in html  # the ignored column is named
    assert "Import 1 person" in html
    assert f'href="{maria.get_absolute_url()}"' in html

    committed = staff_client.post(reverse("stakeholders:import_commit", args=[batch.pk]))

    assert committed.status_code == 302
    assert committed.url == reverse("stakeholders:list")
    assert messages_of(committed) == ["Imported: 1 new, 0 updated."]
    ion = Stakeholder.objects.get(email="ion@example.ro")
    assert (ion.phone, ion.organisation.name) == ("+40731540977", "Casa Artelor")


def test_the_preview_can_show_only_the_problem_rows(staff_client):
    batch_url = upload(staff_client).url

    response = staff_client.get(batch_url, {"show": "problems"})

    assert [(r.number, r.verdict) for r in response.context["page"]] == [
        (4, "invalid"), (5, "duplicate"),
    ]  # fmt: skip
    assert response.context["report"].counts()["new"] == 2


def test_a_coordinator_chooses_the_partner(coordinator, partner, other_partner):
    client = client_for(coordinator)

    missing = upload(client)
    response = upload(client, partner=other_partner.slug)

    assert missing.status_code == 200
    assert missing.context["form"].errors["partner"]
    assert response.status_code == 302
    assert ImportBatch.objects.get().partner == other_partner


def test_partner_staff_cannot_pick_another_group(staff_client, partner, other_partner):
    upload(staff_client, partner=other_partner.slug)  # the field is not there: ignored

    assert ImportBatch.objects.get().partner == partner


def test_a_file_that_cannot_be_imported_is_explained_on_the_form(staff_client):
    junk = SimpleUploadedFile("lista.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    no_names = csv_file([["Cod", "Email"], ["1", "a@example.ro"]])

    for file, message in [
        (junk, "Excel 97–2003"),
        (no_names, "No column holds the names. Columns found: “Cod”, “Email”."),
        (SimpleUploadedFile("empty.csv", b""), "The submitted file is empty."),
    ]:
        response = upload(staff_client, file)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_encoding_and_a_header_mapping_can_be_chosen(staff_client):
    rows = [["Denumire", "Prenume", "Adresă electronică"], ["Ţepeş", "Ştefan", "s@example.ro"]]
    file = csv_file(rows, encoding="cp1250")

    response = upload(
        staff_client,
        file,
        encoding="cp1250",
        mapping="Denumire = last_name\n\nAdresă electronică=email",
    )

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.options == {
        "encoding": "cp1250",
        "mapping": {"Denumire": "last_name", "Adresă electronică": "email"},
    }
    preview = staff_client.get(response.url)
    assert [r.name for r in preview.context["page"]] == ["Ștefan Țepeș"]


def test_a_wrong_mapping_line_is_explained(staff_client):
    response = upload(staff_client, mapping="Denumire -> last_name")

    assert response.status_code == 200
    assert "is not a mapping" in str(response.context["form"].errors["mapping"])


def test_nothing_importable_disables_the_button(staff_client, maria):
    rows = [["Nume", "Prenume", "Email"], ["Pop", "Maria", "maria@example.ro"]]
    response = upload(staff_client, csv_file(rows))

    html = staff_client.get(response.url).content.decode()

    assert "disabled" in html
    assert "Nothing to import" in html


def test_a_second_commit_imports_nothing_and_says_so(staff_client):
    batch_url = upload(staff_client).url
    batch = ImportBatch.objects.get()
    commit_url = reverse("stakeholders:import_commit", args=[batch.pk])

    first = staff_client.post(commit_url)
    assert messages_of(first) == ["Imported: 2 new, 0 updated."]
    staff_client.get(batch_url)  # a page that shows the message, as the list would
    again = staff_client.post(commit_url)

    assert again.status_code == 302
    assert again.url == batch_url
    assert messages_of(again) == ["This file was already imported; nothing more was done."]
    assert Stakeholder.objects.filter(email="ion@example.ro").count() == 1
    assert "This file was imported on" in staff_client.get(batch_url).content.decode()


def test_commit_only_by_post(staff_client):
    upload(staff_client)
    batch = ImportBatch.objects.get()

    response = staff_client.get(reverse("stakeholders:import_commit", args=[batch.pk]))

    assert response.status_code == 405
    assert batch.committed_at is None


def test_another_partners_batch_is_not_found(staff_client, other_staff):
    upload(client_for(other_staff))
    batch = ImportBatch.objects.get()

    preview = staff_client.get(reverse("stakeholders:import_preview", args=[batch.pk]))
    commit = staff_client.post(reverse("stakeholders:import_commit", args=[batch.pk]))

    assert preview.status_code == 404
    assert commit.status_code == 404
    batch.refresh_from_db()
    assert batch.committed_at is None


def test_the_coordinator_sees_every_partners_batch(coordinator, other_staff):
    upload(client_for(other_staff))
    batch = ImportBatch.objects.get()

    response = client_for(coordinator).get(reverse("stakeholders:import_preview", args=[batch.pk]))

    assert response.status_code == 200


def test_facilitators_and_visitors_may_not_import(facilitator, staff_client):
    upload(staff_client)
    batch = ImportBatch.objects.get()
    client = client_for(facilitator)
    urls = [
        reverse("stakeholders:import"),
        reverse("stakeholders:import_preview", args=[batch.pk]),
    ]

    for url in urls:
        assert client.get(url).status_code == 403
        assert client_for(None).get(url).status_code == 302  # to the login page
    assert client.post(reverse("stakeholders:import_commit", args=[batch.pk])).status_code == 403
    assert Stakeholder.objects.count() == 0
