"""A wrong address gets a page that says so, in the visitor's language."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_wrong_address_says_the_page_was_not_found(client):
    response = client.get("/events/no-such-lab/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert "some e-mail programs cut long links" in page
    assert "No such lab." not in page  # what the code raised stays out of the page


@pytest.mark.parametrize(
    ("accept", "heading"),
    [
        ("it-IT,it;q=0.9", "Pagina non trovata"),
        ("ro", "Pagina nu a fost găsită"),
        ("lt", "Puslapis nerastas"),
        ("fi", "Page not found"),
    ],
)
def test_the_page_speaks_the_browser_s_language(client, accept, heading):
    response = client.get("/join/NOCODE/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in response.content.decode()
