"""The OpenAPI document is valid, names every endpoint, and its reader is our own."""

import json
import re

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

from learninglab.core.tests.test_permission_matrix import url_patterns

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_valid_and_names_every_endpoint():
    response = Client().get(reverse("api:schema"))

    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    validate(document)
    assert document["openapi"].startswith("3.")
    routes = {
        "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.removeprefix("api/"))
        for name, route, _pattern in url_patterns()
        if name.startswith("api:") and name not in ("api:schema", "api:docs", "api:not_found")
    }
    assert routes == set(document["paths"])
    assert document["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"


def test_the_document_is_also_json():
    response = Client().get(reverse("api:schema"), {"format": "json"})

    validate(json.loads(response.content))


def test_the_docs_page_loads_nothing_from_another_host_and_keeps_the_sites_policy():
    page = Client().get(reverse("api:docs"))
    script = Client().get(reverse("api:docs"), {"script": ""})

    html = page.content.decode()
    assert page.status_code == 200
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert addresses
    assert all(address.startswith("/") for address in addresses), addresses
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()


def test_the_static_files_of_the_docs_are_served():
    html = Client().get(reverse("api:docs")).content.decode()

    for address in re.findall(r'(?:src|href)="(/static/[^"?]+)', html):
        response = Client().get(address)
        assert response.status_code == 200, address
