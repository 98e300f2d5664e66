"""What may be uploaded as a document or a photo (a lab's results, a good practice's
images and files): size limits and accepted types.

A file is accepted by its name *and* its first bytes, so that a renamed program or page
is refused however it is called. The limits are set in the settings
(``RESULTS_FILE_MAX_BYTES``, ``RESULTS_PHOTO_MAX_BYTES``).

A photo is also decoded and saved again, upright and without its metadata: a phone's
photo carries where it was taken (GPS), when, and with which device.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from learninglab.core.errors import DomainError

# The two kinds of upload; ``results.models.FileKind`` and others use the same values.
DOCUMENT = "document"
PHOTO = "photo"

_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)  # PowerPoint, Word and Excel since 2007, OpenDocument
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # PowerPoint, Word and Excel 97–2003
_JPEG = (b"\xff\xd8\xff",)
_PNG = (b"\x89PNG\r\n\x1a\n",)


# A photo is saved again at this JPEG and WebP quality: no visible loss, far smaller than 100.
PHOTO_QUALITY = 90


@dataclasses.dataclass(frozen=True)
class FileType:
    content_type: str
    signatures: tuple[bytes, ...]
    # For photos: the formats Pillow may read the file as; the first is the one it is saved in.
    # (Many phones write their JPEG photos as MPO: a JPEG with a second, smaller picture.)
    image_formats: tuple[str, ...] = ()


DOCUMENT_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", _PDF),
    ".pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP
    ),
    ".ppt": FileType("application/vnd.ms-powerpoint", _OLE),
    ".odp": FileType("application/vnd.oasis.opendocument.presentation", _ZIP),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP
    ),
    ".doc": FileType("application/msword", _OLE),
    ".odt": FileType("application/vnd.oasis.opendocument.text", _ZIP),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".ods": FileType("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
}
PHOTO_TYPES: dict[str, FileType] = {
    ".jpg": FileType("image/jpeg", _JPEG, ("JPEG", "MPO")),
    ".jpeg": FileType("image/jpeg", _JPEG, ("JPEG", "MPO")),
    ".png": FileType("image/png", _PNG, ("PNG",)),
    ".webp": FileType("image/webp", (b"RIFF",), ("WEBP",)),
}


def max_bytes(kind: str) -> int:
    """Return the largest file accepted for ``kind`` (document or photo)."""
    if kind == PHOTO:
        return int(settings.RESULTS_PHOTO_MAX_BYTES)
    return int(settings.RESULTS_FILE_MAX_BYTES)


def accepted_types(kind: str) -> dict[str, FileType]:
    return PHOTO_TYPES if kind == PHOTO else DOCUMENT_TYPES


def accepted_extensions(kind: str) -> str:
    """Return the accepted endings for an ``accept`` attribute: ``.pdf,.pptx,...``."""
    return ",".join(accepted_types(kind))


def _starts_like(upload: Any, file_type: FileType) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if file_type.content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return any(head.startswith(signature) for signature in file_type.signatures)


def check_upload(upload: Any, *, kind: str) -> FileType:
    """Return the type of ``upload`` if it may be kept as a ``kind`` file; else raise.

    Raise ``DomainError`` ("too_large", "empty", "wrong_type") with a message naming the
    file and the limit or the accepted types.
    """
    name = PurePath(upload.name or "").name
    limit = max_bytes(kind)
    if upload.size > limit:
        raise DomainError(
            "too_large",
            _("%(name)s is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            name=name,
        )
    if not upload.size:
        raise DomainError("empty", _("%(name)s is empty.") % {"name": name}, name=name)
    types = accepted_types(kind)
    file_type = types.get(PurePath(name).suffix.lower())
    if file_type is None or not _starts_like(upload, file_type):
        accepted = ", ".join(sorted({ext.lstrip(".").upper() for ext in types}))
        message = (
            _("%(name)s is not a photo this page takes; accepted: %(types)s.")
            if kind == PHOTO
            else _("%(name)s is not a file this page takes; accepted: %(types)s.")
        )
        raise DomainError("wrong_type", message % {"name": name, "types": accepted}, name=name)
    return file_type


def _upright_without_metadata(image: Image.Image) -> Image.Image:
    """Return ``image`` turned as its EXIF orientation says, with no metadata left to save.

    Pillow writes some of ``info`` back when saving (a JPEG's comment, for one), so the
    new image keeps only what is needed to show it right: PNG transparency and the colour
    profile, which describes colours, not the photo or the person who took it.
    """
    upright = ImageOps.exif_transpose(image)
    upright.info = {
        key: image.info[key] for key in ("transparency", "icc_profile") if key in image.info
    }
    return upright


def _saved_again(upload: Any, file_type: FileType) -> bytes:
    """Return the photo decoded and encoded again in its own format, without metadata."""
    upload.seek(0)
    try:
        with Image.open(upload, formats=list(file_type.image_formats)) as image:
            # Pillow only warns between its limit and twice it: such a file is refused too.
            limit = Image.MAX_IMAGE_PIXELS
            if limit and image.width * image.height > limit:
                raise Image.DecompressionBombError(f"{image.width}×{image.height} pixels")
            image.load()
            photo = _upright_without_metadata(image)
    finally:
        upload.seek(0)
    content = io.BytesIO()
    photo.save(
        content,
        format=file_type.image_formats[0],
        quality=PHOTO_QUALITY,
        icc_profile=photo.info.get("icc_profile"),
    )
    return content.getvalue()


def photo_without_metadata(upload: Any, *, file_type: FileType) -> ContentFile:
    """Return the photo ``upload`` saved again upright, without EXIF, XMP or comments.

    ``file_type`` is what ``check_upload`` found. Raise ``DomainError`` ("not_an_image")
    when the file cannot be read as such a photo, or ("too_many_pixels") when it has more
    pixels than are safe to decode.
    """
    name = PurePath(upload.name or "").name
    try:
        content = _saved_again(upload, file_type)
    except Image.DecompressionBombError:
        raise DomainError(
            "too_many_pixels",
            _("%(name)s has too many pixels to be taken as a photo.") % {"name": name},
            name=name,
        ) from None
    except Exception:  # Pillow reports a damaged or disguised file with many kinds of error.
        raise DomainError(
            "not_an_image",
            _("%(name)s could not be read as a photo: it is damaged or not really an image.")
            % {"name": name},
            name=name,
        ) from None
    return ContentFile(content, name=name)


@contextlib.contextmanager
def unstored_on_error() -> Iterator[list[Any]]:
    """Yield a list to put the rows of stored files in (each with a ``file`` field);
    should the block fail, their files leave the storage.

    (The rows roll back with the transaction; the files would otherwise stay behind.)
    """
    stored: list[Any] = []
    try:
        yield stored
    except BaseException:
        for row in stored:
            row.file.storage.delete(str(row.file.name))
        raise
