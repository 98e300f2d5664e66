"""Settings per environment: production passes Django's deployment checks and refuses a weak
secret key; SQLite is tuned for several workers writing at once."""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings

from config.settings.base import PREPARED_ONLY_WHEN_ASKED, database_from_env

# Only what Python itself needs: the settings must come from what each test passes.
_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")


def run_django(
    *args: str, settings_module: str, env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess:
    """Run ``python <args>`` with the given settings, in a clean environment."""
    environment = {k: os.environ[k] for k in _INHERITED if k in os.environ}
    environment |= {
        "DJANGO_SETTINGS_MODULE": settings_module,
        "LEARNINGLAB_VAR_DIR": str(tmp_path / "var"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment |= env
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "learninglab.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    } | overrides


# -- production ----------------------------------------------------------------------------


def test_production_passes_the_deployment_checks(tmp_path):
    env = production_env(tmp_path)
    assert len(env["SECRET_KEY"]) >= 60

    result = run_django(
        "-m",
        "learninglab.manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        settings_module="config.settings.production",
        env=env,
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


@pytest.mark.parametrize("secret_key", ["", "too-short-to-be-a-secret", "x" * 49])
def test_production_refuses_to_start_with_a_weak_secret_key(tmp_path, secret_key):
    result = run_django(
        "-m",
        "learninglab.manage",
        "check",
        settings_module="config.settings.production",
        env=production_env(tmp_path, SECRET_KEY=secret_key),
        tmp_path=tmp_path,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_are_strict(tmp_path):
    script = textwrap.dedent(
        """
        import json
        from django.conf import settings
        print(json.dumps({
            "DEBUG": settings.DEBUG,
            "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
            "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
            "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
            "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
            "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
        }))
        """
    )
    result = run_django(
        "-c",
        script,
        settings_module="config.settings.production",
        env=production_env(tmp_path, DEBUG="true"),
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,  # even when the environment asks for it
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "ALLOWED_HOSTS": ["learninglab.example.org"],
    }


# -- Redis ---------------------------------------------------------------------------------

_CACHE_BACKEND = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"


def test_the_cache_is_redis_only_when_redis_url_is_set(tmp_path):
    def cache_backend(env: dict[str, str]) -> str:
        result = run_django(
            "-c",
            _CACHE_BACKEND,
            settings_module="config.settings.production",
            env=production_env(tmp_path, **env),
            tmp_path=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert cache_backend({}) == "django.core.cache.backends.locmem.LocMemCache"
    assert cache_backend({"REDIS_URL": "redis://127.0.0.1:6379/0"}) == (
        "django.core.cache.backends.redis.RedisCache"
    )


def test_redis_url_without_the_redis_package_says_how_to_install_it(tmp_path):
    without_redis = "import sys; sys.modules['redis'] = None; " + _CACHE_BACKEND
    result = run_django(
        "-c",
        without_redis,
        settings_module="config.settings.production",
        env=production_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0"),
        tmp_path=tmp_path,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "pip install '.[redis]'" in result.stderr


# -- SQLite --------------------------------------------------------------------------------


def test_sqlite_file_database_is_tuned_for_concurrent_writers(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")

    config = database_from_env("sqlite:///:memory:")

    options = config["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "PRAGMA journal_mode=WAL;" in options["init_command"]
    assert "PRAGMA busy_timeout=" in options["init_command"]


def test_postgresql_gets_no_sqlite_options(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://learninglab@db.example.org/learninglab")

    config = database_from_env("sqlite:///:memory:")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert "init_command" not in config.get("OPTIONS", {})
    assert config["CONN_HEALTH_CHECKS"] is True


def test_postgresql_prepares_only_the_statements_that_ask_unless_turned_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://learninglab@db.example.org/learninglab")
    asked_only = database_from_env("sqlite:///:memory:")["OPTIONS"]["prepare_threshold"]
    assert asked_only == PREPARED_ONLY_WHEN_ASKED

    # Behind a pooler in transaction mode: nothing prepared, as Django's own default.
    monkeypatch.setenv("POSTGRES_PREPARED_STATEMENTS", "false")
    options = database_from_env("sqlite:///:memory:").get("OPTIONS", {})
    assert options.get("prepare_threshold") is None


# Opens the configured database and reports what SQLite says about the connection; then
# checks that a transaction holds the write lock from its first statement (IMMEDIATE), by
# trying to take it from a second connection that does not wait.
PROBE = textwrap.dedent(
    """
    import json, sqlite3
    import django
    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout = cursor.fetchone()[0]
    with transaction.atomic():
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            writer_locked_out = True
        else:
            writer_locked_out = False
            other.rollback()
        other.close()
    options = connection.settings_dict["OPTIONS"]
    print(json.dumps({
        "journal_mode": journal_mode,
        "busy_timeout": busy_timeout,
        "transaction_mode": options.get("transaction_mode"),
        "writer_locked_out": writer_locked_out,
    }))
    """
)


@pytest.mark.parametrize("settings_module", ["config.settings.development", "config.settings.test"])
def test_sqlite_connection_runs_wal_immediate_with_a_busy_timeout(tmp_path, settings_module):
    result = run_django(
        "-c",
        PROBE,
        settings_module=settings_module,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "transaction_mode": "IMMEDIATE",
        "writer_locked_out": True,
    }
    # WAL is a property of the file: a fresh connection finds it on.
    with closing(sqlite3.connect(tmp_path / "db.sqlite3")) as fresh:
        assert fresh.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_development_uses_a_sqlite_file_by_default(tmp_path):
    script = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"

    result = run_django(
        "-c", script, settings_module="config.settings.development", env={}, tmp_path=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == tmp_path / "var" / "learninglab.sqlite3"


def test_the_demo_shows_the_products_own_404_and_still_serves_its_styles(tmp_path):
    script = (
        "import json, django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(SERVER_NAME='localhost')\n"
        "missing = client.get('/no-such-page/')\n"
        "styles = client.get('/static/core/learninglab.css')\n"
        "print(json.dumps({'missing': missing.status_code, 'styles': styles.status_code,"
        " 'own_page': b'Go to the start page' in missing.content}))"
    )

    result = run_django(
        "-c", script, settings_module="config.settings.development", env={}, tmp_path=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"missing": 404, "styles": 200, "own_page": True}
