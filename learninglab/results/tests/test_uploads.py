"""Photos are stored upright and without their metadata; a file that is no image is refused."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, PngImagePlugin

from learninglab.core import uploads
from learninglab.core.errors import DomainError
from learninglab.results.models import FileKind, ResultFile
from learninglab.results.services.file import photos_attach
from learninglab.results.tests.conftest import jpeg_bytes, photo_upload

RED, BLUE = (220, 0, 0), (0, 0, 220)
# EXIF orientation 6: the camera was turned, the picture is shown turned 90° clockwise.
TURNED_CLOCKWISE = 6


def phone_photo(image_format: str = "JPEG") -> bytes:
    """Return a 40×30 photo, red on the left and blue on the right, as a phone would save it
    turned: with its orientation, where it was taken (Timișoara), the camera and a comment."""
    image = Image.new("RGB", (40, 30), BLUE)
    image.paste(RED, (0, 0, 20, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = TURNED_CLOCKWISE
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (45.0, 45.0, 25.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (21.0, 13.0, 45.0)
    extra: dict = {"exif": exif}
    if image_format == "JPEG":
        extra["comment"] = b"Taken at Str. Alba Iulia 2"
    if image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "Taken at Str. Alba Iulia 2")
        extra["pnginfo"] = text
    content = io.BytesIO()
    image.save(content, format=image_format, **extra)
    return content.getvalue()


def test_the_generated_photo_carries_its_location():
    with Image.open(io.BytesIO(phone_photo())) as photo:
        assert photo.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"


def add_photos(client, lab, *files, **fields):
    data = {"photos": list(files), "is_public": "on", "consent_confirmed": "on", **fields}
    return client.post(reverse("results:photos", args=[lab.slug]), data)


@pytest.mark.django_db
def test_a_phone_photo_is_stored_upright_without_its_location_or_other_metadata(
    staff_client, past_lab
):
    original = phone_photo()
    response = add_photos(
        staff_client, past_lab, SimpleUploadedFile("group.jpg", original, "image/jpeg")
    )

    assert response.status_code == 302
    photo = ResultFile.objects.get()
    with photo.file.open("rb") as stored_file:
        stored = stored_file.read()
    assert photo.size == len(stored)
    assert b"Exif" not in stored and b"PhoneMaker" not in stored
    assert b"Alba Iulia" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info and "comment" not in image.info
        # Turned as the phone meant it: the red left half is now the top half.
        assert image.size == (30, 40)
        top, bottom = image.convert("RGB").getpixel((15, 5)), image.getpixel((15, 35))
    assert top[0] > 150 > top[2]
    assert bottom[2] > 150 > bottom[0]
    assert photo.original_name == "group.jpg"
    assert photo.content_type == "image/jpeg"


@pytest.mark.django_db
@pytest.mark.parametrize(("image_format", "name"), [("PNG", "wall.png"), ("WEBP", "wall.webp")])
def test_png_and_webp_photos_lose_their_metadata_too(staff, past_lab, image_format, name):
    [photo] = photos_attach(
        actor=staff,
        lab=past_lab,
        uploads=[SimpleUploadedFile(name, phone_photo(image_format))],
        consent_confirmed=True,
    )

    with photo.file.open("rb") as stored_file, Image.open(stored_file) as image:
        assert image.format == image_format
        assert not image.getexif()
        assert not {"exif", "xmp", "Comment"} & set(image.info)
        assert image.size == (30, 40)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xd8\xff" + b"not a picture at all" * 20,  # starts like a JPEG, is none
        jpeg_bytes()[:200],  # cut off half-way
    ],
)
def test_a_file_that_is_not_really_an_image_is_refused_and_the_form_kept(
    staff_client, past_lab, attendees, media_root, content
):
    response = add_photos(
        staff_client,
        past_lab,
        photo_upload("fine.jpg"),
        SimpleUploadedFile("broken.jpg", content, "image/jpeg"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "broken.jpg could not be read as a photo: it is damaged or not really an image." in (
        page
    )
    # What was ticked stays ticked; the one bad photo refuses the good one too.
    assert 'id="photos_consent_confirmed" checked>' in page
    assert 'id="photos_is_public" checked>' in page
    assert not ResultFile.objects.exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
# The photo has 12 pixels: over 10, Pillow only warns; over twice 5, it refuses itself.
@pytest.mark.parametrize("limit", [10, 5])
def test_a_photo_of_too_many_pixels_is_refused(staff, past_lab, monkeypatch, limit):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)
    with pytest.raises(DomainError) as error:
        photos_attach(
            actor=staff, lab=past_lab, uploads=[photo_upload("huge.jpg")], consent_confirmed=True
        )
    assert error.value.code == "too_many_pixels"
    assert str(error.value) == "huge.jpg has too many pixels to be taken as a photo."
    assert not ResultFile.objects.exists()


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from([".jpg", ".png", ".webp"]),
    rest=st.binary(max_size=300),
)
def test_whatever_follows_a_photos_first_bytes_is_stored_cleaned_or_refused(kind, rest):
    head = {".jpg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n", ".webp": b"RIFF\0\0\0\0WEBP"}
    upload = SimpleUploadedFile(f"x{kind}", head[kind] + rest)
    file_type = uploads.check_upload(upload, kind=FileKind.PHOTO)
    try:
        cleaned = uploads.photo_without_metadata(upload, file_type=file_type)
    except DomainError as error:
        assert error.code in {"not_an_image", "too_many_pixels"}
    else:
        assert b"Exif" not in cleaned.read()
