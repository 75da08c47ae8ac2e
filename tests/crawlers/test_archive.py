"""Tests of the page archive (crawlers/middlewares/archive.py) and offline re-extraction (crawlers/archive.py)."""

from __future__ import annotations

import json
from pathlib import Path

from crawlers.archive import read_archive, rescrape
from crawlers.run_folder import archive_dir
from crawlers.sources import DEMO_SOURCES, load_sources
from tests.conftest import DEMO_ITEMS


def test_every_fetched_page_is_archived_with_its_metadata(demo_crawl: Path):
    pages = list(read_archive(archive_dir(demo_crawl, "vakmensen-online")))
    details = [p for p in pages if p.page == "parse_detail"]
    assert len(details) == DEMO_ITEMS["vakmensen-online"]
    assert {p.page for p in pages} >= {"parse_detail", "parse_listing"}
    assert all(p.status == 200 and p.fetched_at and p.response.text.startswith("<!DOCTYPE html>") for p in details)


def test_rescrape_gives_the_same_items_without_the_network(demo_crawl: Path, demo_sites, tmp_path):
    for name in ("werkradar", "vakmensen-online", "vakacademie", "rivierland-contractonderwijs"):
        source = load_sources(DEMO_SOURCES).get(name)
        written, problems = rescrape(archive_dir(demo_crawl, name), source, tmp_path / f"{name}.jsonl")

        def without_time(path: Path) -> dict[str, dict]:
            items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            return {item["url"]: {**item, "fetched_at": None} for item in items}

        assert without_time(tmp_path / f"{name}.jsonl") == without_time(demo_crawl / f"{name}.jsonl")
        assert problems == [] and written > 0
