"""What the benchmarks that run the product as in production share.

A throw-away database (a temporary SQLite file, or a temporary database on the PostgreSQL
server of $DATABASE_URL), this process configured with the same settings as the server
(production's, see ``_bench_settings``), gunicorn, an SMTP sink in its own process, and
people answering through their personal links from many threads at once. Everything
listens on and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import re
import secrets
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

# Seconds any one step may take: a server start, a request.
STEP_TIMEOUT = 60
_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


def postgres_server_url(parser: Any) -> str:
    """Return $DATABASE_URL if it names a PostgreSQL server, else stop with a usage error."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        parser.error("--postgres needs DATABASE_URL=postgres://user@host:port/db")
    return server


@contextlib.contextmanager
def throwaway_database(folder: Path, postgres_server: str = "") -> Iterator[str]:
    """Yield the URL of a new, empty database: SQLite in ``folder``, or on the server."""
    if not postgres_server:
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"learninglab_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urllib.parse.urlsplit(postgres_server)
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="learninglab-bench-") as folder:
        yield Path(folder)


def set_up_django(database_url: str, folder: Path, **extra: str) -> dict[str, str]:
    """Configure this process like the server, migrate and collect static files.

    Return the environment for the server and worker processes.
    """
    env = {k: os.environ[k] for k in _INHERITED if k in os.environ}
    env |= {
        "DJANGO_SETTINGS_MODULE": "_bench_settings",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "LEARNINGLAB_VAR_DIR": str(folder / "var"),
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
        "EMAIL_HOST": "",
    }
    env |= extra
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return env


# -- data --------------------------------------------------------------------------------


def create_lab(*, slug: str, capacity: int | None, people: int) -> list[Any]:
    """Create a published lab with its contact and ``people`` invitations; return them."""
    from django.utils import timezone

    from learninglab.labs.models import Invitation, Lab, LabContact, LabStatus
    from learninglab.projects.models import Partner, Project
    from learninglab.stakeholders.models import Organisation, Stakeholder

    project, _created = Project.objects.get_or_create(
        acronym="BENCH",
        defaults={
            "title": "Benchmark",
            "programme": "Interreg Europe",
            "start_date": datetime.date(2019, 8, 1),
            "end_date": datetime.date(2030, 7, 31),
        },
    )
    partner, _created = Partner.objects.get_or_create(
        slug="timisoara",
        defaults={
            "project": project,
            "institution": "Municipality of Timișoara",
            "city": "Timișoara",
            "country": "RO",
            "time_zone": "Europe/Bucharest",
            "languages": ["ro", "en"],
        },
    )
    starts = timezone.now() + datetime.timedelta(days=10)
    lab = Lab.objects.create(
        partner=partner,
        slug=slug,
        round_number=2,
        theme={
            "ro": "Cum poate deveni programul CEaC o oportunitate?",
            "en": "How can the ECoC programme become an opportunity?",
        },
        description={"en": "Round table with the cultural and creative industries."},
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        rsvp_deadline=starts - datetime.timedelta(days=2),
        time_zone="Europe/Bucharest",
        venue_name="Spațiul Expozițional al Primăriei",
        venue_address="Piața Victoriei nr. 5, Timișoara",
        capacity=capacity,
        status=LabStatus.PUBLISHED,
    )
    LabContact.objects.create(
        lab=lab,
        role="rsvp",
        name="Irina Vlad",
        function={"ro": "responsabil comunicare", "en": "communication officer"},
        email="irina.vlad@example.org",
        phone="+40700000101",
    )
    organisation, _created = Organisation.objects.get_or_create(
        partner=partner,
        name="Asociația Artiștilor",
        defaults={"name_folded": "asociatia artistilor"},
    )
    guests = Stakeholder.objects.bulk_create(
        (
            Stakeholder(
                partner=partner,
                first_name=f"Ștefan{n}",
                last_name="Mureșan",
                email=f"{slug}.{n}@example.ro",
                organisation=organisation,
                language="ro" if n % 3 else "en",
            )
            for n in range(people)
        ),
        batch_size=1000,
    )
    return Invitation.objects.bulk_create(
        (Invitation(lab=lab, stakeholder=g, language=g.language) for g in guests),
        batch_size=1000,
    )


def rsvp_path(invitation: Any) -> str:
    from django.urls import reverse

    from learninglab.labs.links import rsvp_token

    return reverse("labs:rsvp", args=[invitation.public_id, rsvp_token(invitation)])


def baseline_path(rsvp: str) -> str:
    """Return the baseline view's path for the same invitation as the RSVP path ``rsvp``."""
    return "/bench/baseline/" + rsvp.removeprefix("/rsvp/")


# -- processes ---------------------------------------------------------------------------


@dataclasses.dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def last_error(self) -> str:
        """Return the last lines of the server's log, where an error's traceback ends."""
        return "\n".join(self.log_text().splitlines()[-12:])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], folder: Path, *, workers: int, threads: int) -> Iterator[Server]:
    """Run gunicorn on a free port of 127.0.0.1 until the block ends."""
    log = folder / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind=127.0.0.1:0",
                f"--workers={workers}",
                f"--threads={threads}",
                f"--timeout={STEP_TIMEOUT}",
                "--graceful-timeout=5",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield Server(url=_wait_until_ready(process, log, workers), process=process, log=log)
    finally:
        stop(process)


def _wait_until_ready(process: subprocess.Popen, log: Path, workers: int) -> str:
    import httpx

    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text(errors='replace')}")
        text = log.read_text(errors="replace")
        found = _LISTENING.search(text)
        if found and text.count("Booting worker") >= workers:
            url = f"http://127.0.0.1:{found.group(1)}"
            with contextlib.suppress(httpx.TransportError):
                health = httpx.get(f"{url}/healthz", headers=PROXY_HEADERS, timeout=5)
                if health.status_code == 200:
                    return url
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer in time:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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

# As from the TLS proxy in front of a production server.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
_TLS = ssl.create_default_context()  # made once: one per client would take seconds


def client(base_url: str) -> Any:
    import httpx

    origin = "https://" + urllib.parse.urlsplit(base_url).netloc
    return httpx.Client(
        base_url=base_url,
        headers={**PROXY_HEADERS, "Origin": origin},
        timeout=STEP_TIMEOUT,
        verify=_TLS,
    )


@dataclasses.dataclass(frozen=True)
class OpenForm:
    path: str
    csrf_cookie: str
    csrf_token: str


def open_forms(base_url: str, paths: list[str], *, threads: int = 8) -> list[OpenForm]:
    """Open each RSVP page as a browser does; return what each form needs to be sent."""

    def open_one(path: str) -> OpenForm:
        with client(base_url) as http:
            page = http.get(path, headers={"Connection": "close"})
        if page.status_code != 200:
            raise RuntimeError(f"GET {path}: HTTP {page.status_code}")
        found = _CSRF_FIELD.search(page.text)
        if not found:
            raise RuntimeError(f"GET {path}: no CSRF token in the form")
        return OpenForm(path, page.cookies["csrftoken"], found.group(1))

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(open_one, paths))


def post_form(http: Any, form: OpenForm, path: str | None = None, *, close: bool = False) -> int:
    """Send ``form`` (to ``path`` if given); return the HTTP status, 0 if none came.

    With ``close``, the connection is closed after the answer: the next request opens a
    new one, as the next person would.
    """
    import httpx

    # The cookie is marked Secure: the client would not send it over plain HTTP itself.
    headers = {"Cookie": f"csrftoken={form.csrf_cookie}"}
    if close:
        headers["Connection"] = "close"
    try:
        response = http.post(
            path or form.path,
            data={"csrfmiddlewaretoken": form.csrf_token, "answer": "attend", "note": ""},
            headers=headers,
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
        with client(base_url) as http:
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
            local.http = client(base_url)
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


def percentile(values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]
