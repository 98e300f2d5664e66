"""The project's and the programme's logos: what the coordinator may upload, how they
are served, and where they are shown (sheet, badges, e-mails, public pages)."""

from __future__ import annotations

import email
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from learninglab.conftest import client_for
from learninglab.core.errors import DomainError
from learninglab.labs.emails import invitation_email
from learninglab.labs.links import rsvp_url
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.messaging.services import email_render
from learninglab.projects.logos import logo_checked
from learninglab.projects.models import Logo, LogoKind
from learninglab.projects.services import logo_replace
from learninglab.reports.attendance import attendance_sheet_pdf
from learninglab.reports.badges import badges_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(width: int = 120, height: int = 40, colour: str = "#1f4e79") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


CLEAN_SVG = (
    b'<?xml version="1.0"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" '
    b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 100 40">'
    b"<!-- made by hand --><metadata>editor data</metadata>"
    b'<rect width="100" height="40" fill="#ffcc00" inkscape:label="back"/>'
    b'<path d="M10 30 L50 5 L90 30 Z" fill="#003399"/>'
    b'<text x="50" y="36" font-size="8" text-anchor="middle">SME</text></svg>'
)

UNSAFE_SVGS = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>",
    "onload": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
    b"<rect width='10' height='10'/></svg>",
    "external href": b'<svg xmlns="http://www.w3.org/2000/svg" '
    b'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
    b'<image xlink:href="https://tracker.example.com/pixel.png" width="10" height="10"/></svg>',
    "external url in a style": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b"<rect width='10' height='10' style='fill:url(https://example.com/x.svg#p)'/></svg>",
    "doctype with entities": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b"<text y='5'>&b;</text></svg>",
    "foreignObject": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">'
    b"hi</div></foreignObject></svg>",
}


# What the refusal of each says, after "logo.svg was refused: ".
REASONS = {
    "script": "it contains a script",
    "onload": "it has an event handler (onload)",
    "external href": "it contains &lt;image&gt;",
    "external url in a style": "it refers to another file or address",
    "doctype with entities": "it declares a document type or entities",
    "foreignObject": "it embeds a web page (foreignObject)",
}


def upload(client, project, kind: str, name: str, content: bytes):
    return client.post(
        reverse("projects:logo_upload", args=[project.pk, kind]),
        {f"{kind}-image": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def coordinator_web(coordinator):
    return client_for(coordinator)


def test_the_coordinator_uploads_a_png_logo_shown_on_the_settings_page(coordinator_web, project):
    response = upload(coordinator_web, project, LogoKind.PROJECT, "ecoc.png", png())

    assert response.status_code == 302
    page = coordinator_web.get(reverse("projects:settings")).content.decode()
    logo = Logo.objects.get(project=project, kind=LogoKind.PROJECT)
    assert logo.content_type == "image/png"
    assert f'src="{logo.get_absolute_url()}" alt="Logo of {project.acronym}"' in page
    # Stored under a random name, not the uploaded one.
    assert "ecoc" not in logo.image.name
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", logo.image.name)


def test_a_clean_svg_is_kept_without_its_comments_and_editor_data(coordinator_web, project):
    response = upload(coordinator_web, project, LogoKind.PROGRAMME, "interreg.svg", CLEAN_SVG)

    assert response.status_code == 302
    logo = Logo.objects.get(project=project, kind=LogoKind.PROGRAMME)
    kept = logo.image.read()
    assert b"<path" in kept and b">SME</text>" in kept
    assert b"made by hand" not in kept
    assert b"editor data" not in kept
    assert b"inkscape" not in kept
    # Its rendition, for the documents and e-mails, is a PNG that shows the drawing.
    with Image.open(logo.rendition.open("rb")) as rendition:
        assert rendition.format == "PNG"
        assert rendition.convert("RGB").getpixel((2, 2)) == (255, 204, 0)


def test_a_logo_is_served_as_an_image_that_cannot_run_anything(coordinator_web, project):
    upload(coordinator_web, project, LogoKind.PROGRAMME, "interreg.svg", CLEAN_SVG)
    logo = Logo.objects.get(project=project)

    response = client_for(None).get(logo.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(None).get("/logos/" + "0" * 32 + ".svg").status_code == 404


@pytest.mark.parametrize("case", UNSAFE_SVGS)
def test_an_svg_that_could_run_or_fetch_something_is_refused(coordinator_web, project, case):
    response = upload(coordinator_web, project, LogoKind.PROJECT, "logo.svg", UNSAFE_SVGS[case])

    assert response.status_code == 400
    assert f"logo.svg was refused: {REASONS[case]}" in response.content.decode()
    assert not Logo.objects.exists()


def test_a_file_named_png_that_is_not_one_is_refused(coordinator_web, project):
    damaged = png()[:60]  # a PNG's beginning, nothing of its picture
    response = upload(coordinator_web, project, LogoKind.PROJECT, "logo.png", damaged)
    assert response.status_code == 400
    assert "could not be read as a PNG image" in response.content.decode()

    response = upload(coordinator_web, project, LogoKind.PROJECT, "logo.png", b"GIF89a....")
    assert "neither a PNG nor an SVG image" in response.content.decode()
    assert not Logo.objects.exists()


def test_a_logo_over_the_size_limit_is_refused(coordinator_web, project, settings):
    settings.LOGO_MAX_BYTES = 1000
    response = upload(coordinator_web, project, LogoKind.PROJECT, "big.png", png(800, 800, "red"))

    assert response.status_code == 400
    assert "big.png is too large" in response.content.decode()
    assert not Logo.objects.exists()


def test_partner_staff_may_not_change_the_logos(staff, project):
    response = upload(client_for(staff), project, LogoKind.PROJECT, "ecoc.png", png())

    assert response.status_code == 403
    assert not Logo.objects.exists()


def test_a_new_logo_replaces_the_old_one_and_its_files(
    coordinator_web, project, django_capture_on_commit_callbacks
):
    upload(coordinator_web, project, LogoKind.PROJECT, "one.png", png())
    first = Logo.objects.get()
    storage, names = first.image.storage, [first.image.name, first.rendition.name]

    with django_capture_on_commit_callbacks(execute=True):
        upload(coordinator_web, project, LogoKind.PROJECT, "two.svg", CLEAN_SVG)

    assert Logo.objects.get().original_name == "two.svg"
    assert not any(storage.exists(name) for name in names)
    coordinator_web.post(reverse("projects:logo_remove", args=[project.pk, LogoKind.PROJECT]))
    assert not Logo.objects.exists()


# -- where the logos are shown -------------------------------------------------------------


@pytest.fixture
def logos(project):
    logo_replace(
        actor=None,
        project=project,
        kind=LogoKind.PROJECT,
        upload=SimpleUploadedFile("ecoc.png", png(300, 100, "#c2185b")),
    )
    logo_replace(
        actor=None,
        project=project,
        kind=LogoKind.PROGRAMME,
        upload=SimpleUploadedFile("programme.svg", CLEAN_SVG),
    )
    return project


def _images(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [image.name for image in page.images]


def test_the_attendance_sheet_carries_both_logos_and_the_emblem_with_its_statement(logos, partner):
    lab = LabFactory(partner=partner)
    InvitationFactory(lab=lab, response="attending")
    pdf = attendance_sheet_pdf(lab)

    assert len(_images(pdf)) == 2
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Cofinanțat de Uniunea Europeană" in text  # Timișoara's language


def test_the_badges_carry_the_logos_and_the_emblem_in_the_partner_language(logos, other_partner):
    lab = LabFactory(partner=other_partner)
    InvitationFactory(lab=lab, response="attending")
    pdf = badges_pdf(lab)

    assert len(_images(pdf)) == 2
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Cofinanziato dall'Unione europea" in text  # Matera's language


def test_the_sheet_without_logos_still_carries_the_emblem(partner):
    lab = LabFactory(partner=partner)
    pdf = attendance_sheet_pdf(lab)

    assert _images(pdf) == []
    assert "Cofinanțat de Uniunea Europeană" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_the_invitation_shows_the_logos_and_the_emblem_as_inline_images(logos, partner):
    invitation = InvitationFactory(lab=LabFactory(partner=partner), language="en")
    composed = invitation_email(invitation)
    _message_id, raw = email_render(composed)
    message = email.message_from_bytes(raw)

    inline = {
        part["Content-ID"].strip("<>"): part.get_content_type()
        for part in message.walk()
        if part["Content-ID"]
    }
    assert inline == {
        "logo-project@learninglab": "image/png",
        "logo-programme@learninglab": "image/png",
        "eu-emblem@learninglab": "image/png",
    }
    html = composed.html
    assert (
        f'src="cid:logo-project@learninglab" height="40" width="120" alt="Logo of {logos.acronym}"'
        in html
    )
    assert 'alt="Flag of the European Union"' in html
    assert "Co-funded by the European Union" in html
    # The text part stays as it was: no pictures, no statement.
    assert "Co-funded" not in composed.text
    assert rsvp_url(invitation) in composed.text


def test_the_public_pages_show_the_logos_with_their_alt_text(logos, partner):
    invitation = InvitationFactory(lab=LabFactory(partner=partner))
    page = client_for(None).get(rsvp_url(invitation)).content.decode()
    assert "Cofinanțat de Uniunea Europeană" in page  # the person's language

    page = client_for(None).get(rsvp_url(invitation) + "?lang=en").content.decode()
    project_logo, programme_logo = Logo.objects.order_by("-kind")
    assert f'src="{project_logo.get_absolute_url()}" alt="Logo of {logos.acronym}"' in page
    assert f'src="{programme_logo.get_absolute_url()}" alt="Logo of {logos.programme}"' in page
    assert 'alt="Flag of the European Union"' in page
    assert "Co-funded by the European Union" in page


# -- whatever is uploaded, the check answers with a verdict, never a crash --------------

SVG_PIECES = [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">',
    "</svg>",
    '<path d="M0 0 L10 10 Q5 5 1 2 A3 3 0 1 1 4 4 Z"/>',
    '<path d="M1e400 -.5.5 c1,2 3"/>',
    '<rect width="-1" height="1e9"/>',
    '<g transform="rotate(45 5 5) scale(0)">',
    "</g>",
    '<text x="5" y="5" font-size="0">A</text>',
    "<script>alert(1)</script>",
    '<circle r="3" onclick="x()"/>',
    "<!DOCTYPE svg>",
    '<polygon points="1 2 3"/>',
    "&amp;",
    "<",
]


@given(pieces=st.lists(st.sampled_from(SVG_PIECES), max_size=12))
@settings(max_examples=60, deadline=None)
def test_any_svg_gets_a_verdict_not_a_crash(pieces):
    content = "".join(pieces).encode()
    try:
        checked = logo_checked(SimpleUploadedFile("logo.svg", content))
    except DomainError:
        return
    assert b"<script" not in checked.content
    assert b"onclick" not in checked.content
    assert checked.rendition.startswith(b"\x89PNG")


@given(content=st.binary(max_size=300))
@settings(max_examples=60, deadline=None)
def test_any_bytes_after_a_png_signature_get_a_verdict_not_a_crash(content):
    try:
        logo_checked(SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + content))
    except DomainError as error:
        assert error.code in {"not_a_png", "too_many_pixels"}
