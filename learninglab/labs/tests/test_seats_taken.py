"""The seats a lab has given, kept with the lab: always the number of people attending.

The threads run in a subprocess on a database of their own, of the test suite's kind (a
SQLite file, or a new database on the PostgreSQL server), with the production settings:
each thread has its own connection, as each of the server's workers would.
"""

from __future__ import annotations

import importlib
import os
import random
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings

from learninglab.labs.models import Invitation, Lab, Response
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.server_testing import (
    postgres_server_of,
    run_in_django,
    server_env,
    throwaway_database,
)

pytestmark = pytest.mark.xdist_group("servers")

_MODULE = "learninglab.labs.tests.test_seats_taken"
CAPACITY = 12
PEOPLE = 40
THREADS = 8
OPERATIONS = 30  # per thread
ROUNDS = 15  # of a staff answer and the person's own at the same moment


# -- run in the subprocess, on the database of its own ----------------------------------------


def _seats() -> dict[str, Any]:
    lab = Lab.objects.get(slug="mixed")
    responses = Counter(lab.invitations.values_list("response", flat=True))
    return {"seats_taken": lab.seats_taken, "attending": responses[Response.ATTENDING]}


def _prepare() -> tuple[Lab, Any]:
    from django.core.management import call_command

    from learninglab.accounts.models import Role
    from learninglab.factories import UserFactory
    from learninglab.labs.tests.factories import invited_lab

    call_command("migrate", interactive=False, verbosity=0)
    invited_lab(slug="mixed", people=PEOPLE, capacity=CAPACITY)
    lab = Lab.objects.select_related("partner").get(slug="mixed")
    staff = UserFactory(role=Role.PARTNER_STAFF, partner=lab.partner)
    return lab, staff


def _run_together(work: Any, count: int) -> list[str]:
    """Run ``work(n)`` in ``count`` threads released together; return the errors raised."""
    from django.db import connection

    barrier = threading.Barrier(count)
    errors: list[str] = []

    def thread(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(n)
        except Exception as error:  # reported to the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=thread, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def mixed_operations() -> None:
    """Answer, decline, record answers as staff, send colleagues and register walk-ins,
    from several threads at once, in a random order; print the seats."""
    import json

    from learninglab.core.errors import DomainError
    from learninglab.labs.models import ResponseVia
    from learninglab.labs.services.answer import rsvp_record, rsvp_substitute
    from learninglab.labs.services.checkin import WalkIn, walk_in_register
    from learninglab.stakeholders.models import Stakeholder

    lab, staff = _prepare()
    invitations = list(lab.invitations.select_related("stakeholder").order_by("pk"))
    emails = [i.stakeholder.email for i in invitations]
    seed = int(os.environ.get("SEATS_SEED", "12"))

    def work(n: int) -> None:
        chance = random.Random(seed * 100 + n)
        for step in range(OPERATIONS):
            kind = chance.choice(
                ["attend", "attend", "decline", "staff", "colleague", "walk_in", "door"]
            )
            invitation = Invitation.objects.select_related("stakeholder").get(
                pk=chance.choice(invitations).pk
            )
            try:
                if kind in ("attend", "decline"):
                    rsvp_record(invitation=invitation, answer=kind)
                elif kind == "staff":
                    rsvp_record(
                        invitation=invitation,
                        answer=chance.choice(["attend", "decline"]),
                        via=ResponseVia.PHONE,
                        actor=staff,
                    )
                elif kind == "colleague":
                    rsvp_substitute(
                        invitation=invitation,
                        first_name="Ana",
                        last_name=f"Coleg{n}x{step}",
                        email=f"colleague.{n}.{step}@example.ro",
                    )
                else:  # someone new at the door, or someone invited who came anyway
                    new = f"door.{n}.{step}@example.ro"
                    email = new if kind == "walk_in" else chance.choice(emails)
                    walk_in_register(
                        actor=staff,
                        lab=lab,
                        person=WalkIn(first_name="Ion", last_name="Pop", email=email),
                        confirmed_early=True,
                    )
            except DomainError:  # a person who sent a colleague answers no more
                pass

    errors = _run_together(work, THREADS)
    # The colleagues invited answer too, and their seats count the same.
    colleagues = list(
        lab.invitations.filter(substitute_for__isnull=False).select_related("stakeholder")
    )
    errors += _run_together(
        lambda n: [rsvp_record(invitation=c, answer="attend") for c in colleagues[n::THREADS]],
        THREADS,
    )
    people = Stakeholder.objects.filter(partner=lab.partner).count()
    print(json.dumps({**_seats(), "errors": errors, "people": people}))


def staff_and_person_at_once() -> None:
    """Record a staff answer and the person's own answer at the same moment, many times;
    print the seats and what went wrong."""
    import json

    from learninglab.labs.models import ResponseVia
    from learninglab.labs.services.answer import rsvp_record

    lab, staff = _prepare()
    invitations = list(lab.invitations.select_related("stakeholder").order_by("pk"))
    errors: list[str] = []
    for round_number in range(ROUNDS):
        person, other = invitations[round_number], invitations[-1 - round_number]

        def answer(n: int, person: Invitation = person, other: Invitation = other) -> None:
            if n == 0:  # the person, through their link
                rsvp_record(invitation=person, answer="attend")
                rsvp_record(invitation=other, answer="decline")
            else:  # staff, for the same two people, in the other order
                rsvp_record(invitation=other, answer="attend", via=ResponseVia.PHONE, actor=staff)
                rsvp_record(invitation=person, answer="decline", via=ResponseVia.PHONE, actor=staff)

        errors += _run_together(answer, 2)
    print(json.dumps({**_seats(), "errors": errors}))


# -- the tests ----------------------------------------------------------------------------------


@pytest.fixture
def own_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Return the environment of a process on a new database of the suite's kind."""
    postgres_server = postgres_server_of(settings.DATABASES["default"])
    with throwaway_database(tmp_path, postgres_server) as database_url:
        yield server_env(database_url, tmp_path)


@pytest.mark.parametrize("seed", [12, 34])
def test_mixed_operations_from_many_threads_keep_the_seats_taken(own_database, seed):
    result = run_in_django(f"{_MODULE}:mixed_operations", own_database | {"SEATS_SEED": str(seed)})

    assert result["errors"] == []
    assert result["seats_taken"] == result["attending"]
    assert result["attending"] >= CAPACITY  # full, with the walk-ins at the door on top
    assert result["people"] > PEOPLE  # colleagues and people new at the door came


def test_a_staff_answer_and_the_persons_own_at_once_neither_wait_for_each_other(own_database):
    result = run_in_django(f"{_MODULE}:staff_and_person_at_once", own_database)

    # On PostgreSQL a deadlock would end one of them with an error; none does.
    assert result["errors"] == []
    assert result["seats_taken"] == result["attending"]


@pytest.mark.django_db
def test_the_migration_counts_every_labs_seats(partner):
    full, empty = LabFactory(partner=partner, capacity=3), LabFactory(partner=partner)
    for response in ("attending", "attending", "declined", "waitlisted", "substituted"):
        InvitationFactory(lab=full, response=response)
    InvitationFactory(lab=empty, response="declined")
    Lab.objects.update(seats_taken=7)  # what no lab had before the counter

    migration = importlib.import_module("learninglab.labs.migrations.0012_lab_seats_taken")
    migration.count_seats(apps, None)

    assert dict(Lab.objects.values_list("slug", "seats_taken")) == {full.slug: 2, empty.slug: 0}
