"""Fixtures of the practices tests: uploads in a folder of the test's own, a draft of
Timișoara and its author."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learninglab.practices.tests.factories import PracticeFactory, png_bytes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploaded files in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(partner, staff):
    """A complete draft of Timișoara, written by ``staff``: ready to be submitted."""
    return PracticeFactory(partner=partner, created_by=staff, slug="open-design-workshop")


def png_upload(name: str = "workshop.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
