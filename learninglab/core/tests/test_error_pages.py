"""A refused or wrong address gets the site's own page, in the visitor's language, with a
way back; an expected refusal leaves one line in the log, not a traceback."""

import logging

import pytest
from django.urls import reverse

from learninglab.conftest import client_for

pytestmark = pytest.mark.django_db

STYLESHEET = "core/learninglab.css"


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        pytest.param({"lang": "ro"}, {}, id="lang"),
        pytest.param({}, {"HTTP_ACCEPT_LANGUAGE": "ro-RO,ro;q=0.9"}, id="accept-language"),
    ],
)
def test_a_wrong_address_gets_the_sites_page_in_romanian_with_a_way_home(client, query, headers):
    response = client.get("/no-such-page/", query, **headers)

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="ro"' in page
    assert "<h1>Pagina nu a fost găsită</h1>" in page
    assert STYLESHEET in page
    assert f'href="{reverse("core:home")}"' in page


@pytest.mark.parametrize(
    ("own_language", "query"),
    [
        pytest.param("en", {"lang": "ro"}, id="lang"),
        pytest.param("ro", {}, id="own-language"),
    ],
)
def test_a_refused_page_is_the_sites_own_in_romanian_with_the_dashboard(
    facilitator, own_language, query
):
    facilitator.language = own_language
    facilitator.save(update_fields=["language"])

    response = client_for(facilitator).get(
        reverse("stakeholders:list"), query, HTTP_ACCEPT_LANGUAGE="it"
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="ro"' in page
    assert STYLESHEET in page
    assert "403 Forbidden" not in page
    assert f'href="{reverse("core:home")}"' in page


def test_a_refused_page_in_english_names_the_refusal(facilitator):
    response = client_for(facilitator).get(reverse("stakeholders:list"), {"lang": "en"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>You may not open this page</h1>" in page
    assert "Back to your dashboard" in page


def test_an_expected_refusal_logs_one_line_without_a_traceback(facilitator, caplog):
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client_for(facilitator).get(reverse("stakeholders:list"))

    assert response.status_code == 403
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert refusals, "the refusal is not logged at all"
    for record in refusals:
        assert record.levelno <= logging.WARNING
        assert record.exc_info is None, "a traceback is logged for an expected refusal"
        assert "Traceback" not in caplog.text


def test_a_wrong_address_offers_a_way_back(client, facilitator):
    anonymous = client.get("/no-such-page/").content.decode()
    staff = client_for(facilitator).get("/no-such-page/", {"lang": "en"}).content.decode()

    assert "Go to the start page" in anonymous
    assert "Back to your dashboard" in staff
