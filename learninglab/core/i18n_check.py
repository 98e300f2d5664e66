"""Check the translations: ``python -m learninglab.core.i18n_check`` (run by ``make lint``).

Two kinds of catalogue live in ``learninglab/locale``:

* **Romanian** (``FULL_LANGUAGES``) translates the whole interface, staff pages included.
  ``make messages`` extracts it with ``makemessages --locale ro``.
* **Italian, Dutch, Croatian and Lithuanian** (``STAKEHOLDER_ONLY_LANGUAGES``) translate
  only what a stakeholder sees: the public lab page, the RSVP, link and unsubscribe pages,
  every e-mail sent to people, the live wall on their phones and its projector, the
  feedback survey and the public results page. Staff pages stay in English or Romanian.

The stakeholder-facing strings are defined by ``STAKEHOLDER_SOURCES``: the files (paths
from ``learninglab/``) that a stakeholder sees, each with all its strings, only some of
them (``only``: a module that also holds staff strings, such as ``labs/models.py``), or
all but some (``all_but``). Change the table when a stakeholder page starts to use
another file. ``python -m learninglab.core.i18n_check --extract`` (part of ``make
messages``) extracts exactly these strings with GNU gettext and merges them into the
it, nl, hr and lt catalogues; never run ``makemessages`` for those languages, which would
fill them with every staff string.

Django's own strings (form validation messages, day and month names, the language names
of ``settings.STAKEHOLDER_LANGUAGES``) come from the catalogues Django ships for each of
these languages, not from ours.

The check fails (exit status 1) when, for a language of ``CHECKED_LANGUAGES``:

1. an entry of its catalogue is untranslated or fuzzy;
2. a translation drops or invents a placeholder (``{name}``, ``%(count)s``);
3. with GNU gettext installed, a string extracted afresh from the code is missing from
   the catalogue (every string for ``ro``; the stakeholder-facing ones for the others),
   or an ``only``/``all_but`` string of the table is no longer in its file. The catalogues
   on disk are left as they were.

A language joins ``CHECKED_LANGUAGES`` once its catalogue is translated.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

APP_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = APP_DIR / "locale"
FULL_LANGUAGES = ("ro",)
STAKEHOLDER_ONLY_LANGUAGES = ("it", "nl", "hr", "lt")
CHECKED_LANGUAGES = ("ro", "it", "nl", "hr", "lt")
PLURAL_FORMS = {
    "it": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "hr": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "lt": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}
LANGUAGE_TEAMS = {"it": "Italian", "nl": "Dutch", "hr": "Croatian", "lt": "Lithuanian"}


@dataclasses.dataclass(frozen=True)
class Pick:
    """Which strings of a file a stakeholder sees: ``msgids`` only, or all but them."""

    msgids: frozenset[str]
    included: bool

    def wants(self, msgid: str) -> bool:
        return (msgid in self.msgids) == self.included


ALL = Pick(frozenset(), included=False)


def only(*msgids: str) -> Pick:
    return Pick(frozenset(msgids), included=True)


def all_but(*msgids: str) -> Pick:
    return Pick(frozenset(msgids), included=False)


STAKEHOLDER_SOURCES: dict[str, Pick] = {
    # The pages around them: skip link, language switch, messages, footer.
    "core/templates/base.html": all_but("Security", "Log out"),  # signed-in staff only
    "core/templates/forms/form.html": ALL,
    "core/templates/forms/field.html": ALL,
    "core/templates/404.html": ALL,
    "core/month_names.py": ALL,
    # The public lab page, the partner's calendar, the RSVP, link and unsubscribe pages.
    "labs/views/public.py": ALL,
    "labs/forms/public.py": ALL,
    "labs/services/answer.py": all_but("Sent in place of %(name)s."),  # a note for staff
    "labs/models.py": only(
        "Local Learning Lab",
        "Interregional workshop",
        "Study visit",
        "%(kind)s, round %(round)s",
        "No answer yet",
        "Attending",
        "Declined",
        "On the waiting list",
        "Sent a colleague",
    ),
    "labs/templates/labs/public.html": ALL,
    "labs/templates/labs/rsvp.html": ALL,
    "labs/templates/labs/link_invalid.html": ALL,
    "labs/templates/labs/unsubscribe.html": ALL,
    "labs/templates/labs/includes/lab_facts.html": ALL,
    # The e-mails: invitation, confirmations, waiting list, reminders, changes, survey.
    "labs/emails.py": all_but(  # the placeholders, as the staff's invitation page lists them
        "the person's full name",
        "the person's first name",
        "the person's organisation",
        "the lab's kind and round",
        "the lab's theme",
        "the day of the lab",
        "the starting time",
        "the venue and its address",
        "the day to answer by",
        "the personal link to answer",
        "the contact persons",
        "the results of the previous lab",
    ),
    "labs/templates/labs/email/message.html": ALL,
    "results/feedback.py": ALL,
    "results/templates/results/email/feedback.html": ALL,
    "messaging/emails.py": ALL,
    "messaging/templates/messaging/email/list_footer.html": ALL,
    # The feedback survey and the public results (also shown on the next lab's page).
    "results/views/public.py": ALL,
    "results/forms.py": only(
        "1 — not at all",
        "5 — very much",
        "1 — strongly disagree",
        "5 — strongly agree",
        "How useful was the lab for you?",
        "Choose a score from 1 to 5.",
        "What will you apply in your work?",
        "“I learned something I can use in my work.”",
        "Anything else you would like to tell us? (optional)",
    ),
    "results/selectors.py": only("No organisation given", "Top ideas:"),
    "stakeholders/models.py": only(  # the rows of the attendance tables
        "Public authorities",
        "Business",
        "Knowledge institutions",
        "Civil society",
        "Other",
        "SME",
        "Cultural or creative organisation",
        "Public authority",
        "University or research",
        "Business support or chamber",
        "NGO",
        "ECoC body",
    ),
    "results/templates/results/survey.html": ALL,
    "results/templates/results/survey_link_invalid.html": ALL,
    "results/templates/results/public.html": ALL,
    "results/templates/results/includes/results_body.html": ALL,
    "results/templates/results/includes/attendance.html": ALL,
    "results/templates/results/includes/previous_results.html": ALL,
    # The live wall: joining, the participant's phone, the projector in the room.
    "cocreation/views/join.py": ALL,
    "cocreation/views/participant.py": ALL,
    "cocreation/services/participant.py": ALL,
    "cocreation/services/vote.py": ALL,
    "cocreation/services/wall.py": ALL,
    "cocreation/services/idea.py": only(
        "Write your idea first.",
        "Keep your idea under %(max)s characters.",
        "You have posted many ideas in a short time; wait a minute, then post again.",
    ),
    "cocreation/forms.py": only(
        "Code shown on the screen",
        "Your name (optional)",
        "Shown next to your ideas. Leave empty to take part anonymously.",
        "Language",
        "Your idea",
        "At most %(max)s characters.",
    ),
    "cocreation/templates/cocreation/phone_base.html": ALL,
    "cocreation/templates/cocreation/join.html": ALL,
    "cocreation/templates/cocreation/join_session.html": ALL,
    "cocreation/templates/cocreation/participant.html": ALL,
    "cocreation/templates/cocreation/includes/idea_form.html": ALL,
    "cocreation/templates/cocreation/includes/participant_delta.html": ALL,
    "cocreation/templates/cocreation/includes/participant_idea.html": ALL,
    "cocreation/templates/cocreation/includes/participant_notice.html": ALL,
    "cocreation/templates/cocreation/includes/participant_pending.html": ALL,
    "cocreation/templates/cocreation/includes/participant_status.html": ALL,
    "cocreation/templates/cocreation/includes/participant_vote.html": ALL,
    "cocreation/templates/cocreation/includes/participant_wall.html": ALL,
    "cocreation/templates/cocreation/includes/votes_left.html": ALL,
    "cocreation/templates/cocreation/projector.html": ALL,
    "cocreation/templates/cocreation/includes/projector_wall.html": ALL,
}

# The keywords Django's makemessages gives xgettext for the "django" domain.
XGETTEXT_ARGS = [
    "--language=Python",
    "--from-code=UTF-8",
    "--add-comments=Translators",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]

MSGMERGE_ARGS = ["--quiet", "--backup=none", "--previous", "--update"]


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


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


def _run(tool: str, *args: str) -> None:
    """Run a GNU gettext tool; say which one is missing rather than fail obscurely."""
    path = shutil.which(tool)
    if path is None:
        raise SystemExit(f"{tool} not found: install GNU gettext to extract the strings.")
    subprocess.run([path, *args], check=True)  # noqa: S603 (a fixed tool, our own files)


def _work_files(directory: Path) -> list[str]:
    """Write each template of the table as Python source into ``directory``, for xgettext.

    Return the paths to hand to xgettext, relative to ``APP_DIR`` or to ``directory``.
    """
    from django.utils.translation.template import templatize

    names = []
    for name in sorted(STAKEHOLDER_SOURCES):
        source = APP_DIR / name
        if not source.exists():
            continue  # reported by stakeholder_template
        if source.suffix == ".py":
            names.append(name)
            continue
        work = directory / f"{name}.py"
        work.parent.mkdir(parents=True, exist_ok=True)
        work.write_text(templatize(source.read_text("utf-8"), origin=name), "utf-8")
        names.append(f"{name}.py")
    return names


def _extract_all(directory: Path) -> polib.POFile:
    """Run xgettext over every file of ``STAKEHOLDER_SOURCES``, keeping where each string is."""
    output = directory / "all.pot"
    _run(
        "xgettext",
        *XGETTEXT_ARGS,
        f"--directory={APP_DIR}",
        f"--directory={directory}",
        f"--output={output}",
        *_work_files(directory),
    )
    return polib.pofile(str(output)) if output.exists() else polib.POFile()


def _file_of(occurrence: str) -> str:
    return occurrence.removesuffix(".py") if occurrence.endswith(".html.py") else occurrence


def stakeholder_template() -> tuple[polib.POFile, list[str]]:
    """Extract the stakeholder-facing strings afresh from the code and templates.

    Return the template catalogue (no locations) and the problems of the table itself: a
    file that does not exist, an ``only`` or ``all_but`` string its file no longer holds.
    """
    with tempfile.TemporaryDirectory() as work:
        extracted = _extract_all(Path(work))
    found: dict[str, set[str]] = {name: set() for name in STAKEHOLDER_SOURCES}
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {
        "Project-Id-Version": "Learning Lab",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for entry in extracted:
        files = {_file_of(path) for path, _line in entry.occurrences}
        for name in files:
            found[name].add(entry.msgid)
        if any(STAKEHOLDER_SOURCES[name].wants(entry.msgid) for name in files):
            entry.occurrences = []
            pot.append(entry)
    stale = [f"{name}: no such file" for name in found if not (APP_DIR / name).exists()]
    stale += [
        f"{name}: no longer holds {msgid!r}"
        for name, pick in STAKEHOLDER_SOURCES.items()
        for msgid in sorted(pick.msgids - found[name])
    ]
    return pot, stale


def _new_catalogue(language: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.header = f"{LANGUAGE_TEAMS[language]} translation of what stakeholders see in Learning Lab."
    po.metadata = {
        "Project-Id-Version": "Learning Lab",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": LANGUAGE_TEAMS[language],
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[language],
    }
    return po


def extract(languages: tuple[str, ...] = STAKEHOLDER_ONLY_LANGUAGES) -> int:
    """Merge the stakeholder-facing strings into the catalogues of ``languages``.

    Translations are kept; a changed string comes back fuzzy, with its previous text, for
    the translator to review; strings no longer used are dropped.
    """
    pot, stale = stakeholder_template()
    for problem in stale:
        print(problem)
    with tempfile.TemporaryDirectory() as work:
        pot_path = Path(work) / "stakeholders.pot"
        pot.save(str(pot_path))
        for language in languages:
            po_path = catalogue_path(language)
            if not po_path.exists():
                po_path.parent.mkdir(parents=True, exist_ok=True)
                _new_catalogue(language).save(str(po_path))
            _run("msgmerge", *MSGMERGE_ARGS, str(po_path), str(pot_path))
            po = polib.pofile(str(po_path), wrapwidth=79)
            for entry in [e for e in po if e.obsolete]:
                po.remove(entry)
            po.metadata["Plural-Forms"] = PLURAL_FORMS[language]
            po.save()
            print(f"{language}: {len(po)} strings, {len(po.translated_entries())} translated")
    return 1 if stale else 0


def missing_after_extraction(language: str) -> list[str]:
    """Extract every string afresh and return those the catalogue does not translate."""
    from django.core.management import call_command

    po_path = catalogue_path(language)
    backup = po_path.read_bytes() if po_path.exists() else None
    cwd = Path.cwd()
    try:
        os.chdir(APP_DIR)
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


def _untranslated_of(po: polib.POFile, template: polib.POFile) -> list[str]:
    done = {_key(e) for e in po if not e.obsolete and e.translated() and "fuzzy" not in e.flags}
    return [e.msgid for e in template if _key(e) not in done]


def problems_of(language: str, template: polib.POFile | None) -> list[str]:
    """Return what is wrong with ``language``'s catalogue, one line each."""
    po_path = catalogue_path(language)
    if not po_path.exists():
        return [f"no catalogue at {po_path.relative_to(APP_DIR.parent)}"]
    po = polib.pofile(str(po_path))
    missing = set(incomplete_entries(po))
    if language in FULL_LANGUAGES and shutil.which("xgettext"):
        missing |= set(missing_after_extraction(language))
    elif template is not None:
        missing |= set(_untranslated_of(po, template))
    lines = [f"not translated: {msgid!r}" for msgid in sorted(missing)]
    lines += [f"placeholders differ: {msgid!r}" for msgid in placeholder_errors(po)]
    return lines


def check() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    problems = 0
    template = None
    if not shutil.which("xgettext"):
        print("GNU gettext is not installed; checked the catalogues only.")
    else:
        template, stale = stakeholder_template()
        for line in stale:
            print(f"STAKEHOLDER_SOURCES: {line}")
        problems += len(stale)
    for language in CHECKED_LANGUAGES:
        for line in problems_of(language, template):
            print(f"{language}: {line}")
            problems += 1
    if problems:
        print(
            "Run `make messages` and translate what is listed above; keep "
            "STAKEHOLDER_SOURCES in step with the code."
        )
        return 1
    print("Translations complete: " + ", ".join(CHECKED_LANGUAGES))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m learninglab.core.i18n_check")
    parser.add_argument(
        "--extract",
        action="store_true",
        help="merge the stakeholder-facing strings into the it, nl, hr and lt catalogues",
    )
    if parser.parse_args().extract:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
        django.setup()
        return extract()
    return check()


if __name__ == "__main__":
    sys.exit(main())
