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
    STEP_TIMEOUT,
    LiveServer,
    OpenForm,
    open_form,
    prepared_server,
    run_in_django,
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
    from learninglab.labs.tests.factories import invited_lab, rsvp_path
    from learninglab.server_testing import migrate_and_collect_static

    migrate_and_collect_static()
    crowd = invited_lab(slug="crowd", people=PEOPLE, capacity=CAPACITY)
    double = invited_lab(slug="double", people=1)
    print(
        json.dumps({"crowd": list(map(rsvp_path, crowd)), "double": list(map(rsvp_path, double))})
    )


def report_answers() -> None:
    """Print each lab's invitations, the confirmations queued and the answers audited."""
    from learninglab.core.models import AuditEntry
    from learninglab.labs.jobs import confirmations_queue
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
    with prepared_server(
        f"{_MODULE}:prepare_database",
        tmp_path_factory.mktemp("live"),
        workers=SERVER_WORKERS,
        threads=SERVER_THREADS,
    ) as server:
        yield server


# -- the people answering -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Outcome:
    status: int
    detail: str


def submit(client: httpx.Client, form: OpenForm, answer: str = "attend") -> Outcome:
    try:
        response = form.post(client, {"answer": answer, "note": ""})
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
