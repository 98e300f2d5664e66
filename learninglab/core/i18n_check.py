"""Trim and check the translation catalogues (``make messages``, ``make lint``).

Two kinds of catalogue live in ``learninglab/locale``, both extracted by ``makemessages``:

* **Romanian** (``FULL_LANGUAGES``) translates the whole interface, staff pages included.
* **Italian, Dutch, Croatian and Lithuanian** (``STAKEHOLDER_ONLY_LANGUAGES``) translate
  only what a stakeholder sees: the strings written with the message context
  ``"stakeholder"`` (``pgettext_lazy("stakeholder", ...)``, ``{% translate "..." context
  "stakeholder" %}``, ``{% blocktranslate context "stakeholder" %}``), and the month names
  of ``core/month_names.py``, which translate Django's own words again and so cannot take
  a context. ``--trim`` (part of ``make messages``) drops every other entry from them.

Whether a page or e-mail uses only such strings is checked by rendering them all:
``core/tests/test_translation_coverage.py``. Django's own strings (form validation
messages, day and month names, language names) come from the catalogues Django ships.

The check fails (exit status 1) when, for a language of ``CHECKED_LANGUAGES``:

1. an entry of its catalogue is untranslated or fuzzy;
2. a translation drops or invents a placeholder (``{name}``, ``%(count)s``);
3. a stakeholder-only catalogue holds an entry a stakeholder does not see;
4. with GNU gettext installed, a string extracted afresh from the code is missing from
   the catalogue (every string for ``ro``; the stakeholder-facing ones for the others).
   The catalogues on disk are left as they were.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polib

APP_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = APP_DIR / "locale"
FULL_LANGUAGES = ("ro",)
STAKEHOLDER_ONLY_LANGUAGES = ("it", "nl", "hr", "lt")
CHECKED_LANGUAGES = ("ro", "it", "nl", "hr", "lt")
STAKEHOLDER_CONTEXT = "stakeholder"


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def is_stakeholder_facing(entry: polib.POEntry) -> bool:
    """Return whether a stakeholder sees ``entry``: it has the context, or is a month name."""
    from learninglab.core.month_names import MONTHS

    if entry.msgctxt is None:
        return entry.msgid in MONTHS
    return entry.msgctxt == STAKEHOLDER_CONTEXT


def trim(language: str) -> tuple[int, int]:
    """Drop from ``language``'s catalogue what a stakeholder does not see.

    Return how many entries are kept, and how many of them are translated.
    """
    po = polib.pofile(str(catalogue_path(language)), wrapwidth=79)
    for entry in [e for e in po if e.obsolete or not is_stakeholder_facing(e)]:
        po.remove(entry)
    po.save()
    return len(po), len(po.translated_entries())


def incomplete_entries(po: polib.POFile) -> list[str]:
    """Return the msgids of ``po`` that are untranslated or fuzzy."""
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


_PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]|\{\w+\}")


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text.replace("%%", "")))


def placeholder_errors(po: polib.POFile) -> list[str]:
    """Return the msgids whose translation drops or invents a placeholder.

    A plural form may leave out the number (``one vote`` for 1), but none may name a
    placeholder the English text lacks, and the last form must keep them all.
    """
    wrong = []
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        if entry.msgid_plural:
            source = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            ok = all(_placeholders(f) <= source for f in forms) and (
                _placeholders(entry.msgid_plural) <= _placeholders(forms[-1])
            )
        else:
            ok = _placeholders(entry.msgstr) == _placeholders(entry.msgid)
        if not ok:
            wrong.append(entry.msgid)
    return wrong


@contextlib.contextmanager
def _one_extraction_at_a_time() -> Iterator[None]:
    # makemessages writes django.pot beside the catalogues and merges it into the Romanian
    # one, which is then put back: two extractions at once (the test suite runs on every
    # core) would read each other's files, and one could put back the other's merge.
    name = hashlib.sha256(str(APP_DIR).encode()).hexdigest()[:16]
    lock = Path(tempfile.gettempdir()) / f"learninglab-extraction-{name}.lock"
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def extracted() -> polib.POFile:
    """Extract every string afresh with ``makemessages``, leaving the catalogues as they were.

    The extraction is merged into the Romanian catalogue, which is read and put back; one
    extraction runs at a time on this machine, whoever else asks for one.
    """
    with _one_extraction_at_a_time():
        return _extract()


def _extract() -> polib.POFile:
    from django.core.management import call_command

    po_path = catalogue_path(FULL_LANGUAGES[0])
    backup = po_path.read_bytes()
    cwd = Path.cwd()
    try:
        os.chdir(APP_DIR)
        call_command(
            "makemessages",
            locale=[FULL_LANGUAGES[0]],
            no_location=True,
            no_obsolete=True,
            ignore_patterns=["tests/*", "*/tests/*"],
            verbosity=0,
        )
        return polib.pofile(str(po_path))
    finally:
        os.chdir(cwd)
        po_path.write_bytes(backup)


def _untranslated_of(po: polib.POFile, wanted: list[polib.POEntry]) -> list[str]:
    done = {_key(e) for e in po if not e.obsolete and e.translated() and "fuzzy" not in e.flags}
    return [e.msgid for e in wanted if not e.obsolete and _key(e) not in done]


def problems_of(language: str, fresh: polib.POFile | None) -> list[str]:
    """Return what is wrong with ``language``'s catalogue, one line each.

    ``fresh`` is the extraction from the code (``extracted()``), or None to check the
    catalogue alone.
    """
    po_path = catalogue_path(language)
    if not po_path.exists():
        return [f"no catalogue at {po_path.relative_to(APP_DIR.parent)}"]
    po = polib.pofile(str(po_path))
    missing = set(incomplete_entries(po))
    if fresh is not None:
        wanted = [e for e in fresh if language in FULL_LANGUAGES or is_stakeholder_facing(e)]
        missing |= set(_untranslated_of(po, wanted))
    lines = [f"not translated: {msgid!r}" for msgid in sorted(missing)]
    lines += [f"placeholders differ: {msgid!r}" for msgid in placeholder_errors(po)]
    if language in STAKEHOLDER_ONLY_LANGUAGES:
        lines += [
            f"not seen by stakeholders: {e.msgid!r}"
            for e in po
            if not e.obsolete and not is_stakeholder_facing(e)
        ]
    return lines


def check() -> int:
    problems = 0
    fresh = None
    if shutil.which("xgettext"):
        fresh = extracted()
    else:
        print("GNU gettext is not installed; checked the catalogues only.")
    for language in CHECKED_LANGUAGES:
        for line in problems_of(language, fresh):
            print(f"{language}: {line}")
            problems += 1
    if problems:
        print(
            "Run `make messages` and translate what is listed above; mark a string a "
            f'stakeholder sees with the context "{STAKEHOLDER_CONTEXT}".'
        )
        return 1
    print("Translations complete: " + ", ".join(CHECKED_LANGUAGES))
    return 0


def main() -> int:
    import django

    parser = argparse.ArgumentParser(prog="python -m learninglab.core.i18n_check")
    parser.add_argument(
        "--trim",
        action="store_true",
        help="keep only the stakeholder-facing strings in the it, nl, hr and lt catalogues",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    if parser.parse_args().trim:
        for language in STAKEHOLDER_ONLY_LANGUAGES:
            kept, translated = trim(language)
            print(f"{language}: {kept} strings, {translated} translated")
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
