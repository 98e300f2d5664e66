"""Text helpers for names written in many European alphabets, and for the sentences
they are written into."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.utils.text import slugify
from django.utils.translation import pgettext

# Romanian was long typed with cedilla letters (ş ţ) for lack of fonts; the correct
# letters have a comma below (ș ț).
# Two full stops, not three (an ellipsis stays as written).
_DOUBLE_FULL_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")

_CEDILLA_TO_COMMA = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})

# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "ß": "ss",
    }
)


def fix_romanian_diacritics(value: str) -> str:
    """Return ``value`` with cedilla ş ţ Ş Ţ replaced by comma-below ș ț Ș Ț."""
    return value.translate(_CEDILLA_TO_COMMA)


def one_full_stop(sentence: str) -> str:
    """Return ``sentence`` with a double full stop made single.

    A value that ends in a full stop (a Croatian or Lithuanian date, "30. rujna 2026.";
    a name with an initial, "Ioana Î."; "Acme S.A.") may end a sentence whose translation
    adds its own: one full stop serves both, as every language here writes it.
    """
    return _DOUBLE_FULL_STOP.sub(".", sentence)


def fold(value: str) -> str:
    """Return ``value`` without diacritics, in lower case, with single spaces.

    ``fold("Ștefan  Țepeș") == fold("stefan tepes") == "stefan tepes"``: the form used to
    search names whatever the keyboard of the person searching.
    """
    decomposed = unicodedata.normalize("NFKD", value.translate(_UNDECOMPOSED))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def clean_spaces(value: str) -> str:
    """Return ``value`` with runs of white space (including non-breaking) made single."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def unique_slug(
    base: str, taken: Iterable[str], *, max_length: int = 70, default: str = "item"
) -> str:
    """Return a slug of ``base`` not in ``taken``: ``base``, else ``base-2``, ``base-3``...

    The slug keeps to ``max_length`` characters, numbers included; an empty base gives
    ``default``.
    """
    stem = slugify(base)[: max_length - 4].strip("-") or default
    taken = set(taken)
    slug, number = stem, 2
    while slug in taken:
        slug, number = f"{stem}-{number}", number + 1
    return slug


def quoted(text: str) -> str:
    """Return ``text`` between the quotation marks of the active language („…” in
    Romanian, “…” in English)."""
    return pgettext("quotation marks around a text", "“%(text)s”") % {"text": text}


def redact_words(value: Any, words: Iterable[str], replacement: str) -> Any:
    """Return ``value`` with every one of ``words`` (any case) replaced by ``replacement``.

    ``value`` is text or JSON-like data (lists, dicts): every string in it is redacted,
    the keys and other values stay. The longest words are replaced first, so that a full
    name goes before a part of it.
    """
    ordered = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not ordered:
        return value
    pattern = re.compile("|".join(re.escape(w) for w in ordered), re.IGNORECASE)

    def redact(item: Any) -> Any:
        if isinstance(item, str):
            return pattern.sub(replacement, item)
        if isinstance(item, list):
            return [redact(v) for v in item]
        if isinstance(item, dict):
            return {k: redact(v) for k, v in item.items()}
        return item

    return redact(value)
