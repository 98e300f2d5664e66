"""A worker killed in the middle of a batch loses nobody's mail and repeats at most one.

The worker runs as its own process, as in production, on a database of its own that the
test's processes share: a SQLite file, or, when the suite runs on PostgreSQL, a new
database on that server, dropped afterwards. The data is created and read back by
subprocesses with the same settings. The SMTP server in this process is slow to answer,
so that the SIGKILL lands while the worker is in the middle of its batch. The next
worker's outbox job runs on a clock moved past the dead worker's lease: the test does not
wait for the lease to run out.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import signal
import subprocess
import sys
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from learninglab.messaging.testing import SmtpServer

# Under pytest-xdist the tests that start servers and workers of their own run one after
# another in one process: the module's server starts once, and their timing limits are not
# shared with another such test.
pytestmark = pytest.mark.xdist_group("servers")

PEOPLE = 30
LEASE_SECONDS = 2
ANSWER_DELAY = 0.1  # seconds the SMTP server takes to answer each message
STEP_TIMEOUT = 60
_MODULE = "learninglab.messaging.tests.test_worker_crash"


# -- run in the subprocesses, on the test's own database ----------------------------------


def prepare_database() -> None:
    """Migrate, invite PEOPLE people to a lab and queue their invitations."""
    from django.core.management import call_command

    from learninglab.factories import ConsentFactory, StakeholderFactory
    from learninglab.labs.services.invitation import invitations_create, invitations_send
    from learninglab.labs.tests.factories import LabContactFactory, LabFactory
    from learninglab.stakeholders.models import Stakeholder

    call_command("migrate", interactive=False, verbosity=0)
    lab = LabFactory()
    LabContactFactory(lab=lab)
    for n in range(PEOPLE):
        person = StakeholderFactory(partner=lab.partner, email=f"guest{n}@example.com")
        ConsentFactory(stakeholder=person)
    invitations_create(actor=None, lab=lab, people=Stakeholder.objects.filter(partner=lab.partner))
    print(json.dumps({"queued": invitations_send(lab_id=lab.pk)}))


def deliver_after_the_lease() -> None:
    """Run the worker's outbox job as if the dead worker's lease had run out."""
    from django.utils import timezone

    from learninglab.messaging.delivery import deliver_due

    def later() -> datetime.datetime:
        return timezone.now() + datetime.timedelta(seconds=LEASE_SECONDS + 0.5)

    print(json.dumps({"handled": deliver_due(clock=later)}))


def outbox_state() -> None:
    """Print every outbox row: Message-ID, recipient, state, attempts."""
    from learninglab.messaging.models import OutboundMessage

    rows = OutboundMessage.objects.order_by("pk").values_list(
        "message_id", "recipient", "state", "attempts"
    )
    print(json.dumps([list(row) for row in rows]))


# -- the test -----------------------------------------------------------------------------


def _postgres_admin(url: str) -> str:
    """Return a connection string for the server's maintenance database."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty database for the subprocesses; remove it afterwards."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'worker-crash.sqlite3'}"
        return
    name = f"learninglab_worker_crash_{secrets.token_hex(4)}"
    admin = _postgres_admin(suite_url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(urllib.parse.urlsplit(suite_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        server.handler.delay = ANSWER_DELAY
        yield server


def _environment(database_url: str, smtp: SmtpServer) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url,
        EMAIL_HOST=smtp.host,
        EMAIL_PORT=str(smtp.port),
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS="false",
        EMAIL_USE_SSL="false",
        OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
        OUTBOX_RETRY_BASE_SECONDS="0.05",
        OUTBOX_BATCH_SIZE="50",
        LOG_LEVEL="WARNING",
    )
    return env


def _call(function: str, env: dict[str, str]) -> object:
    code = f"import django; django.setup(); from {_MODULE} import {function}; {function}()"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _worker(*options: str) -> list[str]:
    return [sys.executable, "-m", "learninglab.manage", "worker", *options]


def test_a_worker_killed_mid_batch_loses_nobody_and_repeats_at_most_the_message_in_flight(
    database_url, smtp, tmp_path
):
    env = _environment(database_url, smtp)
    assert _call("prepare_database", env) == {"queued": PEOPLE}

    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen(_worker(), env=env, stdout=log, stderr=log)
    try:
        smtp.wait_for(5, timeout=STEP_TIMEOUT)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=STEP_TIMEOUT)
    assert worker.returncode == -signal.SIGKILL
    before_restart = smtp.received

    outbox = _call("outbox_state", env)
    states = Counter(state for _id, _to, state, _attempts in outbox)
    # The kill landed in the middle of the batch: some sent, the rest claimed, unsent.
    assert 0 < states["sent"] < PEOPLE
    assert states["sent"] + states["sending"] == PEOPLE
    assert len(before_restart) < PEOPLE
    # One claim took the whole batch and counted each message's try, in one write.
    assert {attempts for _id, _to, _state, attempts in outbox} == {1}

    assert _call("deliver_after_the_lease", env) == {"handled": states["sending"]}

    outbox = _call("outbox_state", env)
    assert {state for _id, _to, state, _attempts in outbox} == {"sent"}
    # The next worker counts no try of its own for what the dead one had claimed: the
    # try its claim counted passes on; none is lost and none is counted twice.
    assert {attempts for _id, _to, _state, attempts in outbox} == {1}
    copies = Counter(received.message_id for received in smtp.received)
    assert set(copies) == {message_id for message_id, _to, _state, _attempts in outbox}
    repeated = {message_id for message_id, count in copies.items() if count > 1}
    assert len(repeated) <= 1
    assert all(copies[message_id] == 2 for message_id in repeated)
    # Only the message the worker was sending when it died may have gone twice.
    assert repeated <= {before_restart[-1].message_id}
    for received in smtp.received:
        (recipient,) = received.rcpt_tos
        assert received.message["To"] == recipient
