"""Answers arriving all at once at a real server: the capacity holds, nobody answers twice.

The server is gunicorn with the production settings, several worker processes with
threads each, on a database of its own (see ``learninglab.server_testing``).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from learninglab.server_testing import (
    CSRF_FIELD,
    STEP_TIMEOUT,
    LiveServer,
    gunicorn_server,
    run_in_django,
    server_database,
)

# Under pytest-xdist the tests that start servers and workers of their own run one after
# another in one process: the module's server starts once, and their timing limits are not
# shared with another such test.
pytestmark = pytest.mark.xdist_group("servers")

CAPACITY = 50
PEOPLE = 200
SERVER_WORKERS = 2
SERVER_THREADS = 8

_MODULE = "learninglab.labs.tests.test_rsvp_concurrency"


# -- run in the subprocesses, on the server's database -----------------------------------------


def prepare_database() -> None:
    """Migrate, collect the static files, create the two labs; print the personal links."""
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from learninglab.labs import tokens
    from learninglab.labs.models import Invitation, Lab, LabStatus
    from learninglab.projects.models import Partner, Project
    from learninglab.stakeholders.models import Stakeholder

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    project = Project.objects.create(
        acronym="CROWD",
        title="Concurrent answers",
        programme="Interreg Europe",
        start_date=datetime.date(2019, 8, 1),
        end_date=datetime.date(2030, 7, 31),
    )
    partner = Partner.objects.create(
        project=project,
        slug="timisoara",
        institution="Municipality of Timișoara",
        city="Timișoara",
        country="RO",
        time_zone="Europe/Bucharest",
        languages=["ro", "en"],
    )
    starts = timezone.now() + datetime.timedelta(days=10)

    def invite(slug: str, capacity: int | None, people: int) -> list[str]:
        lab = Lab.objects.create(
            partner=partner,
            slug=slug,
            theme={"en": "Answers at once"},
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            rsvp_deadline=starts - datetime.timedelta(days=2),
            time_zone="Europe/Bucharest",
            capacity=capacity,
            status=LabStatus.PUBLISHED,
        )
        guests = Stakeholder.objects.bulk_create(
            Stakeholder(
                partner=partner,
                first_name=f"Guest{n}",
                last_name=slug.title(),
                email=f"{slug}.{n}@example.org",
                language="en",
            )
            for n in range(people)
        )
        invitations = Invitation.objects.bulk_create(
            Invitation(lab=lab, stakeholder=guest, language="en") for guest in guests
        )
        return [reverse("labs:rsvp", args=[i.public_id, tokens.rsvp_token(i)]) for i in invitations]

    links = {"crowd": invite("crowd", CAPACITY, PEOPLE), "double": invite("double", None, 1)}
    print(json.dumps(links))


def report_answers() -> None:
    """Print each lab's invitations, the confirmations queued and the answers audited."""
    from learninglab.core.models import AuditEntry
    from learninglab.labs.confirmations import confirmations_queue
    from learninglab.labs.models import Invitation
    from learninglab.messaging.models import OutboundMessage

    while confirmations_queue():  # what the worker does after the answers
        pass

    def when(value: datetime.datetime | None) -> str | None:
        return value.isoformat() if value else None

    report: dict[str, Any] = {}
    for slug in ("crowd", "double"):
        invitations = Invitation.objects.filter(lab__slug=slug).order_by("pk")
        report[slug] = [
            {
                "pk": i.pk,
                "response": i.response,
                "answer_count": i.answer_count,
                "responded_at": when(i.responded_at),
                "waitlisted_at": when(i.waitlisted_at),
                "confirmations": sorted(
                    OutboundMessage.objects.filter(
                        kind="confirmation", key__startswith=f"confirmation:{i.pk}:"
                    ).values_list("key", flat=True)
                ),
                "recorded": AuditEntry.objects.filter(
                    action="labs.rsvp.recorded", object_id=str(i.pk)
                ).count(),
            }
            for i in invitations
        ]
    print(json.dumps(report))


# -- the server ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Start gunicorn with the production settings on a prepared database."""
    with (
        server_database() as database_url,
        gunicorn_server(
            prepare=f"{_MODULE}:prepare_database",
            database_url=database_url,
            folder=tmp_path_factory.mktemp("live"),
            workers=SERVER_WORKERS,
            threads=SERVER_THREADS,
        ) as server,
    ):
        yield server


# -- the people answering -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class OpenForm:
    path: str
    csrf_cookie: str
    csrf_token: str


@dataclasses.dataclass(frozen=True)
class Outcome:
    status: int
    detail: str


def open_form(client: httpx.Client, path: str) -> OpenForm:
    """Open the RSVP page as a browser does; return what its form needs to be sent."""
    # A browser keeps the connection; this one is closed so that the answer, sent later,
    # does not go out on a connection the server has closed after its keep-alive time.
    page = client.get(path, headers={"Connection": "close"})
    assert page.status_code == 200, page.text[:500]
    found = CSRF_FIELD.search(page.text)
    assert found, "no CSRF token in the form"
    return OpenForm(path=path, csrf_cookie=page.cookies["csrftoken"], csrf_token=found.group(1))


def submit(client: httpx.Client, form: OpenForm, answer: str = "attend") -> Outcome:
    # The cookie is marked Secure, so the client would not send it over plain HTTP itself.
    try:
        response = client.post(
            form.path,
            data={"csrfmiddlewaretoken": form.csrf_token, "answer": answer, "note": ""},
            headers={"Cookie": f"csrftoken={form.csrf_cookie}"},
        )
    except httpx.HTTPError as error:
        return Outcome(status=0, detail=repr(error))
    return Outcome(status=response.status_code, detail=response.text[:300])


def answer_all_at_once(forms: list[OpenForm], clients: list[httpx.Client]) -> list[Outcome]:
    """Send every form from its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(forms))

    def send(index: int) -> Outcome:
        barrier.wait(timeout=STEP_TIMEOUT)
        return submit(clients[index], forms[index])

    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        return list(pool.map(send, range(len(forms))))


def _failures(outcomes: list[Outcome], live: LiveServer) -> str:
    bad = [o for o in outcomes if o.status != 302]
    return f"{len(bad)} failed, e.g. {bad[:3]}\nserver log:\n{live.log_tail()}"


# -- the tests ------------------------------------------------------------------------------


def test_simultaneous_acceptances_fill_the_seats_then_the_waiting_list_in_order(live):
    links = live.data["crowd"]
    clients = [live.client() for _link in links]
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            forms = list(pool.map(open_form, clients, links))
        started = time.monotonic()
        outcomes = answer_all_at_once(forms, clients)
        elapsed = time.monotonic() - started
    finally:
        for client in clients:
            client.close()

    assert Counter(o.status for o in outcomes) == {302: PEOPLE}, _failures(outcomes, live)
    assert "database is locked" not in live.log.read_text(errors="replace")
    assert elapsed < STEP_TIMEOUT

    invitations = run_in_django(f"{_MODULE}:report_answers", live.env)["crowd"]
    responses = Counter(i["response"] for i in invitations)
    assert responses == {"attending": CAPACITY, "waitlisted": PEOPLE - CAPACITY}
    # Each person answered once: one change, one audit entry, one confirmation.
    assert {i["answer_count"] for i in invitations} == {1}
    assert {i["recorded"] for i in invitations} == {1}
    assert all(i["confirmations"] == [f"confirmation:{i['pk']}:1"] for i in invitations)
    # The waiting list has one place per person, and everyone on it answered after the
    # last seat was given: first come, first served.
    waiting = sorted(
        datetime.datetime.fromisoformat(i["waitlisted_at"])
        for i in invitations
        if i["response"] == "waitlisted"
    )
    assert len(set(waiting)) == PEOPLE - CAPACITY
    last_seat = max(
        datetime.datetime.fromisoformat(i["responded_at"])
        for i in invitations
        if i["response"] == "attending"
    )
    assert last_seat < waiting[0]


def test_a_double_submit_records_one_answer(live):
    [link] = live.data["double"]
    clients = [live.client(), live.client()]
    try:
        form = open_form(clients[0], link)
        outcomes = answer_all_at_once([form, form], clients)
    finally:
        for client in clients:
            client.close()

    assert [o.status for o in outcomes] == [302, 302], _failures(outcomes, live)
    [invitation] = run_in_django(f"{_MODULE}:report_answers", live.env)["double"]
    assert invitation["response"] == "attending"
    assert invitation["answer_count"] == 1
    assert invitation["recorded"] == 1
    assert invitation["confirmations"] == [f"confirmation:{invitation['pk']}:1"]
