"""Pytest helpers for tests against a real server: gunicorn with the production settings.

Several worker processes with threads each serve a database of their own: a SQLite file,
or, when the suite runs on PostgreSQL, a new database on that server, dropped afterwards.
The data is created and read back by subprocesses with the same settings
(``run_in_django``), so every connection is set up as in production (IMMEDIATE
transactions and a busy timeout on SQLite, row locks on PostgreSQL). Requests come over
plain HTTP marked ``X-Forwarded-Proto: https``, as from the TLS proxy in front of a
production server.

A test module's fixture makes the database with ``server_database`` and starts the server
with ``gunicorn_server``, naming the function of its own that prepares the data.
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
import pytest
from django.conf import settings

# Seconds any one step may take: a server start, a request, a subprocess.
STEP_TIMEOUT = 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


@dataclasses.dataclass
class LiveServer:
    """A running server: its address, environment, log and what its preparation returned."""

    url: str
    env: dict[str, str]
    log: Path
    data: Any
    # Made once: building a TLS context for each of hundreds of clients takes seconds.
    tls: ssl.SSLContext = dataclasses.field(default_factory=ssl.create_default_context)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def client(self) -> httpx.Client:
        """Return a client that talks to the server as the TLS proxy in front of it would."""
        origin = "https://" + urllib.parse.urlsplit(self.url).netloc
        return httpx.Client(
            base_url=self.url,
            headers={"X-Forwarded-Proto": "https", "Origin": origin},
            timeout=STEP_TIMEOUT,
            verify=self.tls,
        )


def run_in_django(target: str, env: dict[str, str]) -> Any:
    """Call ``module:function`` in a subprocess with ``env``; return the JSON it printed last."""
    module, function = target.split(":")
    code = f"import django; django.setup(); from {module} import {function}; {function}()"
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def server_database() -> Iterator[str]:
    """Yield the URL of an empty database for the server, of the suite's kind.

    An empty string stands for a SQLite file in the server's own folder.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        yield ""
        return
    import psycopg
    from psycopg import sql

    name = f"learninglab_conc_{secrets.token_hex(4)}"
    admin = {
        "host": database["HOST"] or "localhost",
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
        # As Django does to create its test database: the suite's own may not exist yet.
        "dbname": "postgres",
    }
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = urllib.parse.quote(admin["user"], safe="")
    if admin["password"]:
        credentials += ":" + urllib.parse.quote(admin["password"], safe="")
    try:
        yield f"postgres://{credentials}@{admin['host']}:{admin['port']}/{name}"
    finally:
        with psycopg.connect(**admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def server_env(database_url: str, folder: Path) -> dict[str, str]:
    """Return the production environment of a server whose files live in ``folder``."""
    env = {k: os.environ[k] for k in _INHERITED if k in os.environ}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'live.sqlite3'}",
        "LEARNINGLAB_VAR_DIR": str(folder / "var"),
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return env


@contextlib.contextmanager
def gunicorn_server(
    *, prepare: str, database_url: str, folder: Path, workers: int, threads: int
) -> Iterator[LiveServer]:
    """Prepare the database with ``prepare`` (``module:function``), then run gunicorn on it.

    The preparing function migrates, collects the static files and creates the data; what
    it prints last, as JSON, is the server's ``data``.
    """
    env = server_env(database_url, folder)
    data = run_in_django(prepare, env)
    log = folder / "gunicorn.log"
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 (a fixed command)
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
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        url = _wait_until_ready(server, log, workers)
        yield LiveServer(url=url, env=env, log=log, data=data)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_ready(server: subprocess.Popen, log: Path, workers: int) -> str:
    """Return the server's URL once its workers have booted and it answers."""
    deadline = time.monotonic() + STEP_TIMEOUT
    url = ""
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn stopped:\n{log.read_text(errors='replace')}"
        if not url:
            found = _LISTENING.search(log.read_text(errors="replace"))
            url = f"http://127.0.0.1:{found.group(1)}" if found else ""
        if url and log.read_text(errors="replace").count("Booting worker") >= workers:
            try:
                health = httpx.get(
                    f"{url}/healthz", headers={"X-Forwarded-Proto": "https"}, timeout=5
                )
            except httpx.TransportError:
                health = None
            if health is not None and health.status_code == 200:
                return url
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer in time:\n{log.read_text(errors='replace')}")
