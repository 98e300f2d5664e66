"""Searching the good practices: the same answers on SQLite and on PostgreSQL.

The corpus (``search_corpus``) holds practices in Romanian, Italian, Croatian,
Lithuanian and Dutch, each also in English. Every search is made with the diacritics a
native writer types and without them, in upper and lower case; the suite runs on SQLite,
and on PostgreSQL with ``DATABASE_URL``, with the same expectations.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection

from learninglab.practices.models import GoodPractice, PracticeStatus
from learninglab.practices.search import (
    PracticeFilters,
    Sort,
    practices_search,
    search_countries,
    search_partners,
    search_words,
)
from learninglab.practices.services.practice import PracticeData, practice_save
from learninglab.practices.tests.search_corpus import PUBLISHED, corpus_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(project) -> dict[str, GoodPractice]:
    return corpus_create(project)


def found(query: str = "", **filters) -> set[str]:
    """Return the slugs of the published practices found."""
    return {p.slug for p in practices_search(PracticeFilters(query=query, **filters))}


def in_order(query: str = "", *, language: str = "en", user=None, **filters) -> list[str]:
    filters = PracticeFilters(query=query, **filters)
    return [p.slug for p in practices_search(filters, managed_by=user, language=language)]


CRAFTS, FACTORY_DAYS = "urban-crafts-school", "open-factory-days"
MATERA, RIJEKA, KAUNAS = "open-design-school", "rinovatori", "kaunas-creative-incubator"
BLOKHUISPOORT, LAUNCH_GAME = "blokhuispoort", "launch-game"


@pytest.mark.parametrize(
    ("spellings", "expected"),
    [
        # Romanian: comma-below ș ț, the old cedilla ş ţ, ă â î, and none of them.
        (["școala", "scoala", "ȘCOALA", "Şcoala"], {CRAFTS}),
        (["meșteșugari", "mestesugari", "meşteşugari", "MEȘTEȘUGARI"], {CRAFTS}),
        (["țesutul", "tesutul", "ţesutul"], {CRAFTS}),
        (["tâmplăria", "tamplaria"], {CRAFTS}),
        (["porților", "portilor", "porţilor"], {FACTORY_DAYS}),
        # Italian: accented final vowels.
        (["città", "citta", "CITTÀ"], {MATERA}),
        (["comunità", "comunita"], {MATERA}),
        (["l'università", "universita", "l universita"], {MATERA}),
        (["Più", "piu"], {MATERA}),
        # Croatian: č ć š ž, and đ, which Unicode does not decompose.
        (["građane", "gradane", "GRAĐANE"], {RIJEKA}),
        (["gradjane"], set()),  # "dj" is another spelling, not a diacritic
        (["građana", "gradana", "GRAĐANA"], {RIJEKA}),
        (["poduzetništvo", "poduzetnistvo"], {RIJEKA}),
        (["Sveučilištem", "sveucilistem"], {RIJEKA}),
        (["Riječkom", "rijeckom"], {RIJEKA}),
        (["županija", "zupanija"], {RIJEKA}),
        # Lithuanian: ą č ę ė į š ų ū ž.
        (["kūrybinių", "kurybiniu", "KŪRYBINIŲ"], {KAUNAS}),
        (["įmonės", "imones"], {KAUNAS}),
        (["savivaldybė", "savivaldybe"], {KAUNAS}),
        (["žinių", "ziniu"], {KAUNAS}),
        # Dutch: diaereses and acute accents.
        (["ideeën", "ideeen", "IDEEËN"], {BLOKHUISPOORT, LAUNCH_GAME}),
        (["coöperatie", "cooperatie"], {BLOKHUISPOORT}),
        (["café", "cafe"], {BLOKHUISPOORT}),
        (["Fryslân", "fryslan"], {BLOKHUISPOORT, LAUNCH_GAME}),
    ],
)
def test_search_ignores_diacritics_and_case(corpus, spellings, expected):
    for spelling in spellings:
        assert found(spelling) == expected, spelling


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Every field searched: title, summary, description, evidence, keywords,
        # institution, city and region, in every language of the practice.
        ("broedplaats", {BLOKHUISPOORT}),  # title and keywords (nl)
        ("prison", {BLOKHUISPOORT}),  # title (en)
        ("pottery", {CRAFTS}),  # summary (en)
        ("falegnameria", {MATERA}),  # what was done (it)
        ("monumentale", {BLOKHUISPOORT}),  # the problem (nl)
        ("scholieren", {LAUNCH_GAME}),  # summary and evidence (nl)
        ("ucenicie", {CRAFTS}),  # keywords (ro)
        ("Fondazione", {MATERA}),  # institution (it)
        ("Municipality", {CRAFTS, KAUNAS}),  # institution (en)
        ("Kaunas", {KAUNAS}),  # city, and the English texts
        ("Basilicata", {MATERA}),  # region and institution
        ("Banat", {FACTORY_DAYS}),
        # Several words: each must be found, in any order and any field.
        ("capital of culture", {CRAFTS, MATERA, KAUNAS}),
        ("culture capital", {CRAFTS, MATERA, KAUNAS}),
        ("capitala culturii", {CRAFTS}),
        ("design crafts", {MATERA, BLOKHUISPOORT}),  # "craftspeople" in Matera's
        # The beginning of a word: an inflected word is found from its stem.
        ("cultur", {CRAFTS, MATERA, RIJEKA, KAUNAS}),
        ("inkubator", {KAUNAS}),
        ("meșteșug", {CRAFTS}),
        ("design", {MATERA, BLOKHUISPOORT}),
        # Numbers and words cut at punctuation, as typed.
        ("2019", {MATERA}),
        ("Matera-Basilicata", {MATERA}),
        ("250.000", {BLOKHUISPOORT}),
        # Nothing.
        ("zzzz", set()),
        ("broedplaats zzzz", set()),
    ],
)
def test_search_covers_every_text_in_every_language(corpus, query, expected):
    assert found(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"design',
        "design*",
        "design AND",
        "NEAR(design crafts)",
        "design OR",
        "-design",
        "title:design",
        "design & !crafts",
        "design | crafts",
        "d'esign",
        "()",
        "*",
        "'; DROP TABLE practices_goodpractice; --",
        "\\",
        "ș" * 500,
    ],
)
def test_search_syntax_of_the_databases_is_plain_text(corpus, query):
    """Quotes, stars and operators are read as what they are: punctuation or words."""
    words = search_words(query)
    expected = found(" ".join(words)) if words else PUBLISHED

    assert found(query) == expected
    assert GoodPractice.objects.count() == len(corpus)


def test_search_words_are_folded_and_limited():
    assert search_words("  Școala  de MEȘTEȘUGURI, l'università; građana ") == [
        "scoala",
        "de",
        "mestesuguri",
        "l",
        "universita",
        "gradana",
    ]
    assert len(search_words("a " * 100)) == 12
    assert search_words("x" * 500) == ["x" * 60]
    assert search_words(" ,.;-'\" ") == []


def test_without_words_every_published_practice_newest_first(corpus):
    assert in_order() == [
        KAUNAS,
        FACTORY_DAYS,
        CRAFTS,
        RIJEKA,
        MATERA,
        BLOKHUISPOORT,
        LAUNCH_GAME,
    ]


def test_public_sees_only_published_practices(corpus):
    assert found() == PUBLISHED
    assert found("Târgul") == set()  # Timișoara's draft
    assert found("artigiani") == {MATERA}  # not Matera's submitted practice
    assert found(status=PracticeStatus.DRAFT) == PUBLISHED  # not a public filter


def test_index_follows_every_change(corpus, staff):
    crafts = corpus[CRAFTS]
    data = PracticeData(
        title={"ro": "Școala de olărit", "en": "The pottery school"},
        country="RO",
        city="Lugoj",
    )
    practice_save(actor=staff, partner=crafts.partner, practice=crafts, data=data)
    assert found("olarit") == {CRAFTS}
    assert found("Lugoj") == {CRAFTS}
    assert found("meșteșugari") == set()  # the summary is gone too

    GoodPractice.objects.filter(pk=corpus[RIJEKA].pk).update(keywords="brodogradnja")
    assert found("brodogradnja") == {RIJEKA}
    assert found("poduzetnistvo") == {RIJEKA}  # still in its texts

    corpus[KAUNAS].delete()
    assert found("kurybiniu") == set()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM practices_search_index")
            assert cursor.fetchone()[0] == len(corpus) - 1


def test_relevance_puts_a_title_before_a_word_in_the_description(corpus):
    # "design" is in the Open Design School's title, in Blokhuispoort's description.
    assert in_order("design") == [MATERA, BLOKHUISPOORT]
    # Chosen otherwise, the order is kept even when searching.
    assert in_order("design", sort=Sort.NEWEST) == [MATERA, BLOKHUISPOORT]
    assert in_order("design", sort=Sort.TITLE) == [BLOKHUISPOORT, MATERA]


def test_sorting_by_title_in_the_readers_language_ignores_diacritics(corpus):
    # A Romanian reader sees Timișoara's titles in Romanian, the others in their
    # partner's language: "Școala" comes between "RInovatoRI" and "Zilele".
    assert in_order(sort=Sort.TITLE, language="ro") == [
        BLOKHUISPOORT,  # Blokhuispoort: van gevangenis tot broedplaats
        KAUNAS,  # Kūrybinių industrijų inkubatorius
        LAUNCH_GAME,  # Launch Game: ondernemen als spel
        MATERA,  # Open Design School: progettare insieme
        RIJEKA,  # RInovatoRI – inovacijski programi
        CRAFTS,  # Școala de meșteșuguri urbane
        FACTORY_DAYS,  # Zilele porților deschise
    ]
    assert in_order(sort=Sort.TITLE, language="en") == [
        BLOKHUISPOORT,
        LAUNCH_GAME,
        MATERA,  # Open Design School
        FACTORY_DAYS,  # Open factory days
        RIJEKA,
        KAUNAS,  # The creative industries ...
        CRAFTS,  # The urban crafts school
    ]


def test_sorting_by_start_and_by_change(corpus, coordinator):
    assert in_order(sort=Sort.STARTED) == [
        FACTORY_DAYS,  # 2021
        KAUNAS,  # 2020
        CRAFTS,  # 2019
        RIJEKA,  # 2018
        LAUNCH_GAME,  # 2017
        MATERA,  # 2016
        BLOKHUISPOORT,  # 2015
    ]
    GoodPractice.objects.filter(slug=RIJEKA).update(
        updated_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    assert in_order(user=coordinator)[0] == RIJEKA  # the staff list: last changed first
    assert in_order(sort=Sort.CHANGED)[0] == RIJEKA
    assert in_order(sort="nonsense") == in_order()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"partner": "rijeka"}, {RIJEKA}),
        ({"partner": "leeuwarden"}, {BLOKHUISPOORT, LAUNCH_GAME}),
        ({"partner": "nowhere"}, set()),
        ({"country": "NL"}, {BLOKHUISPOORT, LAUNCH_GAME}),
        ({"country": "it"}, {MATERA}),
        ({"topic": "environment"}, {BLOKHUISPOORT}),
        ({"topic": "research_innovation"}, {MATERA, RIJEKA}),
        ({"progress": "completed"}, {MATERA, LAUNCH_GAME}),
        ({"progress": "ongoing"}, {CRAFTS, FACTORY_DAYS, RIJEKA, KAUNAS, BLOKHUISPOORT}),
        ({"validated": True}, {CRAFTS}),
        # Running in a year: started by its end, not ended before it began.
        ({"active_in": 2016}, {MATERA, BLOKHUISPOORT}),
        ({"active_in": 2019}, {CRAFTS, MATERA, RIJEKA, BLOKHUISPOORT, LAUNCH_GAME}),
        ({"active_in": 2014}, set()),
        ({"started_from": 2018, "started_until": 2019}, {CRAFTS, RIJEKA}),
        ({"started_from": 2020}, {FACTORY_DAYS, KAUNAS}),
        ({"started_until": 2015}, {BLOKHUISPOORT}),
        # With words.
        ({"query": "ideeën", "progress": "completed"}, {LAUNCH_GAME}),
        ({"query": "cultur", "country": "RO"}, {CRAFTS}),
        ({"query": "cultur", "topic": "research_innovation", "active_in": 2020}, {MATERA, RIJEKA}),
    ],
)
def test_filters(corpus, filters, expected):
    assert found(**filters) == expected


def test_staff_list_holds_every_status_of_the_practices_one_manages(
    corpus, staff, other_staff, coordinator
):
    assert set(in_order(user=staff)) == {CRAFTS, FACTORY_DAYS, "ideas-fair"}
    assert set(in_order("targul", user=staff)) == {"ideas-fair"}
    assert set(in_order("saperi", user=staff)) == set()  # Matera's
    assert set(in_order("saperi", user=other_staff)) == {"craft-knowledge-market"}
    assert set(in_order(user=coordinator)) == set(corpus)
    submitted = in_order(user=coordinator, status=PracticeStatus.SUBMITTED)
    assert submitted == ["craft-knowledge-market"]
    assert in_order(user=staff, status=PracticeStatus.DRAFT) == ["ideas-fair"]


def test_staff_list_sorts_titles_with_diacritics_in_place(corpus, staff):
    assert in_order(user=staff, sort=Sort.TITLE, language="ro") == [
        CRAFTS,  # Școala
        "ideas-fair",  # Târgul
        FACTORY_DAYS,  # Zilele
    ]


def test_choices_of_the_filters(corpus, staff, coordinator):
    assert [p.slug for p in search_partners()] == [
        "kaunas",
        "leeuwarden",
        "matera",
        "rijeka",
        "timisoara",
    ]
    assert search_countries() == ["HR", "IT", "LT", "NL", "RO"]
    assert [p.slug for p in search_partners(managed_by=staff)] == ["timisoara"]
    assert search_countries(managed_by=staff) == ["RO"]
    assert len(search_partners(managed_by=coordinator)) == 5


def test_pages_and_count(corpus, project):
    practices = practices_search(PracticeFilters(sort=Sort.TITLE))
    pages = Paginator(practices, 3)

    assert pages.count == 7
    assert pages.num_pages == 3
    seen = [p.slug for number in pages.page_range for p in pages.page(number)]
    assert seen == in_order(sort=Sort.TITLE)
    assert Paginator(practices_search(PracticeFilters(query="ideeen")), 3).count == 2


def test_search_result_can_be_used_as_a_subquery(corpus):
    """The SQL around the index names tables by their aliases, so this nests."""
    found = practices_search(PracticeFilters(query="cultur"))
    inside = GoodPractice.objects.filter(pk__in=found.values("pk")).exclude(slug=CRAFTS)

    assert {p.slug for p in inside} == {MATERA, RIJEKA, KAUNAS}
