"""Where webhooks may go: HTTPS on the internet in production; this machine in tests."""

from __future__ import annotations

import pytest

from learninglab.core.errors import DomainError
from learninglab.webhooks.delivery import post
from learninglab.webhooks.targets import target_parse

PRIVATE = [
    "https://127.0.0.1/hooks",
    "https://localhost:8443/hooks",
    "https://10.0.0.7/hooks",
    "https://192.168.1.20/hooks",
    "https://172.16.5.4/hooks",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/hooks",
    "https://[fd00::1]/hooks",
    "https://[::ffff:127.0.0.1]/hooks",
    "https://0.0.0.0/hooks",
    "https://api.localhost/hooks",
]


@pytest.mark.parametrize("url", PRIVATE)
def test_private_and_local_addresses_are_refused_in_production(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False

    with pytest.raises(DomainError) as refused:
        target_parse(url)

    assert refused.value.code == "url_private"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://crm.example.org/hooks", "url_not_https"),
        ("ftp://crm.example.org/hooks", "url_invalid"),
        ("crm.example.org/hooks", "url_invalid"),
        ("https://user:pass@crm.example.org/hooks", "url_credentials"),
        ("https://crm.example.org:99999/hooks", "url_invalid"),
        ("https://crm.example.org/" + "a" * 500, "url_too_long"),
    ],
)
def test_bad_addresses_are_refused_with_a_reason(settings, url, code):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False

    with pytest.raises(DomainError) as refused:
        target_parse(url)

    assert refused.value.code == code


def test_a_public_https_address_is_taken(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False

    target = target_parse("https://crm.example.org:8443/hooks/in?team=lab")

    assert (target.host, target.port, target.path) == (
        "crm.example.org",
        8443,
        "/hooks/in?team=lab",
    )


def test_in_tests_and_development_plain_http_to_this_machine_is_taken(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True

    assert target_parse("http://127.0.0.1:8080/hooks").port == 8080
    with pytest.raises(DomainError):
        target_parse("http://crm.example.org/hooks")  # elsewhere, HTTPS still


def test_a_name_resolving_to_a_private_address_is_not_posted_to(settings):
    # "localhost" passes no literal check of its own here, but resolves to 127.0.0.1.
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False

    outcome = post("https://localhost/hooks", body=b"{}", headers={}, timeout=1)

    assert outcome.status is None
    assert "private network" in outcome.error


def test_the_production_settings_refuse_private_targets():
    import subprocess
    import sys

    code = (
        "import os; os.environ.update(SECRET_KEY='x'*60, WEBHOOKS_ALLOW_PRIVATE_TARGETS='true');"
        "import config.settings.production as s; print(s.WEBHOOKS_ALLOW_PRIVATE_TARGETS)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "False"
