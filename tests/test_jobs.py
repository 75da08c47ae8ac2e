"""Tests of llo_radar/jobs: incremental extraction, and closing only after a complete, healthy crawl, on the
demo sites."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawlers.run_folder import MANIFEST
from crawlers.sources import DEMO_SOURCES
from llo_radar import jobs
from llo_radar.settings import Settings
from nlp.errors import RawItemsError
from tests.conftest import DEMO_ITEMS
from tests.records import demo_source_entries, write_sources
from warehouse.models import CrawlRun, Vacancy


def later_run(settings: Settings, run_dir: Path, day: int, status: str, keep: slice) -> tuple[Path, list[str]]:
    """A crawl of werkradar on ``day`` January 2099 made from ``run_dir``: a new run key, the items ``keep``
    selects seen again; returns its folder and the source ids of the items it no longer has."""
    name = f"2099010{day}"
    copy = settings.runs_dir / name
    shutil.copytree(run_dir, copy)
    raw = copy / "werkradar.jsonl"
    items = [json.loads(line) for line in raw.read_text(encoding="utf-8").splitlines()]
    for item in items:
        item["fetched_at"] = f"2099-01-0{day}T00:01:00+00:00"
    raw.write_text("".join(json.dumps(item) + "\n" for item in items[keep]), encoding="utf-8")
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["run_key"] = name
    manifest["sources"][0].update(status=status, started_at=f"2099-01-0{day}T00:00:00+00:00")
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    kept = {item["source_id"] for item in items[keep]}
    return copy, [item["source_id"] for item in items if item["source_id"] not in kept]


def closed_keys(settings: Settings) -> list[str]:
    with jobs.open_warehouse(settings)() as session:
        return sorted(session.scalars(select(Vacancy.source_key).where(Vacancy.closed_at.is_not(None))))


@pytest.fixture
def loaded(demo_sites, nlp, tmp_path) -> tuple[Settings, Path]:
    """werkradar crawled once into a new warehouse and loaded."""
    settings = Settings(data_dir=tmp_path)
    jobs.upgrade_warehouse(settings)
    run = jobs.crawl(settings, ["werkradar"])
    first = jobs.extract_and_load(settings, run.folder, nlp)[0]
    assert (first.extract.analysed, first.extract.unchanged, first.closed) == (DEMO_ITEMS["werkradar"], 0, 0)
    return settings, run.folder


def test_reruns_skip_unchanged_texts(loaded, nlp):
    settings, run_dir = loaded
    published = DEMO_ITEMS["werkradar"]
    again = jobs.extract_and_load(settings, run_dir, nlp)[0]
    assert (again.extract.analysed, again.extract.unchanged, again.load.unchanged) == (0, published, published)
    with jobs.open_warehouse(settings)() as session:
        assert session.scalar(select(func.count(Vacancy.id))) == published


def test_only_a_complete_healthy_crawl_closes_what_it_no_longer_found(loaded, nlp):
    settings, run_dir = loaded
    partial_dir, _ = later_run(settings, run_dir, 1, "partial", slice(1, None))
    partial = jobs.extract_and_load(settings, partial_dir, nlp)[0]
    assert partial.closed == 0 and partial.closing == "the crawl is partial: it did not see the whole source"

    # A finished crawl that found a third of the items the last healthy crawl found is no evidence: a site
    # redesign or a broken selector looks like this.
    shrunk_dir, _ = later_run(settings, run_dir, 2, "finished", slice(0, DEMO_ITEMS["werkradar"] // 3))
    shrunk = jobs.extract_and_load(settings, shrunk_dir, nlp)[0]
    assert shrunk.closed == 0 and "fewer than 50% of the" in shrunk.closing
    assert closed_keys(settings) == []

    complete_dir, gone = later_run(settings, run_dir, 3, "finished", slice(1, None))
    complete = jobs.extract_and_load(settings, complete_dir, nlp)[0]
    assert complete.closed == 1 and complete.closing is None
    assert closed_keys(settings) == gone
    with jobs.open_warehouse(settings)() as session:
        run = session.scalars(select(CrawlRun).where(CrawlRun.run_key == complete_dir.name)).one()
        assert (run.items_loaded, run.closed_items) == (DEMO_ITEMS["werkradar"] - 1, 1)


def test_a_crawl_whose_pages_all_fail_extraction_closes_nothing(loaded, nlp, tmp_path):
    settings, _ = loaded
    broken = demo_source_entries()["werkradar"]
    broken.update(extraction="selectors", selectors={"title": "h1.bestaat-niet", "description": "div.ook-niet"})
    redesigned = Settings(data_dir=settings.data_dir, sources_file=write_sources(tmp_path / "bron.yaml", broken))
    run = jobs.crawl(redesigned, ["werkradar"])
    assert run.crawls[0].status == "finished" and run.crawls[0].items_scraped == 0

    [load] = jobs.extract_and_load(redesigned, run.folder, nlp)

    assert load.closed == 0 and load.closing == "the crawl found no items"
    assert closed_keys(settings) == []


def test_a_missing_raw_file_is_an_error_that_closes_nothing(loaded, nlp):
    settings, run_dir = loaded
    lost_dir, _ = later_run(settings, run_dir, 1, "finished", slice(0, 0))
    (lost_dir / "werkradar.jsonl").unlink()

    with pytest.raises(RawItemsError, match=r"Cannot read the raw items file .*werkradar\.jsonl"):
        jobs.extract_and_load(settings, lost_dir, nlp)
    assert closed_keys(settings) == []


def test_a_run_folder_reads_the_same_from_any_working_folder(demo_sites, nlp, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings(data_dir=Path("var"), sources_file=DEMO_SOURCES)  # the default: relative to here
    jobs.upgrade_warehouse(settings)
    run = jobs.crawl(settings, ["werkradar"])
    manifest = json.loads((run.folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["sources"][0]["raw_path"] == "werkradar.jsonl"  # relative to the run folder

    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    absolute = Settings(data_dir=tmp_path / "var")
    [load] = jobs.extract_and_load(absolute, run.folder, nlp)

    assert load.extract.analysed == DEMO_ITEMS["werkradar"] and load.closed == 0
