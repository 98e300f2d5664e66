"""Personal links never reach the logs, and HEAD on them answers like GET without effects.

The logs are read as they are written: through the handlers the settings install (their
streams swapped for a buffer), so what is checked is what an operator would find on disk.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learninglab.actionplans.models import PlanFollower
from learninglab.actionplans.tests.factories import ActionPlanFactory
from learninglab.factories import ConsentFactory
from learninglab.labs.links import rsvp_token, rsvp_url, unsubscribe_url
from learninglab.labs.models import Invitation
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory
from learninglab.results.links import feedback_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(partner) -> Invitation:
    invitation = InvitationFactory(lab__partner=partner, language="en")
    LabContactFactory(lab=invitation.lab)
    ConsentFactory(stakeholder=invitation.stakeholder, given=True)
    return invitation


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Collect what every configured stream handler writes (the root's, the server's)."""
    buffer = io.StringIO()
    handlers = [
        handler
        for logger in (logging.getLogger(), logging.getLogger("django.server"))
        for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler) and handler.name
    ]
    assert handlers, "the settings install no stream handler"
    # Swapped directly, not with setStream(): that flushes the old stream, which pytest's
    # output capture may already have closed.
    streams = [handler.stream for handler in handlers]
    for handler in handlers:
        handler.stream = buffer
    try:
        yield buffer
    finally:
        for handler, stream in zip(handlers, streams, strict=True):
            handler.stream = stream


def test_a_404_on_a_forged_personal_link_is_logged_without_its_key(invitation, log_output):
    forged = "0123456789abcdef0123456789abcdef"
    path = f"/rsvp/{invitation.public_id}/{forged}/"

    assert Client().get(path).status_code == 404

    written = log_output.getvalue()
    assert "Not Found: /rsvp/[redacted]/[redacted]/" in written
    assert forged not in written
    assert str(invitation.public_id) not in written


def test_a_405_on_a_personal_link_is_logged_without_its_key(invitation, log_output):
    token = rsvp_token(invitation)

    assert Client().put(rsvp_url(invitation)).status_code == 405

    written = log_output.getvalue()
    assert "Method Not Allowed (PUT): /rsvp/[redacted]/[redacted]/" in written
    assert token not in written


def test_the_development_servers_request_lines_are_logged_without_keys(invitation, log_output):
    token = rsvp_token(invitation)
    path = reverse("labs:rsvp", args=[invitation.public_id, token])
    # What ``runserver`` logs for each request (django.core.servers.basehttp).
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET {path} HTTP/1.1", "404", "512", extra={"status_code": 404}
    )

    written = log_output.getvalue()
    assert '"GET /rsvp/[redacted]/[redacted]/ HTTP/1.1" 404 512' in written
    assert token not in written


@pytest.mark.parametrize(
    "path",
    [
        "/unsubscribe/6c8b3e0c-4a1e-4f59-9a57-0f0f0f0f0f0f/0123456789abcdef0123456789abcdef/",
        "/feedback/6c8b3e0c-4a1e-4f59-9a57-0f0f0f0f0f0f/0123456789abcdef0123456789abcdef/",
        "/plans/follow/Zq3kP0rT9vXy2mWb8NcD4eFgH5iJ6kL7/stop/",
        "/live/K7QH2M/status/",
        "/stakeholders/import/Zq3kP0rT9vXy2mWb8NcD4eFgH5iJ6kL7/",
    ],
)
def test_every_kind_of_personal_link_is_logged_without_its_key(path, log_output):
    logging.getLogger("django.request").warning("Not Found: %s", path)

    written = log_output.getvalue()
    assert "[redacted]" in written
    for secret in ("0123456789abcdef", "6c8b3e0c", "Zq3kP0rT9v", "K7QH2M"):
        assert secret not in written


def test_staff_addresses_stay_readable_in_the_logs(log_output):
    path = "/labs/creative-industries-2026/live/questions/12/open/"
    logging.getLogger("django.request").warning("Forbidden: %s", path)

    assert f"Forbidden: {path}" in log_output.getvalue()


# HEAD on a personal link


def database_state() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to see that a request changed nothing at all."""
    return {
        model._meta.label: sorted(model.objects.values_list(), key=repr)
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_head_on_the_personal_links_answers_like_get_and_changes_nothing(invitation, partner):
    follower = PlanFollower.objects.create(
        plan=ActionPlanFactory(partner=partner, is_public=True),
        email="follower@example.org",
        language="en",
        created_at=timezone.now(),
    )
    links = [
        rsvp_url(invitation),
        unsubscribe_url(invitation),
        feedback_url(invitation),
        reverse("actionplans:follow_confirm", args=[follower.token]),
        reverse("actionplans:unsubscribe", args=[follower.token]),
    ]
    before = database_state()

    heads = [Client().head(link) for link in links]

    assert database_state() == before
    for link, head in zip(links, heads, strict=True):
        get = Client().get(link)
        assert head.status_code == get.status_code == 200, link
        assert head["Content-Type"] == get["Content-Type"]
        assert head.content == b""
