"""What the report commands share: finding the lab and writing the file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from learninglab.labs.models import Lab


def find_lab(slug: str) -> Lab:
    """Return the lab with the short name ``slug``, or stop the command."""
    lab = Lab.objects.select_related("partner__project").filter(slug=slug).first()
    if lab is None:
        raise CommandError(f"No lab {slug!r}.")
    return lab


def write(path: str, content: bytes) -> Path:
    """Write ``content`` to ``path`` and return it, or stop the command with the reason."""
    target = Path(path)
    try:
        target.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"Cannot write {target}: {exc.strerror or exc}") from exc
    return target
