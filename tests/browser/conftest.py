"""Playwright (sync API) with the system Chromium; a browser is never downloaded.

Without Chromium the journeys are skipped with a visible reason (``-ra`` lists it, and the
terminal summary repeats it), never silently.
"""

import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_REASON = "Chromium niet geïnstalleerd: browser tests overgeslagen (apt-get install chromium)"
TIMEOUT_MS = 15_000


class BrowserTestsSkipped(UserWarning):
    """The end-to-end journeys did not run on this machine."""


def chromium_path() -> str | None:
    system = Path("/usr/bin/chromium")
    if system.is_file() and os.access(system, os.X_OK):
        return str(system)
    return shutil.which("chromium")


def screenshot_dir() -> Path:
    directory = Path(settings.VAR_DIR) / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls while a
    loop runs unless told this (single-threaded, test-only) use is safe. Set only while the browser
    tests run: left in os.environ it would leak into other tests and their subprocesses (the
    deploy check warns about it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        warnings.warn(SKIP_REASON, BrowserTestsSkipped, stacklevel=1)
        pytest.skip(SKIP_REASON)
    return path


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    """One Chromium per test module: Playwright's event loop must not outlive the browser tests."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    yield opened
    context.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if chromium_path() is None and terminalreporter.stats.get("skipped"):
        terminalreporter.write_sep("!", SKIP_REASON, yellow=True)
