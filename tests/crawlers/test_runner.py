"""Tests of crawlers/runner.py: crawling the demo sites, and a dead source next to live ones."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from crawlers.archive import read_archive
from crawlers.items import REQUIRED_FIELDS
from crawlers.run_folder import archive_dir, summary_path
from crawlers.runner import crawl_sources
from tests.conftest import DEMO_ITEMS
from tests.postgres import free_port
from tests.records import source_entry, write_sources


def read_items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_demo_crawl_collects_every_page(demo_crawl: Path):
    for name, count in DEMO_ITEMS.items():
        items = read_items(demo_crawl / f"{name}.jsonl")
        assert len(items) == count, name
        assert len({item["url"] for item in items}) == count
        assert all(item[field] for item in items for field in REQUIRED_FIELDS)


def test_demo_items_are_normalised(demo_crawl: Path):
    board = read_items(demo_crawl / "vakmensen-online.jsonl")
    assert all(item["date_posted"] and item["date_posted"].startswith("2026-") for item in board)
    assert {item["employer_type"] for item in board} == {"direct", "agency"}
    courses = read_items(demo_crawl / "rivierland-contractonderwijs.jsonl")
    assert all(item["provider"] == "ROC Rivierland Contractonderwijs" for item in courses)
    assert {item["mode"] for item in courses} <= {"online", "classroom", "blended", "in_company"}
    assert all(isinstance(item["price"], float) for item in courses)


def test_dead_source_fails_alone(demo_sites, tmp_path):
    dead = f"http://127.0.0.1:{free_port()}"
    sources_file = write_sources(
        tmp_path / "sources.yaml",
        source_entry("dood", "vacancy", start_urls=[f"{dead}/vacatures/"], follow={"detail": "a"}),
        source_entry("levend", "offer", sitemap_urls=[f"{demo_sites.base_urls['provider-c']}/robots.txt"]),
    )
    fast = {"RETRY_TIMES": "1", "LLO_RADAR_RETRY_BACKOFF_BASE": "0.05"}
    outcomes = {o.source: o for o in crawl_sources(sources_file, ["dood", "levend"], tmp_path / "run", settings=fast)}
    assert outcomes["dood"].status == "failed"
    assert outcomes["dood"].problems == {"connection_failed": 1}
    assert outcomes["levend"].status == "finished"
    assert outcomes["levend"].items_scraped == DEMO_ITEMS["vakacademie"]  # provider C


def test_source_settings_carry_outputs_browser_limits_and_politeness(tmp_path):
    from crawlers.runner import source_settings
    from crawlers.sources import SourceConfig

    config = {
        "name": "bron",
        "kind": "offer",
        "publisher": {"name": "B", "type": "mbo"},
        "sitemap_urls": ["https://b.example/sitemap.xml"],
        "extraction": "structured",
        "limits": {"max_pages": 50, "download_delay": 2.0, "concurrency": 1},
    }
    plain = SourceConfig(**config)
    settings = source_settings(plain, tmp_path, {"DOWNLOAD_HANDLERS": {"http": "browser"}})
    assert settings["FEEDS"] == {
        str(tmp_path / "bron.jsonl"): {"format": "jsonlines", "encoding": "utf8", "overwrite": True}
    }
    assert settings["LLO_RADAR_ARCHIVE_DIR"] == str(tmp_path / "pages" / "bron")
    assert (
        settings["CLOSESPIDER_PAGECOUNT"],
        settings["DOWNLOAD_DELAY"],
        settings["CONCURRENT_REQUESTS_PER_DOMAIN"],
    ) == (
        50,
        2.0,
        1,
    )
    assert "DOWNLOAD_HANDLERS" not in settings  # plain HTTP unless the source asks for a browser
    rendered = SourceConfig(**config, browser={"wait_for": "a.job"})
    assert source_settings(rendered, tmp_path, {"DOWNLOAD_HANDLERS": {"http": "browser"}})["DOWNLOAD_HANDLERS"]


def test_a_crawl_that_hangs_is_stopped_at_its_timeout(tmp_path):
    with socket.socket() as silent:  # accepts connections and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        sources_file = write_sources(
            tmp_path / "sources.yaml",
            source_entry("stil", "offer", start_urls=[f"http://127.0.0.1:{silent.getsockname()[1]}/cursus.html"]),
        )
        [outcome] = crawl_sources(sources_file, ["stil"], tmp_path / "run", timeout=5)

    assert outcome.status == "failed" and outcome.problem == "crawl process timed out after 5 s"
    assert (outcome.finished_at - outcome.started_at).total_seconds() < 60


def test_a_crawl_counts_its_pages_and_items_without_scrapys_downloader_stats(demo_crawl: Path):
    # settings.py switches the downloader stats off: the counts of a crawl must come from what stays.
    for name, count in DEMO_ITEMS.items():
        stats = json.loads(summary_path(demo_crawl, name).read_text(encoding="utf-8"))["stats"]
        assert stats["response_received_count"] == len(list(read_archive(archive_dir(demo_crawl, name)))), name
        assert stats["item_scraped_count"] == count, name
