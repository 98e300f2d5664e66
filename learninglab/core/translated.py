"""Content written in several languages, kept as ``{"ro": "...", "en": "..."}``."""

from __future__ import annotations

from collections.abc import Mapping

FALLBACK_LANGUAGE = "en"


def pick(texts: Mapping[str, str] | None, language: str, *fallbacks: str) -> str:
    """Return the text in ``language``, else in the first fallback that has one, else any.

    ``pick({"ro": "Atelier", "en": "Lab"}, "it") == "Lab"`` (English is the last resort
    before any other language that has a text).
    """
    texts = texts or {}
    for code in (language, *fallbacks, FALLBACK_LANGUAGE):
        value = (texts.get(code) or "").strip()
        if value:
            return value
    return next((v for v in texts.values() if v and v.strip()), "")
