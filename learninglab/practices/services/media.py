"""Keep a practice's images and documents: add them, and remove one.

They follow the upload rules of every file here (``core.uploads``): a size limit, the
type known by name and first bytes, and images stored upright without their metadata.
An image needs its alternative text, for people who cannot see it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import Multilingual
from learninglab.core.uploads import (
    DOCUMENT,
    PHOTO,
    check_upload,
    photo_without_metadata,
    unstored_on_error,
)
from learninglab.practices.limits import limit
from learninglab.practices.models import GoodPractice, PracticeDocument, PracticeImage

TITLE_MAX_LENGTH = 200


def _next_position(rows: Any) -> int:
    return (rows.aggregate(last=Max("position"))["last"] or 0) + 1


def _store(row: PracticeImage | PracticeDocument, content: Any, stored: list[Any]) -> None:
    row.file.save(PurePath(content.name).name, content, save=False)
    stored.append(row)
    row.save()


@transaction.atomic
def image_add(
    *,
    actor: Actor,
    practice: GoodPractice,
    upload: Any,
    alt_text: Mapping[str, str],
    via: str = Via.WEB,
) -> PracticeImage:
    """Keep a picture of ``practice`` with its alternative text; return it.

    Refused, with nothing stored, without an alternative text, or when the file is too
    large, empty, or not a JPEG, PNG or WebP picture.
    """
    alt = Multilingual.of(alt_text)
    if not alt:
        raise DomainError("alt_required", _("Describe the picture for people who cannot see it."))
    if any(len(text) > limit("alt_text") for text in alt.values()):
        raise DomainError(
            "too_long",
            _("The description is longer than %(limit)s characters.")
            % {"limit": limit("alt_text")},
        )
    file_type = check_upload(upload, kind=PHOTO)
    content = photo_without_metadata(upload, file_type=file_type)
    with unstored_on_error() as stored:
        image = PracticeImage(
            practice=practice,
            alt_text=alt,
            original_name=PurePath(upload.name).name[:200],
            content_type=file_type.content_type,
            size=content.size,
            position=_next_position(practice.images),
            uploaded_by=acting_user(actor),
        )
        _store(image, content, stored)
        audit_record(
            actor=actor,
            action="practices.image.added",
            obj=practice,
            extra={"image": image.pk, "name": image.original_name},
            via=via,
        )
    return image


@transaction.atomic
def document_add(
    *,
    actor: Actor,
    practice: GoodPractice,
    upload: Any,
    title: str = "",
    via: str = Via.WEB,
) -> PracticeDocument:
    """Keep a document about ``practice``; return it. Refused, with nothing stored, when
    too large, empty, or not one of the accepted document types."""
    file_type = check_upload(upload, kind=DOCUMENT)
    with unstored_on_error() as stored:
        document = PracticeDocument(
            practice=practice,
            title=(title or "").strip()[:TITLE_MAX_LENGTH],
            original_name=PurePath(upload.name).name[:200],
            content_type=file_type.content_type,
            size=upload.size,
            position=_next_position(practice.documents),
            uploaded_by=acting_user(actor),
        )
        _store(document, upload, stored)
        audit_record(
            actor=actor,
            action="practices.document.added",
            obj=practice,
            extra={"document": document.pk, "name": document.original_name},
            via=via,
        )
    return document


@transaction.atomic
def media_remove(
    *, actor: Actor, item: PracticeImage | PracticeDocument, via: str = Via.WEB
) -> None:
    """Remove an image or document; its stored file goes once the removal is committed."""
    storage, name = item.file.storage, str(item.file.name)
    kind = "image" if isinstance(item, PracticeImage) else "document"
    audit_record(
        actor=actor,
        action=f"practices.{kind}.removed",
        obj=item.practice,
        extra={kind: item.pk, "name": item.original_name},
        via=via,
    )
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))
