"""Run the product as in production, for the concurrency tests and the benchmarks.

gunicorn, several worker processes with threads each, serves a throw-away database: a
SQLite file in a temporary folder, or a new database on a PostgreSQL server, dropped
afterwards. The server's processes get their settings from the environment that
``server_env`` returns, so every connection is set up as in production (IMMEDIATE
transactions and a busy timeout on SQLite, row locks on PostgreSQL). Requests come over
plain HTTP marked ``X-Forwarded-Proto: https``, as from the TLS proxy in front of a
production server. Everything listens on and talks to 127.0.0.1 only.

A test starts the server with ``prepared_server``, which prepares the data in a subprocess
with the server's environment (``run_in_django``); a benchmark configures its own process
like the server, prepares the data itself and starts ``gunicorn``. Neither needs Django to
be set up to import this module.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import secrets
import ssl
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
# Seconds any one step may take: a server start, a request, a subprocess.
STEP_TIMEOUT = 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# As from the TLS proxy in front of a production server.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
# Made once: building a TLS context for each of hundreds of clients takes seconds.
_TLS = ssl.create_default_context()


class ServerFailed(RuntimeError):
    """The server stopped, or did not answer in time; the message holds its log."""


def proxy_client(base_url: str) -> httpx.Client:
    """Return a client that talks to the server as the TLS proxy in front of it would."""
    origin = "https://" + urllib.parse.urlsplit(base_url).netloc
    return httpx.Client(
        base_url=base_url,
        headers={**PROXY_HEADERS, "Origin": origin},
        timeout=STEP_TIMEOUT,
        verify=_TLS,
    )


@dataclasses.dataclass
class LiveServer:
    """A running server: its address, its environment, its log, and the data it serves."""

    url: str
    env: dict[str, str]
    log: Path
    data: Any = None  # what its preparation returned, for the tests to use
    pid: int = 0  # gunicorn's master process: its workers are its children

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def log_tail(self) -> str:
        return self.log_text()[-4000:]

    def last_error(self) -> str:
        """Return the last lines of the log, where an error's traceback ends."""
        return "\n".join(self.log_text().splitlines()[-12:])

    def client(self) -> httpx.Client:
        return proxy_client(self.url)


@dataclasses.dataclass(frozen=True)
class OpenForm:
    """A form as a browser holds it after loading the page: where it posts, and its CSRF."""

    path: str
    csrf_cookie: str
    csrf_token: str

    def post(self, http: httpx.Client, data: dict[str, Any], **headers: str) -> httpx.Response:
        # The cookie is marked Secure: the client would not send it over plain HTTP itself.
        return http.post(
            self.path,
            data={"csrfmiddlewaretoken": self.csrf_token, **data},
            headers={"Cookie": f"csrftoken={self.csrf_cookie}", **headers},
        )


def open_form(http: httpx.Client, path: str) -> OpenForm:
    """Load the page at ``path`` as a browser does; return what its form needs to be sent.

    The connection is closed after the page, so that a form sent much later does not go out
    on a connection the server has closed after its keep-alive time.
    """
    page = http.get(path, headers={"Connection": "close"})
    if page.status_code != 200:
        raise AssertionError(f"GET {path}: HTTP {page.status_code}\n{page.text[:500]}")
    found = CSRF_FIELD.search(page.text)
    if not found:
        raise AssertionError(f"GET {path}: no CSRF token in the page")
    return OpenForm(path=path, csrf_cookie=page.cookies["csrftoken"], csrf_token=found.group(1))


# -- the database ------------------------------------------------------------------------


def postgres_server_of(database: dict[str, Any]) -> str:
    """Return the URL of the PostgreSQL server of a Django database, or "" for SQLite.

    The URL names the ``postgres`` database, as Django does to create its test database:
    the one in the settings may not exist yet.
    """
    if database["ENGINE"] != "django.db.backends.postgresql":
        return ""
    credentials = urllib.parse.quote(database["USER"], safe="")
    if database["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "localhost"
    return f"postgres://{credentials}@{host}:{database['PORT'] or 5432}/postgres"


@contextlib.contextmanager
def throwaway_database(folder: Path, postgres_server: str = "") -> Iterator[str]:
    """Yield the URL of a new, empty database: SQLite in ``folder``, or on the server.

    A database made on the PostgreSQL server is dropped at the end, whoever is connected.
    """
    if not postgres_server:
        yield f"sqlite:///{folder / 'live.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"learninglab_live_{secrets.token_hex(4)}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        server = urllib.parse.urlsplit(postgres_server)
        yield urllib.parse.urlunsplit(server._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


# -- the processes -----------------------------------------------------------------------


def server_env(
    database_url: str,
    folder: Path,
    *,
    settings_module: str = "config.settings.production",
    python_path: tuple[Path, ...] = (),
    **extra: str,
) -> dict[str, str]:
    """Return the environment of a server whose files live in ``folder``.

    ``python_path`` adds folders where ``settings_module`` or what it names is found;
    ``extra`` sets further variables (``EMAIL_HOST``, ...).
    """
    env = {k: os.environ[k] for k in _INHERITED if k in os.environ}
    env |= {
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "LEARNINGLAB_VAR_DIR": str(folder / "var"),
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if python_path:
        env["PYTHONPATH"] = os.pathsep.join(str(path) for path in (*python_path, ROOT))
    return env | extra


def run_in_django(target: str, env: dict[str, str]) -> Any:
    """Call ``module:function`` in a subprocess with ``env``; return the JSON it printed last."""
    module, function = target.split(":")
    code = f"import django; django.setup(); from {module} import {function}; {function}()"
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"{target} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def migrate_and_collect_static() -> None:
    """Prepare an empty database and the static files, as a deployment does."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], folder: Path, *, workers: int, threads: int
) -> Iterator[LiveServer]:
    """Run gunicorn with ``env`` on a free port of 127.0.0.1 until the block ends."""
    log = folder / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (a fixed command)
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
        url = _wait_until_ready(process, log, workers)
        yield LiveServer(url=url, env=env, log=log, pid=process.pid)
    finally:
        stop(process)


@contextlib.contextmanager
def prepared_server(
    prepare: str, folder: Path, *, workers: int, threads: int
) -> Iterator[LiveServer]:
    """Run gunicorn with the production settings on a database of the test suite's kind.

    ``prepare`` (``module:function``) migrates, collects the static files and creates the
    data, in a subprocess; what it prints last, as JSON, becomes the server's ``data``.
    """
    from django.conf import settings

    postgres_server = postgres_server_of(settings.DATABASES["default"])
    with throwaway_database(folder, postgres_server) as database_url:
        env = server_env(database_url, folder)
        data = run_in_django(prepare, env)
        with gunicorn(env, folder, workers=workers, threads=threads) as server:
            server.data = data
            yield server


def stop(process: subprocess.Popen) -> None:
    """Stop ``process``: ask first, then kill it if it has not stopped in 15 seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen, log: Path, workers: int) -> str:
    """Return the server's URL once its workers have booted and it answers."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(f"gunicorn stopped:\n{log.read_text(errors='replace')}")
        text = log.read_text(errors="replace")
        found = _LISTENING.search(text)
        if found and text.count("Booting worker") >= workers:
            url = f"http://127.0.0.1:{found.group(1)}"
            with contextlib.suppress(httpx.TransportError):
                health = httpx.get(f"{url}/healthz", headers=PROXY_HEADERS, timeout=5)
                if health.status_code == 200:
                    return url
        time.sleep(0.1)
    raise ServerFailed(f"gunicorn did not answer in time:\n{log.read_text(errors='replace')}")
