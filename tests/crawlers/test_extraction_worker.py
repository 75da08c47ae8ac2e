"""Tests of extraction in a worker process (crawlers/extraction/worker.py): the same items as extraction in the
crawl process and the same page archive, and a worker that dies costs its pages, not the crawl or the archive."""

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

from crawlers.archive import read_archive
from crawlers.extraction import NoItemFound, extract_item
from crawlers.extraction.worker import PageCrashed, PageWorker
from crawlers.page_archive import Fetch
from crawlers.run_folder import archive_dir, items_path
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
        assert _archived(demo_crawl, name) == _archived(tmp_path, name), name  # written by the worker or here


def _archived(folder: Path, name: str) -> list[tuple[str, int, str, bytes]]:
    pages = read_archive(archive_dir(folder, name))
    return sorted((page.url, page.status, page.page, page.response.body) for page in pages)


def _page(number: int) -> HtmlResponse:
    posting = {"@context": "https://schema.org", "@type": "JobPosting", "title": f"Verpleegkundige {number}",
               "description": "<ul><li>Wondzorg</li></ul>", "hiringOrganization": {"name": "Zorggroep"}}  # fmt: skip
    body = f'<script type="application/ld+json">{json.dumps(posting)}</script><h1>Verpleegkundige {number}</h1>'
    return HtmlResponse(f"http://127.0.0.1/vacature/{number}", body=body.encode(), encoding="utf-8")


def crash_a_worker(sources_file: str) -> None:
    """Run in a process of its own, as a crawl runs: the worker is forked only where no other thread runs, and the
    test session's servers run threads."""
    source = load_sources(sources_file).get("zorg")
    extractor = PageWorker(source)
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
        await extractor.close()

    asyncio.run(crawl())


def _run_alone(function: str, tmp_path: Path, *args: str) -> None:
    """Run ``function`` of this module with a sources file of one source and ``args`` in a process of its own."""
    sources = tmp_path / "bronnen.yaml"
    entry = {"name": "zorg", "kind": "vacancy", "publisher": {"name": "Zorg", "type": "job_board"},
             "start_urls": ["http://127.0.0.1/"], "extraction": "structured"}  # fmt: skip
    sources.write_text(json.dumps({"contact_url": "https://example.org/llo-radar", "sources": [entry]}))
    code = f"from tests.crawlers.test_extraction_worker import {function}; {function}(*{[str(sources), *args]!r})"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr


def test_a_worker_that_dies_fails_its_page_and_the_next_pages_are_extracted_in_the_crawl_process(tmp_path):
    _run_alone("crash_a_worker", tmp_path)


def _fetch(number: int) -> Fetch:
    body = f"<h1>Pagina {number}</h1>".encode() * 200
    return Fetch(f"http://127.0.0.1/pagina/{number}", 200, "text/html", "parse_detail", "2026-03-02T09:00:00Z", body)


def kill_a_worker_while_it_archives(sources_file: str, archive: str) -> None:
    """Run in a process of its own (see ``crash_a_worker``): archive pages, kill the worker while pages are still on
    their way to it or being written, archive more, parse one."""
    source = load_sources(sources_file).get("zorg")
    pages = PageWorker(source, archive_dir=Path(archive))
    assert pages.in_worker

    async def crawl() -> None:
        for number in range(150):
            pages.archive(_fetch(number))
        # Its reply comes after the worker has written the pages before it.
        assert (await pages.extract(_page(1))).title == "Verpleegkundige 1"
        for number in range(150, 300):
            pages.archive(_fetch(number))
        await asyncio.sleep(0.01)  # the pages go out to the worker
        os.kill(pages.worker_pid or 0, signal.SIGKILL)
        with pytest.raises(PageCrashed):
            await pages.extract(_page(2))
        assert not pages.in_worker
        for number in range(300, 400):
            pages.archive(_fetch(number))
        await pages.close()

    asyncio.run(crawl())


def test_a_worker_killed_while_it_archives_loses_no_page_of_the_archive(tmp_path):
    archive = tmp_path / "pages"
    _run_alone("kill_a_worker_while_it_archives", tmp_path, str(archive))
    archived = list(read_archive(archive))
    assert [page.url for page in archived] == [_fetch(number).url for number in range(400)]  # each once, in order
    assert all(page.response.body == _fetch(number).body for number, page in enumerate(archived))
    metadata = {(page.status, page.page, page.fetched_at) for page in archived}
    assert metadata == {(200, "parse_detail", "2026-03-02T09:00:00+00:00")}
