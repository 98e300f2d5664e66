"""Check that the Romanian interface is complete: ``python -m learninglab.core.i18n_check``.

1. Every entry of each language's catalogue is translated and none is fuzzy.
2. When GNU gettext is installed, the strings are extracted afresh from the code and
   templates, and any string missing from a catalogue is reported (the catalogue on
   disk is left as it was).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
CHECKED_LANGUAGES = ("ro",)


def incomplete_entries(po: polib.POFile) -> list[str]:
    """Return the msgids of ``po`` that are untranslated or fuzzy."""
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def missing_after_extraction(language: str) -> list[str]:
    """Extract the strings afresh and return those the catalogue does not translate."""
    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    backup = po_path.read_bytes() if po_path.exists() else None
    cwd = Path.cwd()
    try:
        os.chdir(LOCALE_DIR.parent)
        call_command(
            "makemessages",
            locale=[language],
            no_location=True,
            no_obsolete=True,
            ignore_patterns=["tests/*", "*/tests/*"],
            verbosity=0,
        )
        return incomplete_entries(polib.pofile(str(po_path)))
    finally:
        os.chdir(cwd)
        if backup is None:
            po_path.unlink(missing_ok=True)
        else:
            po_path.write_bytes(backup)


def main() -> int:
    problems = 0
    for language in CHECKED_LANGUAGES:
        po_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            print(f"{language}: no catalogue at {po_path.relative_to(LOCALE_DIR.parent)}")
            problems += 1
            continue
        missing = incomplete_entries(polib.pofile(str(po_path)))
        if shutil.which("xgettext"):
            missing = sorted(set(missing) | set(missing_after_extraction(language)))
        else:
            print(f"{language}: GNU gettext is not installed; checked the catalogue only.")
        for msgid in missing:
            print(f"{language}: not translated: {msgid!r}")
        problems += len(missing)
    if problems:
        print("Run `make messages` and translate what is listed above.")
        return 1
    print("Translations complete: " + ", ".join(CHECKED_LANGUAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
