"""Crawl sources in a child process and report each crawl's outcome.

A Twisted reactor cannot be restarted inside one process, so ``crawl_sources`` starts
``python -m crawlers.runner``, which crawls the sources side by side with one ``CrawlerProcess``. Each
source's items go to ``<out_dir>/<source>.jsonl``; its summary (see ``extensions/run_summary.py``) to
``<out_dir>/<source>.summary.json``; its problems per URL (``extensions/problem_log.py``) to
``<out_dir>/<source>.problems.jsonl``; its fetched pages (``middlewares/archive.py``) to
``<out_dir>/pages/<source>/``; the child's log to ``<out_dir>/crawl.log`` (or the ``log_name`` given).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Literal

from core import clock

from .problems import UNSEEN_REASONS
from .run_folder import CrawlOutcome, archive_dir, items_path, problems_path, summary_path
from .sources import SourceConfig, load_sources

_COMPLETE_REASONS = {"finished"}


def crawl_sources(
    sources_file: str | Path,
    names: list[str],
    out_dir: str | Path,
    *,
    settings: dict[str, str] | None = None,
    timeout: float | None = None,
    log_name: str = "crawl.log",
) -> list[CrawlOutcome]:
    """Crawl ``names`` from ``sources_file`` into ``out_dir``; one outcome per source, failures included.

    The child's log goes to ``out_dir/log_name``: give each of several crawls into one folder its own.
    """
    out_dir = Path(out_dir).resolve()  # outcomes name absolute paths, whatever the working folder
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "crawlers.runner", "--sources", str(sources_file), "--out", str(out_dir)]
    for key, value in (settings or {}).items():
        command += ["--set", f"{key}={value}"]
    command += names
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawlers.settings"}
    # Whole seconds, like the items' fetched_at: a page fetched in the crawl's first second must not look older than
    # the crawl, or closing would take it for gone.
    started = clock.now().replace(microsecond=0)
    problem = None
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
        log = completed.stdout + completed.stderr
        if completed.returncode != 0:
            problem = f"crawl process exited with code {completed.returncode}: {_last_line(log)}"
    except subprocess.TimeoutExpired as exc:
        log = (exc.stdout or b"").decode(errors="replace") + (exc.stderr or b"").decode(errors="replace")
        problem = f"crawl process timed out after {timeout} s"
    (out_dir / log_name).write_text(log, encoding="utf-8")
    finished = clock.now()
    kinds = {source.name: source.kind for source in load_sources(sources_file).sources}
    return [_outcome(name, kinds[name], out_dir, started, finished, problem, log_name) for name in names]


def scrape_url(
    url: str, kind: str, extraction: str = "auto", contact_url: str = "https://example.org/llo-radar"
) -> tuple[dict | None, list[dict]]:
    """Fetch one page the way a crawl would (robots.txt, retries) and extract its item.

    Returns the item as exported (or None) and the problems met.
    """
    with tempfile.TemporaryDirectory(prefix="llo-scrape-url-") as tmp:
        out_dir = Path(tmp)
        source = {
            "name": "scrape-url",
            "kind": kind,
            "publisher": {"name": url, "type": "job_board" if kind == "vacancy" else "private_provider"},
            "start_urls": [url],
            "extraction": extraction,
        }
        sources_file = out_dir / "sources.yaml"
        sources_file.write_text(json.dumps({"contact_url": contact_url, "sources": [source]}), encoding="utf-8")
        crawl_sources(sources_file, ["scrape-url"], out_dir, settings={"AUTOTHROTTLE_ENABLED": "False"})
        items_file, problems_file = items_path(out_dir, "scrape-url"), problems_path(out_dir, "scrape-url")
        items = items_file.read_text(encoding="utf-8").splitlines() if items_file.exists() else []
        problems = problems_file.read_text(encoding="utf-8").splitlines() if problems_file.exists() else []
        return (json.loads(items[0]) if items else None), [json.loads(line) for line in problems]


def _last_line(log: str) -> str:
    lines = [line for line in log.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def _outcome(
    name: str,
    kind: Literal["vacancy", "offer"],
    out_dir: Path,
    started: dt.datetime,
    finished: dt.datetime,
    problem: str | None,
    log_name: str,
) -> CrawlOutcome:
    summary_file = summary_path(out_dir, name)
    outcome = CrawlOutcome(
        source=name,
        kind=kind,
        status="failed",
        started_at=started,
        finished_at=finished,
        raw_path=items_path(out_dir, name),
    )
    if not summary_file.exists():
        outcome.problem = problem or "the crawl wrote no summary"
        return outcome
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    stats = summary["stats"]
    outcome.finish_reason = summary["finish_reason"]
    outcome.items_scraped = stats.get("item_scraped_count", 0)
    prefix = "llo/problem/"
    outcome.problems = {key.removeprefix(prefix): value for key, value in stats.items() if key.startswith(prefix)}
    outcome.errors = sum(n for reason, n in outcome.problems.items() if reason in UNSEEN_REASONS)
    outcome.items_dropped = sum(n for reason, n in outcome.problems.items() if reason not in UNSEEN_REASONS)
    outcome.pages_fetched = stats.get("response_received_count", 0)
    if outcome.finish_reason not in _COMPLETE_REASONS:
        outcome.status, outcome.problem = "partial", f"stopped early: {outcome.finish_reason}"
    elif outcome.errors:
        outcome.status, outcome.problem = "partial", f"{outcome.errors} pages could not be fetched"
    else:
        outcome.status = "finished"
    if outcome.pages_fetched == 0:
        outcome.status, outcome.problem = "failed", problem or f"no page could be fetched; see {log_name}"
    return outcome


def _main(argv: list[str] | None = None) -> None:
    from scrapy.crawler import Crawler, CrawlerProcess
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.reactor import install_reactor

    parser = argparse.ArgumentParser(description="Crawl sources (used by crawl_sources; run in its own process)")
    parser.add_argument("--sources", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--set", action="append", default=[], help="Scrapy setting override KEY=VALUE")
    parser.add_argument("names", nargs="+")
    args = parser.parse_args(argv)
    sources = load_sources(args.sources)
    out_dir = Path(args.out)

    settings = get_project_settings()
    settings.set("LLO_RADAR_SOURCES_FILE", str(Path(args.sources).resolve()))
    settings.set("USER_AGENT", f"LLO-Radar/0.1 (+{sources.contact_url})")
    for override in args.set:
        key, _, value = override.partition("=")
        settings.set(key, value)
    process = CrawlerProcess(settings)
    # Scrapy's log handlers drop records below LOG_LEVEL, but only once they are built: two DEBUG lines per page
    # ("Crawled", "Scraped from") cost the crawl ~2% at INFO. Its loggers now drop them before.
    logging.getLogger("scrapy").setLevel(settings["LOG_LEVEL"])
    # Crawlers built here with their own settings expect the reactor to be installed already.
    install_reactor(settings["TWISTED_REACTOR"], settings["ASYNCIO_EVENT_LOOP"])
    for name in args.names:
        source = sources.get(name)
        crawler_settings = settings.copy()
        # "cmdline" priority: per-source values must win over the process-wide ones merged in by crawl().
        crawler_settings.setdict(source_settings(source, out_dir, settings.getdict("BROWSER_SETTINGS")), "cmdline")
        spider_class = process.spider_loader.load(source.spider_name)
        process.crawl(Crawler(spider_class, crawler_settings), source=name)
    process.start()


def source_settings(source: SourceConfig, out_dir: Path, browser_settings: dict[str, Any]) -> dict[str, Any]:
    """Scrapy settings of one source's crawl: its output files, and its browser, limits and politeness."""
    name = source.name
    settings: dict[str, Any] = {
        "FEEDS": {str(items_path(out_dir, name)): {"format": "jsonlines", "encoding": "utf8", "overwrite": True}},
        "LLO_RADAR_RUN_SUMMARY": str(summary_path(out_dir, name)),
        "LLO_RADAR_PROBLEMS_FILE": str(problems_path(out_dir, name)),
        "LLO_RADAR_ARCHIVE_DIR": str(archive_dir(out_dir, name)),
    }
    if source.browser is not None:
        settings.update(browser_settings)
    if source.limits.max_pages:
        settings["CLOSESPIDER_PAGECOUNT"] = source.limits.max_pages
    if source.limits.download_delay is not None:
        settings["DOWNLOAD_DELAY"] = source.limits.download_delay
    if source.limits.concurrency is not None:
        settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = source.limits.concurrency
    return settings


if __name__ == "__main__":
    _main()
