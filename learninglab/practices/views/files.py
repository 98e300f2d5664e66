"""Serve a practice's stored files, to its staff and, once it is published, to everyone."""

from __future__ import annotations

from django.http import FileResponse

from learninglab.practices.models import PracticeDocument, PracticeImage


def file_response(item: PracticeImage | PracticeDocument) -> FileResponse:
    """Return the stored file of an image (shown in the page) or a document (downloaded)."""
    return FileResponse(
        item.file.open("rb"),
        as_attachment=isinstance(item, PracticeDocument),
        filename=item.original_name,
        content_type=item.content_type,
    )
