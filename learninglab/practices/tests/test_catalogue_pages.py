"""The public catalogue at /practices/ and the staff list at /practices/manage/."""

from __future__ import annotations

import re

import pytest
from django.urls import include, path, reverse

from learninglab.conftest import client_for
from learninglab.practices.models import PracticeStatus
from learninglab.practices.services.practice import PracticeData, practice_save
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.practices.tests.search_corpus import PUBLISHED, corpus_create

pytestmark = pytest.mark.django_db

CATALOGUE = "/practices/"
STAFF_LIST = "/practices/manage/"


@pytest.fixture
def corpus(project):
    return corpus_create(project)


def page_of(response) -> str:
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def result_links(html: str) -> list[str]:
    """Return the addresses the results link to, in order."""
    results = html.split('class="practice-results"', 1)
    if len(results) == 1:
        return []
    return re.findall(r'<h3><a href="([^"]+)"', results[1])


def test_urls():
    assert reverse("practices:catalogue") == CATALOGUE
    assert reverse("practices:staff_list") == STAFF_LIST


def test_catalogue_lists_published_practices_each_linking_to_its_page(client, corpus):
    html = page_of(client.get(CATALOGUE))

    assert "7 good practices" in html
    links = result_links(html)
    assert sorted(links) == sorted(f"/practices/{slug}/" for slug in PUBLISHED)
    assert "ideas-fair" not in html and "craft-knowledge-market" not in html
    assert "The urban crafts school in Fabric" in html
    assert "Timișoara, Romania" in html
    assert "Ongoing since 2019" in html
    assert "2016–2020" in html  # Matera's, completed
    assert "Validated by the programme's experts" in html
    for link in links[:2]:
        assert client.get(link).status_code == 200  # the practice's public page


def test_catalogue_searches_with_q(client, corpus):
    for words in ("građana", "GRADANA"):
        html = page_of(client.get(CATALOGUE, {"q": words}))
        assert "1 good practice<" in html
        assert result_links(html) == ["/practices/rinovatori/"]
    html = page_of(client.get(CATALOGUE, {"q": "zzzz"}))
    assert "0 good practices" in html
    assert "No good practice matches." in html


def test_catalogue_filters_sorts_and_keeps_the_form_filled(client, corpus):
    html = page_of(client.get(CATALOGUE, {"country": "NL", "sort": "title", "q": "ideeen"}))
    assert result_links(html) == ["/practices/blokhuispoort/", "/practices/launch-game/"]
    assert 'value="ideeen"' in html
    assert '<option value="NL" selected>Netherlands</option>' in html
    assert (
        '<details class="search-filters" open>' in html
    )  # a filter is chosen: the filters are shown

    html = page_of(client.get(CATALOGUE, {"q": "ideeen"}))
    assert '<details class="search-filters">' in html  # words alone: the filters stay folded


def test_a_wrong_filter_is_shown_and_the_others_still_apply(client, corpus):
    html = page_of(
        client.get(CATALOGUE, {"started_from": "2020", "started_until": "2018", "country": "RO"})
    )
    assert "Give a year no earlier than the first one." in html
    assert '<details class="search-filters" open>' in html
    # From 2020 applies (the "until" year is refused), and so does the country.
    assert result_links(html) == ["/practices/open-factory-days/"]
    html = page_of(
        client.get(CATALOGUE, {"active_in": "year two thousand", "topic": "environment"})
    )
    assert result_links(html) == ["/practices/blokhuispoort/"]


def test_catalogue_in_the_visitors_language_marks_fallbacks(client, corpus):
    html = page_of(client.get(CATALOGUE, {"lang": "ro", "sort": "title"}))
    assert '<html lang="ro"' in html
    assert ">Școala de meșteșuguri urbane din Fabric</a>" in html
    # Matera's title has no Romanian text: the English one (the programme's working
    # language, which every partner reads), marked as such; not the Italian one.
    assert '<a href="/practices/open-design-school/" lang="en">' in html
    assert "(Engleză)" in html
    assert "progettare insieme" not in html
    assert '<input type="hidden" name="lang" value="ro">' in html  # kept by a search

    html = page_of(client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="it"))
    assert '<html lang="it"' in html
    assert ">Open Design School: progettare insieme la città</a>" in html
    assert '<a href="/practices/urban-crafts-school/" lang="en">' in html
    assert '<input type="hidden" name="lang"' not in html  # the browser's, not chosen


def test_catalogue_pages(client, corpus, partner):
    for number in range(20):
        PracticeFactory(partner=partner, slug=f"more-{number:02}", status=PracticeStatus.PUBLISHED)

    first = page_of(client.get(CATALOGUE))
    assert "27 good practices" in first
    assert len(result_links(first)) == 20
    assert "Page 1 of 2" in first and 'rel="next"' in first

    second = page_of(client.get(CATALOGUE, {"page": 2}))
    assert len(result_links(second)) == 7
    assert '<ol class="practice-results" start="21">' in second
    assert set(result_links(first)).isdisjoint(result_links(second))


def test_catalogue_queries_do_not_grow_with_the_practices(
    client, corpus, partner, django_assert_num_queries
):
    # Partners and countries of the filters, the count, the page, its topics, and the
    # practices found drawn on the map.
    with django_assert_num_queries(6):
        page_of(client.get(CATALOGUE, {"q": "cultur", "sort": "title"}))
    for number in range(15):
        PracticeFactory(partner=partner, slug=f"more-{number}", status=PracticeStatus.PUBLISHED)
    with django_assert_num_queries(6):
        page_of(client.get(CATALOGUE, {"q": "cultur", "sort": "title"}))
    with django_assert_num_queries(6):
        page_of(client.get(CATALOGUE))


def test_staff_list_shows_every_status_of_ones_own_practices(corpus, staff):
    html = page_of(client_for(staff).get(STAFF_LIST))

    assert "3 practices" in html
    assert "Școala" not in html  # the staff page is in the staff member's language
    assert "The urban crafts school in Fabric" in html
    assert "The ideas fair for small firms" in html
    assert "Draft" in html and "Published" in html
    assert 'href="/practices/ideas-fair/manage/"' in html
    assert "Matera" not in html
    assert 'name="partner"' not in html  # one partner: nothing to choose


def test_staff_list_of_the_coordinator_holds_every_partner(corpus, coordinator):
    client = client_for(coordinator)
    html = page_of(client.get(STAFF_LIST))
    assert "9 practices" in html
    assert 'name="partner"' in html

    html = page_of(client.get(STAFF_LIST, {"status": "submitted"}))
    assert "1 practice<" in html
    assert 'href="/practices/craft-knowledge-market/manage/"' in html
    html = page_of(client.get(STAFF_LIST, {"q": "targul", "partner": "timisoara"}))
    assert 'href="/practices/ideas-fair/manage/"' in html
    assert "1 practice<" in html


def test_staff_list_queries_do_not_grow_with_the_practices(
    corpus, coordinator, partner, django_assert_num_queries
):
    client = client_for(coordinator)
    # Session, user; partners and countries of the filters; the count, the page, topics.
    with django_assert_num_queries(7):
        page_of(client.get(STAFF_LIST, {"q": "cultur"}))
    for number in range(15):
        PracticeFactory(partner=partner, slug=f"more-{number}")
    with django_assert_num_queries(7):
        page_of(client.get(STAFF_LIST, {"q": "cultur"}))
    with django_assert_num_queries(7):
        page_of(client.get(STAFF_LIST, {"sort": "title"}))


def test_staff_list_offers_a_new_practice_only_where_that_page_exists(staff, settings):
    settings.ROOT_URLCONF = "learninglab.practices.tests.test_catalogue_pages"
    html = page_of(client_for(staff).get(STAFF_LIST))
    assert '<a href="/practices/new/" role="button">New practice</a>' in html

    settings.ROOT_URLCONF = "learninglab.practices.tests.urls_without_create"
    assert "New practice" not in page_of(client_for(staff).get(STAFF_LIST))


def test_a_practice_never_takes_the_address_of_a_page(client, staff, partner):
    data = PracticeData(title={"en": "Manage"}, country="RO", city="Arad")
    practice = practice_save(actor=staff, partner=partner, data=data)

    assert practice.slug == "manage-2"
    assert reverse("practices:detail", args=[practice.slug]) == "/practices/manage-2/"


def test_staff_list_is_for_staff(client, facilitator):
    response = client.get(STAFF_LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(facilitator).get(STAFF_LIST).status_code == 403


# A URL conf with the page that creates a practice (a stand-in, whether or not the
# library has it): the staff list links to it when it exists.


def _new_practice(request):  # pragma: no cover - only its address is used
    raise NotImplementedError


def _urlpatterns():
    from config.urls import urlpatterns as site
    from learninglab.practices import urls as practices

    ours = [pattern for pattern in practices.urlpatterns if pattern.name != "create"]
    with_create = [path("practices/new/", _new_practice, name="create"), *ours]
    others = [pattern for pattern in site if getattr(pattern, "namespace", "") != "practices"]
    return [path("", include((with_create, "practices"))), *others]


urlpatterns = _urlpatterns()


def test_the_catalogue_draws_the_practices_found_on_its_map(client, corpus):
    html = page_of(client.get(CATALOGUE, {"q": "cultur"}))

    # Each result is linked from the results, and again from the map's list of places
    # (the map's text equivalent, which names every practice it holds).
    found = result_links(html)
    assert found
    assert all(html.count(f'href="{link}"') >= 2 for link in found)
    assert "The same practices by country and city" in html


def test_changing_the_language_keeps_the_search(client, corpus):
    html = page_of(client.get(CATALOGUE, {"q": "design", "country": "IT", "lang": "ro"}))

    switch = html.split('class="inline language"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="q" value="design">' in switch
    assert '<input type="hidden" name="country" value="IT">' in switch
    assert 'type="hidden" name="lang"' not in switch  # the one chosen in the list instead
