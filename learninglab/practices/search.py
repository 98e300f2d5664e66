"""Find good practices: the catalogue's and the staff list's one selector.

``practices_search(filters)`` returns the published practices that match (the public
catalogue), or with ``managed_by`` the practices that user may manage, in every review
status (the staff list). The words searched for are looked up in the full-text index of
``practices.search_index`` (SQLite's FTS5 or PostgreSQL's full-text search), which holds
every language of a practice without diacritics or case: ``Timisoara`` and
``TIMIȘOARA`` find the same practices, and so do ``gradana`` and ``građana``. Each word
is matched as the beginning of a word of the practice (``cultur`` finds *culturală*,
*culturale* and *cultural*), every word has to be found, and the order of the words does
not matter. Both databases give the same practices for the same search; only the
relevance scores they sort by are computed differently (bm25 on SQLite, ts_rank on
PostgreSQL).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, NullIf

from learninglab.core.permissions import scope
from learninglab.core.text import fold
from learninglab.practices import search_index
from learninglab.practices.models import GoodPractice, PracticeStatus, PracticeTopic
from learninglab.projects.models import Partner

# At most this many words of a search are used; longer words are cut.
MAX_WORDS = 12
MAX_WORD_LENGTH = 60


class Sort:
    """The orders a list of practices can be shown in."""

    RELEVANCE = "relevance"  # best match first; only when searching for words
    NEWEST = "newest"  # newest published first (then newest written)
    CHANGED = "changed"  # last changed first (the staff list's default)
    TITLE = "title"  # by title in the reader's language, ignoring case and diacritics
    STARTED = "started"  # the practices that started last first

    ALL = (RELEVANCE, NEWEST, CHANGED, TITLE, STARTED)


@dataclasses.dataclass(frozen=True)
class PracticeFilters:
    """What a visitor searches for and narrows the list by; empty means "any"."""

    query: str = ""
    partner: str = ""  # the partner's slug
    country: str = ""  # ISO code
    topic: str = ""  # a ``Topic``
    progress: str = ""  # a ``Progress``: ongoing or completed
    status: str = ""  # a ``PracticeStatus``; only for the practices one manages
    validated: bool = False  # only those validated by the programme's experts
    active_in: int | None = None  # a year the practice ran in
    started_from: int | None = None  # the first year it may have started in
    started_until: int | None = None  # the last year it may have started in
    sort: str = ""  # a ``Sort``; by default relevance when searching, else newest/changed


def search_words(query: str) -> list[str]:
    """Return the words of ``query`` as the index holds them: without diacritics, in
    lower case, cut at every character that is not a letter or a digit."""
    words = re.findall(r"[^\W_]+", fold(query))
    return [word[:MAX_WORD_LENGTH] for word in words[:MAX_WORDS]]


class _AroundAlias(Expression):
    """SQL written around the alias of the table of ``source`` (an ``F``), so that it
    stays right however the query names its tables (``U0`` in a subquery, ``T3`` for a
    second join)."""

    def __init__(self, source: F, sql: str, params: list[Any], output_field: Any) -> None:
        super().__init__(output_field=output_field)
        # An F until the query resolves it, then the column (``Col``) with its alias.
        self.source: Any = source
        self.sql, self.params = sql, params

    def get_source_expressions(self) -> list[Any]:
        return [self.source]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.source,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        alias = compiler.quote_name_unless_alias(self.source.alias)
        return self.sql.format(alias=alias), tuple(self.params)


def _matching(practices: QuerySet[GoodPractice], words: list[str]) -> QuerySet[GoodPractice]:
    """Keep the practices that hold every word (as the beginning of one of theirs), with
    their relevance as ``search_rank`` (higher is better)."""
    vendor = connections[practices.db].vendor
    if vendor == "sqlite":
        # The FTS5 table joined on the practice's id: one pass over the index, and bm25()
        # computed once per query rather than once per practice.
        entry = F("search_index__title")
        table = f"{{alias}}.{search_index.SQLITE_TABLE}"
        match = " ".join(f'"{word}"*' for word in words)
        weights = ", ".join(str(search_index.SQLITE_WEIGHTS[g]) for g in search_index.GROUPS)
        return (
            practices.filter(search_index__isnull=False)
            .filter(_AroundAlias(entry, f"{table} MATCH %s", [match], BooleanField()))
            .annotate(
                search_rank=_AroundAlias(entry, f"-bm25({table}, {weights})", [], FloatField())
            )
        )
    if vendor == "postgresql":
        row = F("pk")
        column = f"{{alias}}.{search_index.POSTGRESQL_COLUMN}"
        tsquery = " & ".join(f"{word}:*" for word in words)
        query_sql = "to_tsquery('simple'::regconfig, %s)"
        # The ids come from the GIN index (``practices_matching``, see search_index).
        matching = f"{{alias}}.id IN (SELECT practices_matching({query_sql}))"
        return practices.filter(_AroundAlias(row, matching, [tsquery], BooleanField())).annotate(
            search_rank=_AroundAlias(
                row, f"ts_rank({column}, {query_sql})", [tsquery], FloatField()
            )
        )
    raise NotImplementedError(f"No full-text search of practices on {vendor}.")


def _title_key(language: str) -> Func:
    """Return the title as a reader of ``language`` sees it (else in the partner's
    language, else in English: ``Multilingual.in_``), folded like a search."""
    codes = [code for code, _name in settings.STAKEHOLDER_LANGUAGES]
    in_partner_language = Case(
        *[When(partner__languages__0=code, then=KT(f"title__{code}")) for code in codes],
        default=Value(""),
        output_field=TextField(),
    )
    texts = [KT(f"title__{language}"), in_partner_language, KT("title__en")]
    title = Coalesce(*[NullIf(text, Value("")) for text in texts], Value(""))
    return Func(title, function="practices_fold", output_field=TextField())


def _ordered(
    practices: QuerySet[GoodPractice], sort: str, *, language: str
) -> QuerySet[GoodPractice]:
    newest: list[Any] = [F("published_at").desc(nulls_last=True), "-created_at", "-pk"]
    if sort == Sort.RELEVANCE:
        return practices.order_by(F("search_rank").desc(), *newest)
    if sort == Sort.CHANGED:
        return practices.order_by("-updated_at", "-pk")
    if sort == Sort.TITLE:
        return practices.alias(title_key=_title_key(language)).order_by("title_key", "pk")
    if sort == Sort.STARTED:
        return practices.order_by(F("started_on").desc(nulls_last=True), *newest)
    return practices.order_by(*newest)


def _base(managed_by: Any) -> QuerySet[GoodPractice]:
    if managed_by is None:
        return GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)
    return scope(managed_by, "practices.view", GoodPractice.objects.all())


def _narrowed(
    practices: QuerySet[GoodPractice], filters: PracticeFilters, *, managed: bool
) -> QuerySet[GoodPractice]:
    if filters.partner:
        practices = practices.filter(partner__slug=filters.partner)
    if filters.country:
        practices = practices.filter(country=filters.country.upper())
    if filters.topic:
        filed = PracticeTopic.objects.filter(practice=OuterRef("pk"), topic=filters.topic)
        practices = practices.filter(Exists(filed))
    if filters.progress:
        practices = practices.filter(progress=filters.progress)
    if filters.status and managed:
        practices = practices.filter(status=filters.status)
    if filters.validated:
        practices = practices.filter(expert_validated_at__isnull=False)
    if filters.active_in is not None:
        year = filters.active_in
        practices = practices.filter(started_on__lte=datetime.date(year, 12, 31)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 1, 1))
        )
    if filters.started_from is not None:
        practices = practices.filter(started_on__gte=datetime.date(filters.started_from, 1, 1))
    if filters.started_until is not None:
        practices = practices.filter(started_on__lte=datetime.date(filters.started_until, 12, 31))
    return practices


def practices_search(
    filters: PracticeFilters, *, managed_by: Any = None, language: str = "en"
) -> QuerySet[GoodPractice]:
    """Return the practices that match ``filters``, sorted, ready for a list page.

    Without ``managed_by``: the published practices (the public catalogue; a review
    ``status`` filter is ignored). With a user: the practices that user may manage
    (``practices.view``: their partner's, every one for the coordinator), in every
    review status. ``language`` is the reader's, for sorting by title. The partner (and
    its project) and the topics come with each practice.
    """
    practices = _base(managed_by)
    words = search_words(filters.query)
    if words:
        practices = _matching(practices, words)
    practices = _narrowed(practices, filters, managed=managed_by is not None)
    sort = filters.sort if filters.sort in Sort.ALL else ""
    if sort == Sort.RELEVANCE and not words:
        sort = ""
    if not sort:
        sort = Sort.RELEVANCE if words else Sort.CHANGED if managed_by is not None else Sort.NEWEST
    practices = _ordered(practices, sort, language=language)
    return practices.select_related("partner__project").prefetch_related("topics")


def search_partners(*, managed_by: Any = None) -> QuerySet[Partner]:
    """Return the partners that have practices in the catalogue (or among those
    ``managed_by`` may manage), by city: the choices of the partner filter."""
    practices = _base(managed_by).order_by().values("partner_id")
    return Partner.objects.filter(pk__in=practices).order_by("city", "pk")


def search_countries(*, managed_by: Any = None) -> list[str]:
    """Return the ISO codes of the countries of the practices in the catalogue (or among
    those ``managed_by`` may manage), sorted: the choices of the country filter."""
    practices = _base(managed_by).order_by().values_list("country", flat=True).distinct()
    return sorted(practices)
