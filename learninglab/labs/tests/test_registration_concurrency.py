"""Registrations confirmed at the same moment as invited people answer, at a real server:
the seats and the waiting list are shared exactly.

The server is gunicorn with the production settings, several worker processes with
threads each, on a database of the suite's kind (see ``learninglab.server_testing``).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

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

pytestmark = pytest.mark.xdist_group("servers")

CAPACITY = 15
INVITED = 30
REGISTERED = 30

_MODULE = "learninglab.labs.tests.test_registration_concurrency"


def prepare_database() -> None:
    """Create an open lab, its invited people and registrations waiting for confirmation;
    print the personal links and the confirmation links."""
    from urllib.parse import urlparse

    from learninglab.labs.links import registration_url
    from learninglab.labs.models import Lab, Registration, RegistrationMode
    from learninglab.labs.tests.factories import invited_lab, rsvp_path
    from learninglab.server_testing import migrate_and_collect_static

    migrate_and_collect_static()
    invited = invited_lab(slug="open", people=INVITED, capacity=CAPACITY)
    lab = Lab.objects.get(slug="open")
    lab.registration = RegistrationMode.OPEN
    lab.save()
    registrations = [
        Registration.objects.create(
            lab=lab,
            first_name="Guest",
            last_name=f"Number {number}",
            email=f"guest{number}@example.ro",
            language="ro",
            consents=["invitations"],
        )
        for number in range(REGISTERED)
    ]
    print(
        json.dumps(
            {
                "answers": list(map(rsvp_path, invited)),
                "confirmations": [urlparse(registration_url(r)).path for r in registrations],
            }
        )
    )


def report() -> None:
    """Print the lab's seats taken, each invitation's answer and each registration's state."""
    from learninglab.labs.models import Lab, Registration

    lab = Lab.objects.get(slug="open")
    print(
        json.dumps(
            {
                "seats_taken": lab.seats_taken,
                "responses": list(lab.invitations.values_list("response", flat=True)),
                "registrations": list(Registration.objects.values_list("state", flat=True)),
                "people": lab.partner.stakeholders.filter(email__startswith="guest").count(),
            }
        )
    )


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with prepared_server(
        f"{_MODULE}:prepare_database", tmp_path_factory.mktemp("live"), workers=2, threads=8
    ) as server:
        yield server


def test_confirmations_and_answers_at_once_share_the_seats_exactly(live):
    paths = live.data["answers"] + live.data["confirmations"]
    clients = [live.client() for _path in paths]
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            forms = list(pool.map(open_form, clients, paths))
        barrier = threading.Barrier(len(forms))

        def send(index: int) -> int:
            form: OpenForm = forms[index]
            barrier.wait(timeout=STEP_TIMEOUT)
            try:
                is_answer = index < INVITED
                data = {"answer": "attend", "note": ""} if is_answer else {}
                return form.post(clients[index], data).status_code
            except httpx.HTTPError:
                return 0

        with ThreadPoolExecutor(max_workers=len(forms)) as pool:
            statuses = list(pool.map(send, range(len(forms))))
    finally:
        for client in clients:
            client.close()

    assert Counter(statuses) == {302: INVITED + REGISTERED}, live.log_tail()
    assert "database is locked" not in live.log_text()
    state = run_in_django(f"{_MODULE}:report", live.env)
    assert state["seats_taken"] == CAPACITY
    assert Counter(state["responses"]) == {
        "attending": CAPACITY,
        "waitlisted": INVITED + REGISTERED - CAPACITY,
    }
    assert Counter(state["registrations"]) == {"registered": REGISTERED}
    assert state["people"] == REGISTERED
