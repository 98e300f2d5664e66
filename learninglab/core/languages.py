"""The languages Learning Lab writes to stakeholders in, and which one a visitor gets.

A person may prefer any language of ``settings.STAKEHOLDER_LANGUAGES``, but we write in
one only when the project has a catalogue for it (English needs none). Otherwise they
get the language of the partner whose group they are in, which people of its region read
(a Hungarian speaker of Timișoara reads Romanian), else English; never a mix: Django's
own messages, month names and number formats should not switch language in the middle of
a page.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header

FALLBACK_LANGUAGE = "en"


@functools.cache
def _catalogued() -> frozenset[str]:
    return frozenset(
        po.parent.parent.name
        for folder in map(Path, settings.LOCALE_PATHS)
        for po in folder.glob("*/LC_MESSAGES/django.po")
    )


def written() -> dict[str, str]:
    """Return code → name of each language we write to stakeholders in, in settings order."""
    catalogued = _catalogued() | {FALLBACK_LANGUAGE}
    return {code: str(name) for code, name in settings.STAKEHOLDER_LANGUAGES if code in catalogued}


def for_person(code: str | None, *, partner_language: str | None = None) -> str:
    """Return ``code`` if we write in it, else ``partner_language`` if we write in that (the
    main language of the partner whose group the person is in), else English."""
    offered = written()
    for candidate in (code, partner_language):
        if candidate and candidate in offered:
            return candidate
    return FALLBACK_LANGUAGE


def chosen_language(request: HttpRequest, default: str) -> str:
    """Return ``?lang=`` when we write in it, else ``default`` (a person's own language)."""
    chosen = request.GET.get("lang", "")
    return chosen if chosen in written() else for_person(default)


def visitor_language(request: HttpRequest, default: str) -> str:
    """Return ``?lang=``, else the browser's first language we write in, else ``default``.

    For pages where we do not know who is reading (a lab's public page, the live wall's
    join page); a page for a known person uses ``chosen_language`` with theirs.
    """
    offered = written()
    chosen = request.GET.get("lang", "")
    if chosen in offered:
        return chosen
    for code, quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if quality == 0:  # "not this language"
            continue
        for candidate in (code, code.split("-")[0]):
            if candidate in offered:
                return candidate
    return for_person(default)
