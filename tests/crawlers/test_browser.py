"""JS-rendered listings: sources with ``browser`` go through scrapy-playwright and Debian's Chromium."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from crawlers.runner import crawl_sources
from llo_radar.demo.server import LoopbackHTTPServer

SITE = Path(__file__).parent / "sample_sites" / "js-listing"

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Debian's chromium is not installed; `make test` installs it"
)


@pytest.fixture(scope="module")
def js_site():
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(SITE))
    handler.log_message = lambda *args: None
    server = LoopbackHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_listing_built_by_scripts_needs_the_browser(js_site, tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"""
contact_url: https://example.org/contact
sources:
  - name: met-browser
    kind: vacancy
    publisher: {{name: JS, type: employer_site}}
    start_urls: ["{js_site}/"]
    follow: {{detail: a.job}}
    extraction: structured
    browser: {{wait_for: a.job, timeout: 20}}
  - name: zonder-browser
    kind: vacancy
    publisher: {{name: JS, type: employer_site}}
    start_urls: ["{js_site}/"]
    follow: {{detail: a.job}}
    extraction: structured
""",
        encoding="utf-8",
    )
    outcomes = {o.source: o for o in crawl_sources(sources, ["met-browser", "zonder-browser"], tmp_path / "run")}
    log = (tmp_path / "run" / "crawl.log").read_text(encoding="utf-8")
    assert outcomes["met-browser"].status == "finished", log[-3000:]
    items = [json.loads(line) for line in (tmp_path / "run" / "met-browser.jsonl").read_text().splitlines()]
    assert sorted(item["source_id"] for item in items) == ["JS-1", "JS-2", "JS-3"]
    assert outcomes["zonder-browser"].items_scraped == 0  # plain HTTP sees no links
