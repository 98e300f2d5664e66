"""Every page is sent with the site's Content-Security-Policy; a page that needs more for
itself adds only that, and a view with a stricter policy of its own keeps it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from learninglab.core.csp import policy_allowing
from learninglab.labs.links import rsvp_url
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory

pytestmark = pytest.mark.django_db

SITE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def test_pages_of_every_audience_carry_the_site_policy(staff_client, partner):
    invitation = InvitationFactory(lab__partner=partner, language="en")
    LabContactFactory(lab=invitation.lab)
    responses = [
        staff_client.get(reverse("core:home")),
        Client().get(reverse("accounts:login")),
        Client().get(rsvp_url(invitation)),
        Client().get("/no-such-page/"),
        Client().get(reverse("cocreation:join")),
    ]

    for response in responses:
        assert response["Content-Security-Policy"] == SITE_POLICY, response.request["PATH_INFO"]


def test_the_policy_allows_no_inline_script_and_no_eval():
    policy = directives(SITE_POLICY)

    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_check_in_page_adds_only_webassembly_for_its_code_reader(staff_client, partner):
    lab = LabFactory(partner=partner)

    response = staff_client.get(reverse("labs:checkin", args=[lab.slug]))

    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert {name: values for name, values in policy.items() if name != "script-src"} == {
        name: values for name, values in directives(SITE_POLICY).items() if name != "script-src"
    }


def test_a_directive_the_site_policy_lacks_starts_from_its_default():
    policy = directives(policy_allowing(connect_src="https://tiles.example.org"))

    assert policy["connect-src"] == ["'self'", "https://tiles.example.org"]


def test_an_empty_setting_sends_no_policy(client, settings):
    settings.CONTENT_SECURITY_POLICY = ""

    assert "Content-Security-Policy" not in client.get(reverse("accounts:login"))
