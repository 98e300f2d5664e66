"""A hundred phones posting and voting at once on a real server: every limit holds.

The server is gunicorn with the production settings, two worker processes with threads
each, on a database of its own (see ``learninglab.server_testing``). Each person sends
all their requests at the same moment, so that their own votes race each other: the
budget, one vote per idea and person, and the stacking order must hold whatever process
answers, and every idea the server accepted must be in the database.
"""

from __future__ import annotations

import dataclasses
import json
import random
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from learninglab.server_testing import (
    STEP_TIMEOUT,
    LiveServer,
    open_form,
    prepared_server,
    run_in_django,
)

# Under pytest-xdist the tests that start servers and workers of their own run one after
# another in one process: the module's server starts once, and their timing limits are not
# shared with another such test.
pytestmark = pytest.mark.xdist_group("servers")

PEOPLE = 100
STACKERS = 20
IDEAS_EACH = 2
SEED_IDEAS = 5
BUDGET = 3
SERVER_WORKERS = 2
SERVER_THREADS = 8
CLIENT_THREADS = 100

_MODULE = "learninglab.cocreation.tests.test_wall_concurrency"
_HTMX = {"HX-Request": "true"}


# -- run in the subprocesses, on the server's database -----------------------------------------


def prepare_database() -> None:
    """Migrate, collect the static files, open two walls with ideas; print their ids."""
    from django.utils import timezone

    from learninglab.cocreation.models import Idea, LiveSession, Prompt, PromptStatus
    from learninglab.factories import ProjectFactory, TimisoaraFactory
    from learninglab.labs.tests.factories import LabFactory
    from learninglab.server_testing import migrate_and_collect_static

    migrate_and_collect_static()
    partner = TimisoaraFactory(project=ProjectFactory(acronym="WALL"))

    def wall(code: str, *, stacking: bool) -> dict[str, Any]:
        lab = LabFactory(partner=partner, slug=f"wall-{code.lower()}", starts_at=timezone.now())
        session = LiveSession.objects.create(
            lab=lab, join_code=code, is_open=True, vote_budget=BUDGET, allow_stacking=stacking
        )
        prompt = Prompt.objects.create(
            session=session, text={"en": "What would help?"}, status=PromptStatus.OPEN
        )
        ideas = [Idea.objects.create(prompt=prompt, text=f"Seed {n}") for n in range(SEED_IDEAS)]
        return {"code": code, "prompt": prompt.pk, "ideas": [idea.pk for idea in ideas]}

    print(
        json.dumps(
            {"plain": wall("CRWD23", stacking=False), "stacked": wall("STCK45", stacking=True)}
        )
    )


def report_walls() -> None:
    """Print each participant's votes (idea, stack) and ideas, by their browser token."""
    from learninglab.cocreation.models import Participant

    report: dict[str, Any] = {}
    for participant in Participant.objects.prefetch_related("votes", "ideas"):
        report[participant.token] = {
            "votes": [[vote.idea_id, vote.stack] for vote in participant.votes.all()],
            "ideas": [idea.text for idea in participant.ideas.all()],
        }
    print(json.dumps(report))


# -- the server ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Start gunicorn with the production settings on a prepared database."""
    with prepared_server(
        f"{_MODULE}:prepare_database",
        tmp_path_factory.mktemp("wall"),
        workers=SERVER_WORKERS,
        threads=SERVER_THREADS,
    ) as server:
        yield server


# -- the phones ------------------------------------------------------------------------------


@dataclasses.dataclass
class Phone:
    """A participant's browser: its cookies and the CSRF token of its forms."""

    code: str
    token: str
    cookie: str
    csrf: str

    def post(self, http: httpx.Client, path: str, data: dict[str, Any], **headers: str) -> Any:
        # The cookies are marked Secure: the client would not send them over plain HTTP.
        return http.post(
            path,
            data={"csrfmiddlewaretoken": self.csrf, **data},
            headers={"Cookie": self.cookie, **headers},
        )


def join(live: LiveServer, code: str) -> Phone:
    with live.client() as http:
        form = open_form(http, f"/join/{code}/")
        joined = form.post(http, {"display_name": "", "language": "en"}, Connection="close")
    assert joined.status_code == 302, joined.text[:300]
    signed = joined.cookies["livewall"]
    cookie = f"csrftoken={form.csrf_cookie}; livewall={signed}"
    return Phone(code=code, token=signed.split(":")[0], cookie=cookie, csrf=form.csrf_token)


def join_all(live: LiveServer, code: str, count: int) -> list[Phone]:
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(lambda _n: join(live, code), range(count)))


@dataclasses.dataclass(frozen=True)
class Outcome:
    phone: Phone
    kind: str  # "idea" or "vote"
    what: Any  # the idea's text, or the idea voted for
    status: int
    accepted: bool


def post_idea(phone: Phone, prompt: int, text: str) -> Callable[[httpx.Client], Outcome]:
    def send(http: httpx.Client) -> Outcome:
        path = f"/live/{phone.code}/ideas/"
        response = phone.post(http, path, {"prompt": prompt, "text": text})
        # Without a script the server redirects once the idea is taken, and shows the form
        # again with the reason when it refuses it.
        return Outcome(phone, "idea", text, response.status_code, response.status_code == 302)

    return send


def vote(phone: Phone, idea: int) -> Callable[[httpx.Client], Outcome]:
    def send(http: httpx.Client) -> Outcome:
        response = phone.post(http, f"/live/{phone.code}/votes/", {"vote": idea}, **_HTMX)
        accepted = response.status_code == 200 and "message-success" in response.text
        return Outcome(phone, "vote", idea, response.status_code, accepted)

    return send


def all_at_once(requests: list[Callable[[httpx.Client], Outcome]], live: LiveServer) -> list:
    """Send the requests in a random order from many threads, released together."""
    random.Random(7).shuffle(requests)
    barrier = threading.Barrier(CLIENT_THREADS)
    shares = [requests[i::CLIENT_THREADS] for i in range(CLIENT_THREADS)]

    def work(share: list[Callable[[httpx.Client], Outcome]]) -> list[Outcome]:
        with live.client() as http:
            barrier.wait(timeout=STEP_TIMEOUT)
            return [send(http) for send in share]

    with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
        return [outcome for share in pool.map(work, shares) for outcome in share]


def _failures(outcomes: list[Outcome], live: LiveServer) -> str:
    bad = [(o.kind, o.status) for o in outcomes if o.status not in (200, 302)]
    return f"{len(bad)} failed, e.g. {bad[:5]}\nserver log:\n{live.log_tail()}"


# -- the tests ------------------------------------------------------------------------------


def test_a_hundred_phones_post_and_vote_at_once_within_every_limit(live):
    wall = live.data["plain"]
    phones = join_all(live, wall["code"], PEOPLE)
    requests = []
    for n, phone in enumerate(phones):
        requests += [
            post_idea(phone, wall["prompt"], f"Idea {k} of phone {n}") for k in range(IDEAS_EACH)
        ]
        # Each person tries every idea, and some twice: more than their budget allows.
        requests += [vote(phone, idea) for idea in wall["ideas"]]
        requests += [vote(phone, idea) for idea in wall["ideas"][:2]]

    outcomes = all_at_once(requests, live)

    assert {o.status for o in outcomes} <= {200, 302}, _failures(outcomes, live)
    assert "database is locked" not in live.log.read_text(errors="replace")
    report = run_in_django(f"{_MODULE}:report_walls", live.env)
    for phone in phones:
        mine = [o for o in outcomes if o.phone is phone]
        stored = report[phone.token]
        ideas_taken = sorted(o.what for o in mine if o.kind == "idea" and o.accepted)
        # Nothing lost, nothing made up: every idea the server took is stored, and only those.
        assert sorted(stored["ideas"]) == ideas_taken
        assert len(ideas_taken) == IDEAS_EACH
        votes = Counter(idea for idea, _stack in stored["votes"])
        # The budget is spent exactly, never exceeded; one vote per idea.
        assert sum(votes.values()) == BUDGET
        assert set(votes.values()) == {1}
        assert sorted(votes) == sorted(o.what for o in mine if o.kind == "vote" and o.accepted)


def test_stacked_votes_fill_the_budget_and_no_more(live):
    wall = live.data["stacked"]
    phones = join_all(live, wall["code"], STACKERS)
    favourite = wall["ideas"][0]
    requests = [vote(phone, favourite) for phone in phones for _n in range(BUDGET + 3)]

    outcomes = all_at_once(requests, live)

    assert {o.status for o in outcomes} == {200}, _failures(outcomes, live)
    report = run_in_django(f"{_MODULE}:report_walls", live.env)
    accepted: dict[str, int] = defaultdict(int)
    for outcome in outcomes:
        accepted[outcome.phone.token] += outcome.accepted
    for phone in phones:
        stacks = sorted(stack for idea, stack in report[phone.token]["votes"] if idea == favourite)
        assert stacks == list(range(1, BUDGET + 1))
        assert accepted[phone.token] == BUDGET
