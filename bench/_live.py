"""What the benchmarks that run the product as in production share.

The server itself (gunicorn on a throw-away database, as in production) comes from
``learninglab.server_testing``, as for the concurrency tests. Here: this process configured
with the same settings as the server (production's, see ``_bench_settings``), the options
every such benchmark takes, an SMTP sink in its own process, and people answering through
their personal links from many threads at once. Everything listens on and talks to
127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

from learninglab.server_testing import (  # noqa: E402 (needs ROOT on the path)
    STEP_TIMEOUT,
    OpenForm,
    gunicorn,
    migrate_and_collect_static,
    open_form,
    proxy_client,
    server_env,
    stop,
    throwaway_database,
)

__all__ = ["STEP_TIMEOUT", "gunicorn", "proxy_client", "stop", "throwaway_database"]


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="use a temporary database on the PostgreSQL server of $DATABASE_URL",
    )


def add_server_options(parser: argparse.ArgumentParser, *, workers: int, threads: int) -> None:
    """Add ``--workers``, ``--threads`` (gunicorn's) and ``--postgres``, with these defaults."""
    parser.add_argument("--workers", type=int, default=workers, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=threads, help="threads per worker")
    add_database_option(parser)


def database_server(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """Return the PostgreSQL server to make the database on ("": SQLite), as ``--postgres`` asks.

    With ``--postgres``, $DATABASE_URL must name a PostgreSQL server, or this stops with a
    usage error.
    """
    if not args.postgres:
        return ""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        parser.error("--postgres needs DATABASE_URL=postgres://user@host:port/db")
    return server


def verdict(troubles: list[str]) -> int:
    """Print what missed its aim, if anything; return the benchmark's exit status."""
    if not troubles:
        return 0
    print(f"Trouble: {'; '.join(troubles)}.")
    return 1


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="learninglab-bench-") as folder:
        yield Path(folder)


def set_up_django(
    database_url: str, folder: Path, *, settings_module: str = "_bench_settings", **extra: str
) -> dict[str, str]:
    """Configure this process like the server, migrate and collect static files.

    Return the environment for the server and worker processes.
    """
    env = server_env(
        database_url,
        folder,
        settings_module=settings_module,
        python_path=(BENCH,),
        **{"EMAIL_HOST": "", **extra},
    )
    os.environ.update(env)
    import django

    django.setup()
    migrate_and_collect_static()
    return env


def staff_cookie(user: Any) -> str:
    """Return the cookie of a session of ``user`` past both steps of the login."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = StaticDevice.objects.create(
        user=user, name="backup codes", confirmed=True
    ).persistent_id
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def create_lab(*, slug: str, capacity: int | None, people: int) -> list[Any]:
    """Create a published lab and ``people`` invitations to it; return them."""
    from learninglab.labs.tests.factories import invited_lab

    return invited_lab(slug=slug, capacity=capacity, people=people)


def rsvp_path(invitation: Any) -> str:
    from learninglab.labs.tests.factories import rsvp_path

    return rsvp_path(invitation)


def baseline_path(rsvp: str) -> str:
    """Return the baseline view's path for the same invitation as the RSVP path ``rsvp``."""
    return "/bench/baseline/" + rsvp.removeprefix("/rsvp/")


# -- processes ---------------------------------------------------------------------------


class SmtpSink:
    """The SMTP server of ``_smtp_sink.py``, in its own process."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(BENCH / "_smtp_sink.py")],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def count(self) -> int:
        """Return how many messages the sink has taken."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def last_at(self) -> float:
        """Return when the sink took its last message, in ``time.time()`` seconds."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("last\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def wait_for(self, count: int, *, timeout: float) -> float:
        """Wait until the sink has taken ``count`` messages in all; return when it took the
        last of them (``time.time()``), or raise ``TimeoutError``."""
        deadline = time.monotonic() + timeout
        while self.count() < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the sink took {self.count()} of {count} messages")
            time.sleep(0.05)
        return self.last_at()

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> SmtpSink:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# -- people answering --------------------------------------------------------------------


def open_forms(base_url: str, paths: list[str], *, threads: int = 8) -> list[OpenForm]:
    """Open each RSVP page as a browser does; return what each form needs to be sent."""

    def open_one(path: str) -> OpenForm:
        with proxy_client(base_url) as http:
            return open_form(http, path)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(open_one, paths))


def post_form(http: Any, form: OpenForm, path: str | None = None, *, close: bool = False) -> int:
    """Send ``form`` (to ``path`` if given); return the HTTP status, 0 if none came.

    With ``close``, the connection is closed after the answer: the next request opens a
    new one, as the next person would.
    """
    import httpx

    if path is not None:
        form = dataclasses.replace(form, path=path)
    try:
        response = form.post(
            http, {"answer": "attend", "note": ""}, **({"Connection": "close"} if close else {})
        )
    except httpx.HTTPError:
        return 0
    return response.status_code


@dataclasses.dataclass
class Run:
    """The requests of one measured run: each one's latency (s) and status, and the wall time."""

    latencies: list[float]
    statuses: list[int]
    wall: float

    def errors(self, expected: int) -> int:
        return sum(status != expected for status in self.statuses)

    def unexpected(self, expected: int) -> dict[int, int]:
        """Return how many times each status other than ``expected`` came (0: no answer)."""
        return dict(Counter(status for status in self.statuses if status != expected))

    @property
    def per_second(self) -> float:
        return len(self.statuses) / self.wall

    def ms(self, fraction: float) -> float:
        return percentile(self.latencies, fraction) * 1000


def closed_loop(
    base_url: str, forms: list[OpenForm], *, clients: int, path: Callable[[OpenForm], str]
) -> Run:
    """Send every form once from ``clients`` threads released together.

    Each thread has its own connection and sends its share one request after the other.
    """
    started: list[float] = []
    barrier = threading.Barrier(clients, action=lambda: started.append(time.perf_counter()))
    shares = [forms[i::clients] for i in range(clients)]

    def work(share: list[OpenForm]) -> list[tuple[float, int]]:
        done = []
        with proxy_client(base_url) as http:
            barrier.wait(timeout=STEP_TIMEOUT)
            for form in share:
                sent = time.perf_counter()
                status = post_form(http, form, path(form))
                done.append((time.perf_counter() - sent, status))
        return done

    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = [r for share in pool.map(work, shares) for r in share]
    wall = time.perf_counter() - started[0]
    return Run([r[0] for r in results], [r[1] for r in results], wall)


def paced(base_url: str, forms: list[OpenForm], *, rate: float, threads: int = 32) -> Run:
    """Send every form once at a steady ``rate`` per second, as people arrive one by one.

    A latency counts from the moment the request was due, so that a late start (all
    threads busy) shows in it rather than hiding.
    """
    local = threading.local()
    opened: list[Any] = []
    start = time.perf_counter() + 0.2

    def send(item: tuple[int, OpenForm]) -> tuple[float, int]:
        index, form = item
        if not hasattr(local, "http"):
            local.http = proxy_client(base_url)
            opened.append(local.http)
        due = start + index / rate
        time.sleep(max(0.0, due - time.perf_counter()))
        status = post_form(local.http, form, close=True)
        return time.perf_counter() - due, status

    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            results = list(pool.map(send, enumerate(forms)))
    finally:
        for http in opened:
            http.close()
    wall = time.perf_counter() - start
    return Run([r[0] for r in results], [r[1] for r in results], wall)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Return the ``fraction`` quantile of ``values`` (0.95: the 95th percentile).

    Interpolated between the two nearest values; one value is its own every percentile.
    """
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]
