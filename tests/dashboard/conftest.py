"""Fixtures of the dashboard tests: a demo-like warehouse (``demo_like.py``), the dashboard served over it on
127.0.0.1, and Debian's Chromium driven by Playwright. Every page a test opened is kept as a screenshot in
``test-artifacts/dashboard/`` (ignored by git), and a test fails when its page called anything but the dashboard
(no CDN), logged a script error, or ran script from scraped text (``window.hacked``)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.orm import Session, sessionmaker

from crawlers.settings import CHROMIUM_LAUNCH_OPTIONS
from llo_radar.dashboard.app import create_app
from llo_radar.dashboard.server import free_port, serving
from warehouse.db import init_warehouse, make_engine, session_maker

from .demo_like import fill

CHARTS_DRAWN = "Array.from(document.querySelectorAll('.js-plotly-plot')).every(plot => plot._fullLayout)"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, sessionmaker[Session]]]:
    """The demo-like warehouse on a SQLite file: its URL, and sessions to check pages against it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'warehouse.sqlite'}"
    engine = make_engine(url)
    init_warehouse(engine)
    sessions = session_maker(engine)
    fill(sessions)
    yield url, sessions
    engine.dispose()


@pytest.fixture(scope="module")
def dashboard(demo_warehouse) -> Iterator[str]:
    """The dashboard over the demo-like warehouse; its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serving(create_app(demo_warehouse[0], public_url=base), port=port):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module: Playwright's sync API keeps an event loop running in this thread while it is
    open, which turns other libraries' sync calls into coroutines (Prefect's in the flow tests), so it does not
    outlive the module."""
    if shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed; `make test` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**CHROMIUM_LAUNCH_OPTIONS)
        yield browser
        browser.close()


class Visit:
    """A browser page on the dashboard that records what went wrong and keeps a screenshot of every page shown."""

    def __init__(self, page: Page, base: str, name: str) -> None:
        self.page, self.base, self.name = page, base, name
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.shots = 0
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.route(re.compile(r"^(?!" + re.escape(base) + r"/|data:).*"), self._refuse)

    def _refuse(self, route) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def open(self, path: str) -> Page:
        """Go to a dashboard path and wait until its charts are drawn."""
        self.page.goto(self.base + path, wait_until="networkidle")
        self.settle()
        return self.page

    def settle(self) -> None:
        """Wait for the page and its charts, then keep a screenshot."""
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function(
            "Array.from(document.querySelectorAll('.js-plotly-plot')).every(p => p._fullLayout)"
        )
        self.shots += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=ARTIFACTS / f"{self.name}-{self.shots}.png", full_page=True)


@pytest.fixture
def visit(browser: Browser, dashboard: str, request: pytest.FixtureRequest) -> Iterator[Visit]:
    """A fresh browser page on the dashboard; checked after the test for errors, outside requests and script run
    from scraped text."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")
    visiting = Visit(context.new_page(), dashboard, name)
    yield visiting
    hacked = visiting.page.evaluate("window.hacked")
    context.close()
    assert visiting.outside == [], "the page called outside the dashboard"
    assert visiting.errors == [], "the page logged errors"
    assert hacked is None, "script from a scraped title ran"
