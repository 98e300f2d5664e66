"""Pytest fixtures and helpers for the browser tests.

A browser test is marked ``@pytest.mark.browser`` and asks for ``page``: a fresh browser
context of Debian's Chromium, driven through Playwright's sync API, pointed at
pytest-django's ``live_server`` (which brings a transactional database, on SQLite or
PostgreSQL alike). ``assert_accessible(page)`` runs axe-core over the page.

Chromium is ``$CHROMIUM_PATH`` or the ``chromium`` on the ``PATH``. Without it the browser
tests are skipped, except under ``CI=true`` where they fail: CI must never pass by skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_CHROMIUM = "Debian's chromium is not installed (apt-get install chromium)"

# The WCAG 2.1 A and AA rules of axe-core; "serious" and "critical" findings fail a test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# Wait at most this long (ms) for an element or a page; the live server answers in far less.
TIMEOUT_MS = 15_000


def chromium_path() -> str | None:
    """Return the Chromium executable to drive, or None when there is none."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    found = shutil.which("chromium")
    if found:
        return found
    return DEFAULT_CHROMIUM if os.access(DEFAULT_CHROMIUM, os.X_OK) else None


def _chromium_or_stop() -> str:
    path = chromium_path()
    if path is not None:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{MISSING_CHROMIUM}; CI=true, so the browser tests may not be skipped.")
    pytest.skip(MISSING_CHROMIUM)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Return a headless Chromium; Playwright gives it a new, empty profile directory."""
    executable = _chromium_or_stop()
    # Playwright's sync API keeps an asyncio loop running in this thread for as long as it is
    # started, and Django refuses ORM calls while a loop runs. Test code (factories, asserts,
    # database teardown) is plain synchronous code, so allow it for the rest of the process.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Any, live_server: Any, transactional_db: None):
    """Return a page in a fresh browser context (no cookies) whose base URL is the live server."""
    if request.node.get_closest_marker("browser") is None:
        pytest.fail("Mark tests that use the `page` fixture with @pytest.mark.browser.")
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Any, *, email: str, password: str) -> None:
    """Log in through the login form and its second step (a backup code), as a person would."""
    from learninglab.accounts.models import User
    from learninglab.conftest import backup_code_for

    code = backup_code_for(User.objects.get(email=email))
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def switch_language(page: Any, code: str) -> None:
    """Choose ``code`` in the header's language selector and apply it."""
    form = page.locator("form.language")
    form.locator("select").select_option(code)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Return axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Return the violations as readable lines: rule, impact, help, and each failing node."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"  - {target}")
            if node.get("failureSummary"):
                lines.extend(f"      {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    """Fail if axe-core finds a serious or critical WCAG 2.1 A/AA violation on the page."""
    blocking = [v for v in axe_violations(page) if v["impact"] in AXE_BLOCKING_IMPACTS]
    if blocking:
        report = describe_violations(blocking)
        print(report)
        pytest.fail(f"Accessibility violations on {page.url}:\n{report}", pytrace=False)


def screenshot(page: Any, name: str) -> Path | None:
    """Save a full-page screenshot as ``<name>.png`` when $BROWSER_SCREENSHOT_DIR is set."""
    folder = os.environ.get("BROWSER_SCREENSHOT_DIR")
    if not folder:
        return None
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
