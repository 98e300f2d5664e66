"""How far one answer travels through the code: from its URL to the saved row, then its e-mail.

Not a timing: it counts the project's own modules that one RSVP passes through (a person
accepting through their personal link: the POST, up to the saved row and the redirect) and the
module-to-module steps on the way, then the same for the confirmation e-mail the worker
composes and queues for that answer. Fewer files and steps is a shorter path for a reader
following the answer through the code. Tests, factories and migrations are left out.

    .venv/bin/python bench/answer_path.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "learninglab"


def _ours(filename: str) -> str | None:
    path = Path(filename)
    if not path.is_relative_to(PACKAGE) or path.suffix != ".py":
        return None
    relative = path.relative_to(PACKAGE)
    if {"tests", "migrations"} & set(relative.parts) or relative.name == "factories.py":
        return None
    return relative.as_posix()


class Trace:
    """Record the project modules entered, in order, and the steps between them."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.steps: set[tuple[str, str]] = set()

    def __enter__(self) -> Trace:
        sys.setprofile(self._event)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.setprofile(None)

    def _event(self, frame, event, arg) -> None:  # type: ignore[no-untyped-def]
        if event != "call":
            return
        callee = _ours(frame.f_code.co_filename)
        if callee is None:
            return
        if callee not in self.files:
            self.files.append(callee)
        caller = frame.f_back
        while caller is not None and _ours(caller.f_code.co_filename) is None:
            caller = caller.f_back
        if caller is not None:
            origin = _ours(caller.f_code.co_filename)
            if origin != callee:
                self.steps.add((origin, callee))


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_databases, setup_test_environment

    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)

    from learninglab.core import jobs
    from learninglab.labs.links import rsvp_url
    from learninglab.labs.models import Invitation
    from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory

    lab = LabFactory(capacity=10)
    LabContactFactory(lab=lab)
    url = rsvp_url(InvitationFactory(lab=lab))
    client = Client()
    client.get(url)  # imports and first-use caches out of the way
    other = rsvp_url(InvitationFactory(lab=lab))
    with Trace() as answer:
        client.post(other, {"answer": "attend"})
    assert Invitation.objects.filter(response="attending").count() == 1
    confirmations = next(job for job in jobs.registered() if job.name == "confirmations")
    with Trace() as email:
        confirmations.run()

    more = [name for name in email.files if name not in answer.files]
    print(
        f"answer (the POST, from its URL to the saved row): {len(answer.files)} files, "
        f"{len(answer.steps)} steps between them"
    )
    print(
        f"its confirmation e-mail: {len(email.files)} files, {len(more)} more than the answer's, "
        f"{len(email.steps)} steps"
    )
    for title, trace in (("answer", answer), ("e-mail", email)):
        print(f"\n{title}:")
        for name in trace.files:
            print(f"  {name}")


if __name__ == "__main__":
    main()
