"""What may be uploaded as a lab's file or photo: size limits and accepted types.

A file is accepted by its name *and* its first bytes, so that a renamed program or page
is refused however it is called. The limits can be set in the settings
(``RESULTS_FILE_MAX_BYTES``, ``RESULTS_PHOTO_MAX_BYTES``).
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from learninglab.core.errors import DomainError
from learninglab.results.models import FileKind

DEFAULT_FILE_MAX_BYTES = 25 * 1024 * 1024
DEFAULT_PHOTO_MAX_BYTES = 10 * 1024 * 1024

_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)  # PowerPoint, Word and Excel since 2007, OpenDocument
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # PowerPoint, Word and Excel 97–2003
_JPEG = (b"\xff\xd8\xff",)
_PNG = (b"\x89PNG\r\n\x1a\n",)


@dataclasses.dataclass(frozen=True)
class FileType:
    content_type: str
    signatures: tuple[bytes, ...]


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
    ".jpg": FileType("image/jpeg", _JPEG),
    ".jpeg": FileType("image/jpeg", _JPEG),
    ".png": FileType("image/png", _PNG),
    ".webp": FileType("image/webp", (b"RIFF",)),
}


def max_bytes(kind: str) -> int:
    """Return the largest file accepted for ``kind`` (document or photo)."""
    if kind == FileKind.PHOTO:
        return int(getattr(settings, "RESULTS_PHOTO_MAX_BYTES", DEFAULT_PHOTO_MAX_BYTES))
    return int(getattr(settings, "RESULTS_FILE_MAX_BYTES", DEFAULT_FILE_MAX_BYTES))


def accepted_types(kind: str) -> dict[str, FileType]:
    return PHOTO_TYPES if kind == FileKind.PHOTO else DOCUMENT_TYPES


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
            if kind == FileKind.PHOTO
            else _("%(name)s is not a file this page takes; accepted: %(types)s.")
        )
        raise DomainError("wrong_type", message % {"name": name, "types": accepted}, name=name)
    return file_type
