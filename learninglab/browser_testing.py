"""Pytest fixtures and helpers for the browser tests.

A browser test is marked ``@pytest.mark.browser`` and asks for ``page``: a fresh browser
context of Debian's Chromium, driven through Playwright's sync API, pointed at
pytest-django's ``live_server`` (which brings a transactional database, on SQLite or
PostgreSQL alike). ``assert_accessible(page)`` runs axe-core over the page.

Chromium is ``$CHROMIUM_PATH`` or the ``chromium`` on the ``PATH``. Without it the browser
tests are skipped, except under ``CI=true`` where they fail: CI must never pass by skipping.
"""

from __future__ import annotations

import io
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
AXE_ATTEMPTS = 3
# What Chromium says when the page axe was reading gave way to the next one.
PAGE_REPLACED_SIGNS = ("documentElement", "Execution context was destroyed", "axe is not defined")

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
    """Choose ``code`` in the header's language selector and apply it.

    On a phone the selector is in the folded menu: open the menu first, as a person would.
    """
    toggle = page.locator("button[aria-controls=site-menu]")
    if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    form = page.locator("form.language")
    form.locator("select").select_option(code)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Return axe-core's WCAG 2.1 A/AA violations on the page once it has loaded.

    A click on a link returns as soon as the next page's document exists, before it has an
    element in it; axe is run on the loaded page, and run again if the page was replaced
    while axe read it (a redirect or a form's answer arriving), so the figures are always
    those of one whole page.
    """
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    attempts_left = AXE_ATTEMPTS
    while True:
        page.wait_for_load_state("load")
        try:
            return Axe().run(page, options=options).response["violations"]
        except PlaywrightError as error:
            attempts_left -= 1
            if not attempts_left or not _page_was_replaced(error):
                raise


def _page_was_replaced(error: Exception) -> bool:
    return any(sign in str(error) for sign in PAGE_REPLACED_SIGNS)


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


def camera_showing(png: bytes, path: Path) -> Path:
    """Write a video file for Chromium's fake camera: the image, centred, for a second."""
    from PIL import Image

    width, height = 640, 480
    image = Image.open(io.BytesIO(png)).convert("L")
    image.thumbnail((height - 40, height - 40))
    frame = Image.new("L", (width, height), 255)
    frame.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    y, cb, cr = frame.convert("RGB").convert("YCbCr").split()
    planes = y.tobytes() + cb.resize((width // 2, height // 2)).tobytes()
    planes += cr.resize((width // 2, height // 2)).tobytes()
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + (b"FRAME\n" + planes) * 10)
    return path


def browser_with_camera(browser: Any, video: Path) -> Any:
    """Launch another Chromium like ``browser`` whose camera films ``video``, allowed at once.

    Close it when done: it is a browser of its own, not a context of ``browser``.
    """
    return browser.browser_type.launch(
        executable_path=_chromium_or_stop(),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )


def screenshot(page: Any, name: str) -> Path | None:
    """Save a full-page screenshot as ``<name>.png`` when $BROWSER_SCREENSHOT_DIR is set."""
    folder = os.environ.get("BROWSER_SCREENSHOT_DIR")
    if not folder:
        return None
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
