"""Factsheets as PDF: Debian's Chromium, driven by Playwright, prints the factsheet page as the dashboard serves it
(the same HTML, its print style sheet and its charts drawn as static images)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from crawlers.settings import CHROMIUM_LAUNCH_OPTIONS

from ..exceptions import LloRadarError

TIMEOUT_MS = 60_000


class PrintFailed(LloRadarError):
    """Chromium could not print a page."""


def print_pdf(url: str) -> bytes:
    """The page at ``url`` printed as an A4 PDF, once its charts are drawn."""
    # Playwright's sync API refuses to run where an event loop runs (an async server, another Playwright session):
    # a thread of its own has none.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="llo-radar-pdf") as printer:
        return printer.submit(_print, url).result()


def _print(url: str) -> bytes:
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**CHROMIUM_LAUNCH_OPTIONS)
            try:
                page = browser.new_page()
                page.goto(url, wait_until="networkidle", timeout=TIMEOUT_MS)
                page.wait_for_function("document.fonts.status === 'loaded'", timeout=TIMEOUT_MS)
                return page.pdf(
                    format="A4",
                    print_background=True,
                    margin={"top": "15mm", "bottom": "15mm", "left": "14mm", "right": "14mm"},
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise PrintFailed(f"Chromium could not print {url}: {exc.message.splitlines()[0]}") from exc
