"""Keep a lab's files and photos: attach them, and delete one.

Every change is audited with the acting user. Files go through Django's storage API;
one that is too large or of a type not taken is refused before anything is stored.
Photos are stored upright and without their metadata (``uploads.photo_without_metadata``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.uploads import (
    FileType,
    check_upload,
    photo_without_metadata,
    unstored_on_error,
)
from learninglab.labs.models import Lab
from learninglab.results.models import FileKind, ResultFile
from learninglab.results.services.minutes import require_took_place

TITLE_MAX_LENGTH = 200


def _keep(
    *,
    actor: Actor,
    lab: Lab,
    content: Any,
    file_type: FileType,
    kind: str,
    title: str,
    stored: list[ResultFile],
    **fields: Any,
) -> ResultFile:
    """Store ``content``, already checked, as a file of ``lab``; return it."""
    name = PurePath(content.name).name
    result_file = ResultFile(
        lab=lab,
        kind=kind,
        title=(title or "").strip()[:TITLE_MAX_LENGTH],
        original_name=name[:200],
        content_type=file_type.content_type,
        size=content.size,
        uploaded_by=acting_user(actor),
        **fields,
    )
    result_file.file.save(name, content, save=False)
    stored.append(result_file)
    result_file.save()
    return result_file


@transaction.atomic
def file_attach(
    *,
    actor: Actor,
    lab: Lab,
    upload: Any,
    title: str = "",
    is_public: bool = True,
    via: str = Via.WEB,
) -> ResultFile:
    """Keep a presentation or document of the lab; return it.

    A file over the size limit, empty, or not one of the accepted types is refused with a
    ``DomainError`` naming the limit or the types, and nothing is stored.
    """
    require_took_place(lab)
    file_type = check_upload(upload, kind=FileKind.DOCUMENT)
    with unstored_on_error() as stored:
        result_file = _keep(
            actor=actor,
            lab=lab,
            content=upload,
            file_type=file_type,
            kind=FileKind.DOCUMENT,
            title=title,
            is_public=is_public,
            stored=stored,
        )
        audit_record(
            actor=actor,
            action="results.file.added",
            obj=lab,
            extra={"file": result_file.pk, "name": result_file.original_name, "public": is_public},
            via=via,
        )
    return result_file


@transaction.atomic
def photos_attach(
    *,
    actor: Actor,
    lab: Lab,
    uploads: Sequence[Any],
    consent_confirmed: bool,
    is_public: bool = True,
    via: str = Via.WEB,
) -> list[ResultFile]:
    """Keep photos of the lab, upright and without their metadata; return them.

    Staff must confirm that the photos show only people who gave their consent to photos
    (``consent_confirmed``). Every photo is checked and cleaned before any is stored: one
    refused photo (too large, of another type, not really an image) refuses them all.
    """
    require_took_place(lab)
    if not consent_confirmed:
        raise DomainError(
            "consent_not_confirmed",
            _("Confirm that the photos show only people who consented to photos."),
        )
    if not uploads:
        raise DomainError("no_photos", _("Choose at least one photo."))
    cleaned = []
    for upload in uploads:
        file_type = check_upload(upload, kind=FileKind.PHOTO)
        cleaned.append((photo_without_metadata(upload, file_type=file_type), file_type))
    now = timezone.now()
    with unstored_on_error() as stored:
        photos = [
            _keep(
                actor=actor,
                lab=lab,
                content=content,
                file_type=file_type,
                kind=FileKind.PHOTO,
                title="",
                is_public=is_public,
                consent_confirmed_at=now,
                stored=stored,
            )
            for content, file_type in cleaned
        ]
        audit_record(
            actor=actor,
            action="results.photos.added",
            obj=lab,
            extra={
                "files": [p.pk for p in photos],
                "names": [p.original_name for p in photos],
                "consent_confirmed": True,
                "public": is_public,
            },
            via=via,
        )
    return photos


@transaction.atomic
def file_delete(*, actor: Actor, result_file: ResultFile, via: str = Via.WEB) -> None:
    """Remove a file or photo of a lab; the stored file goes once the removal is committed."""
    lab = result_file.lab
    storage, name = result_file.file.storage, str(result_file.file.name)
    audit_record(
        actor=actor,
        action="results.file.deleted",
        obj=lab,
        extra={"file": result_file.pk, "name": result_file.original_name},
        via=via,
    )
    result_file.delete()
    transaction.on_commit(lambda: storage.delete(name))
