"""Tests of extraction in a worker process (crawlers/extraction/worker.py): the same items as extraction in the
crawl process, and a worker that dies costs its pages, not the crawl."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from crawlers.extraction import NoItemFound, extract_item
from crawlers.extraction.worker import PageCrashed, PageExtractor
from crawlers.run_folder import items_path
from crawlers.runner import crawl_sources
from crawlers.sources import DEMO_SOURCES, load_sources

ROOT = Path(__file__).parents[2]


def _items(folder: Path, name: str) -> dict[str, dict]:
    lines = items_path(folder, name).read_text(encoding="utf-8").splitlines()
    return {item["url"]: item for item in map(json.loads, lines)}


def test_a_crawl_gets_the_same_items_from_the_worker_as_in_the_crawl_process(demo_sites, demo_crawl, tmp_path):
    names = [source.name for source in load_sources(DEMO_SOURCES).sources if source.browser is None]
    in_process = crawl_sources(DEMO_SOURCES, names, tmp_path, settings={"LLO_RADAR_EXTRACTION_WORKER": "False"})
    assert all(outcome.status == "finished" for outcome in in_process)
    for name in names:  # demo_crawl ran with the default: the worker
        in_worker = _items(demo_crawl, name)
        assert in_worker and in_worker == _items(tmp_path, name), name


def _page(number: int) -> HtmlResponse:
    posting = {"@context": "https://schema.org", "@type": "JobPosting", "title": f"Verpleegkundige {number}",
               "description": "<ul><li>Wondzorg</li></ul>", "hiringOrganization": {"name": "Zorggroep"}}  # fmt: skip
    body = f'<script type="application/ld+json">{json.dumps(posting)}</script><h1>Verpleegkundige {number}</h1>'
    return HtmlResponse(f"http://127.0.0.1/vacature/{number}", body=body.encode(), encoding="utf-8")


def crash_a_worker(sources_file: str) -> None:
    """Run in a process of its own, as a crawl runs: the worker is forked only where no other thread runs, and the
    test session's servers run threads."""
    source = load_sources(sources_file).get("zorg")
    extractor = PageExtractor(source)
    assert extractor.in_worker

    async def crawl() -> None:
        first = await extractor.extract(_page(1))
        assert first == extract_item(_page(1), source) and first.title == "Verpleegkundige 1"
        with pytest.raises(NoItemFound):  # the extraction's own errors come back as they are
            await extractor.extract(HtmlResponse("http://127.0.0.1/leeg", body=b"<p>niets</p>", encoding="utf-8"))
        os.kill(extractor.worker_pid or 0, signal.SIGKILL)  # a crash in a parser, say
        with pytest.raises(PageCrashed):
            await extractor.extract(_page(2))
        assert not extractor.in_worker
        assert (await extractor.extract(_page(3))).title == "Verpleegkundige 3"

    try:
        asyncio.run(crawl())
    finally:
        extractor.close()


def test_a_worker_that_dies_fails_its_page_and_the_next_pages_are_extracted_in_the_crawl_process(tmp_path):
    sources = tmp_path / "bronnen.yaml"
    entry = {"name": "zorg", "kind": "vacancy", "publisher": {"name": "Zorg", "type": "job_board"},
             "start_urls": ["http://127.0.0.1/"], "extraction": "structured"}  # fmt: skip
    sources.write_text(json.dumps({"contact_url": "https://example.org/llo-radar", "sources": [entry]}))
    code = f"from tests.crawlers.test_extraction_worker import crash_a_worker; crash_a_worker({str(sources)!r})"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
