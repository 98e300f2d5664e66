"""The downloads from a lab's staff page, and who may have them."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.labs.tests.factories import LabFactory
from learninglab.reports.tests.conftest import pdf_pages

pytestmark = pytest.mark.django_db

DOCUMENTS = [
    ("reports:attendance_sheet", {}),
    ("reports:attendance_report", {"fmt": "pdf"}),
    ("reports:attendance_report", {"fmt": "xlsx"}),
    ("reports:badges", {}),
]


def url(name: str, slug: str, **kwargs: str) -> str:
    return reverse(name, kwargs={"slug": slug, **kwargs})


@pytest.mark.parametrize(("name", "kwargs"), DOCUMENTS)
def test_staff_download_the_documents_of_their_lab(staff_client, full_lab, name, kwargs):
    response = staff_client.get(url(name, full_lab.slug, **kwargs))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="timisoara-lll-2-')
    if kwargs.get("fmt") == "xlsx":
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        openpyxl.load_workbook(io.BytesIO(response.content))
    else:
        assert response["Content-Type"] == "application/pdf"
        assert "Ștefănescu" in " ".join(pdf_pages(response.content))


def test_the_sheet_takes_the_number_of_empty_rows(staff_client, full_lab):
    response = staff_client.get(url("reports:attendance_sheet", full_lab.slug) + "?blank=3")

    last_page = pdf_pages(response.content)[-1]
    assert "61 62 63 Întocmit de" in last_page
    assert response["Content-Disposition"] == (
        'attachment; filename="timisoara-lll-2-attendance-sheet.pdf"'
    )


def test_the_coordinator_downloads_any_partner_s_documents(coordinator_client, full_lab):
    response = coordinator_client.get(url("reports:attendance_sheet", full_lab.slug))

    assert response.status_code == 200


def test_an_unknown_report_format_is_not_found(staff_client, full_lab):
    response = staff_client.get(url("reports:attendance_report", full_lab.slug, fmt="csv"))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), DOCUMENTS)
def test_another_partner_s_lab_is_not_found(other_staff, full_lab, name, kwargs):
    response = client_for(other_staff).get(url(name, full_lab.slug, **kwargs))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), DOCUMENTS)
def test_a_facilitator_may_not_print_the_list_of_people(facilitator, full_lab, name, kwargs):
    response = client_for(facilitator).get(url(name, full_lab.slug, **kwargs))

    assert response.status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), DOCUMENTS)
def test_anonymous_visitors_are_sent_to_log_in(client, full_lab, name, kwargs):
    response = client.get(url(name, full_lab.slug, **kwargs))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_lab_page_links_to_the_documents(staff_client, lab):
    page = staff_client.get(lab.get_absolute_url()).content.decode()

    for name, kwargs in DOCUMENTS:
        assert f'href="{url(name, lab.slug, **kwargs)}"' in page


def test_the_lab_page_of_a_facilitator_has_no_links_to_the_documents(facilitator, partner):
    lab = LabFactory(partner=partner)

    page = client_for(facilitator).get(lab.get_absolute_url()).content.decode()

    assert url("reports:attendance_sheet", lab.slug) not in page
