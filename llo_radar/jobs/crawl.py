"""Crawling: the sources to crawl, a run folder per crawl, one page on its own, and extracting again from the
archived pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawlers.archive import rescrape as rescrape_archive
from crawlers.problems import EXTRACTION_REASONS, Problem, replace_problems
from crawlers.run_folder import CrawlOutcome, CrawlRun
from crawlers.runner import crawl_sources
from crawlers.sources import SourceConfig, load_sources
from warehouse.load import (
    record_crawl_run,
    register_source,
)

from ..exceptions import LloRadarError
from ..settings import Settings
from .database import open_warehouse


def crawl(settings: Settings, names: list[str] | None = None) -> CrawlRun:
    """Crawl the named sources (default: all) side by side into a new run folder and record the runs.

    One child process crawls them all; the Prefect flow crawls each source in its own task instead
    (``start_crawl_run``, ``crawl_source``, ``record_crawl``).
    """
    selected = select_sources(settings, names)
    run = start_crawl_run(settings)
    run.crawls = crawl_sources(
        settings.sources_file, [s.name for s in selected], run.folder, timeout=settings.crawl_timeout
    )
    return record_crawl(settings, run)


def select_sources(settings: Settings, names: list[str] | None = None) -> list[SourceConfig]:
    """The named sources of the sources file (default: all of them)."""
    sources = load_sources(settings.sources_file)
    return [sources.get(name) for name in names] if names else sources.sources


def start_crawl_run(settings: Settings) -> CrawlRun:
    """A new crawl run with its empty folder in the runs folder."""
    return CrawlRun.start(settings.runs_dir, settings.sources_file)


def crawl_source(settings: Settings, run: CrawlRun, name: str) -> CrawlOutcome:
    """Crawl one source into a run folder (its log: ``<name>.crawl.log``); a failure is in the outcome."""
    [outcome] = crawl_sources(
        settings.sources_file, [name], run.folder, timeout=settings.crawl_timeout, log_name=f"{name}.crawl.log"
    )
    return outcome


def record_crawl(settings: Settings, run: CrawlRun) -> CrawlRun:
    """Record the run's crawls in the warehouse and write the run folder's manifest."""
    sources = load_sources(settings.sources_file)
    sessions = open_warehouse(settings)
    with sessions.begin() as session:
        for outcome in run.crawls:
            record_crawl_run(session, register_source(session, sources.get(outcome.source)), run.key, outcome)
    run.write()
    return run


def latest_run(settings: Settings) -> CrawlRun:
    """The most recent crawl run."""
    return CrawlRun.latest(settings.runs_dir)


def rescrape(
    settings: Settings, run_dir: Path | None = None, names: list[str] | None = None
) -> dict[str, tuple[int, list[Problem]]]:
    """Extract items again from a crawl run's archived pages (no network); returns per source the items written
    and the pages that gave none, with their reason.

    The run's raw items files are replaced, and the extraction problems in its problems files; run
    ``extract_and_load`` on the run afterwards.
    """
    run = CrawlRun.read(run_dir) if run_dir else latest_run(settings)
    sources = load_sources(run.sources_file)
    results = {}
    for crawl in run.crawls:
        if names and crawl.source not in names:
            continue
        source = sources.get(crawl.source)
        written, problems = rescrape_archive(run.archive_dir(source.name), source, crawl.raw_path)
        replace_problems(run.problems_path(source.name), problems, EXTRACTION_REASONS)
        results[source.name] = written, problems
    return results


def scrape_item(url: str, kind: str, extraction: str = "auto", contact_url: str | None = None) -> dict[str, Any]:
    """Fetch one page as a crawl would and extract its item (as exported); one sentence when none is found."""
    from crawlers.runner import scrape_url

    item, problems = scrape_url(url, kind, extraction, **({"contact_url": contact_url} if contact_url else {}))
    if item is None:
        reasons = "; ".join(f"{p['reason']} ({p['detail']})" for p in problems) or "no page was fetched"
        raise LloRadarError(f"No {kind} found at {url}: {reasons}")
    return item
