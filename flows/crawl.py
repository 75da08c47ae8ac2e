"""Crawl: every source in its own task, side by side within concurrency limits, retried with backoff.

Two Prefect global concurrency limits hold over all flow runs at once (so the daily per-source deployments
that start together stay polite too): ``llo-radar-crawls`` caps the crawls at the same time, and
``llo-radar-site:<host:port>`` the crawls of one site. The flow sets them from the settings.
"""

from __future__ import annotations

from prefect import get_client, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency
from prefect.futures import PrefectFuture
from prefect.tasks import exponential_backoff

from core import clock
from crawlers.run_folder import CrawlOutcome, CrawlRun, items_path
from crawlers.sources import SourceConfig
from llo_radar import jobs
from llo_radar.settings import Settings

CRAWLS_LIMIT = "llo-radar-crawls"


class SourceCrawlFailed(Exception):
    """A source's crawl fetched nothing usable; raised so that Prefect retries it."""

    def __init__(self, outcome: CrawlOutcome) -> None:
        super().__init__(f"{outcome.source}: {outcome.problem}")
        self.outcome = outcome


def site_limit(site: str) -> str:
    """The name of a site's concurrency limit."""
    return f"llo-radar-site:{site}"


@task(name="crawl-source", task_run_name="crawl-{name}", cache_policy=NO_CACHE)
def crawl_source_task(settings: Settings, run: CrawlRun, name: str, sites: list[str]) -> CrawlOutcome:
    """Crawl one source once a slot is free for it and for each of its sites; ``SourceCrawlFailed`` when the
    crawl fetched nothing."""
    with concurrency([CRAWLS_LIMIT, *map(site_limit, sites)], occupy=1, strict=True):
        outcome = jobs.crawl_source(settings, run, name)
    if outcome.status == "failed":
        raise SourceCrawlFailed(outcome)
    logger = get_run_logger()
    logger.info(
        "%s: %d pages, %d items, %d dropped", name, outcome.pages_fetched, outcome.items_scraped, outcome.items_dropped
    )
    if outcome.problem:
        logger.warning("%s: crawl %s: %s", name, outcome.status, outcome.problem)
    return outcome


def set_crawl_limits(settings: Settings, sources: list[SourceConfig]) -> None:
    """Create or update the concurrency limits the crawl tasks take slots of."""
    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(CRAWLS_LIMIT, settings.crawl_parallel)
        for site in sorted({site for source in sources for site in source.sites}):
            client.upsert_global_concurrency_limit_by_name(site_limit(site), settings.crawl_site_parallel)


def run_crawl(settings: Settings, names: list[str] | None = None) -> CrawlRun:
    """Crawl the sources (default: all) into a new run folder, each in its own task; a source that still fails
    after its retries is recorded as failed and the others go on."""
    selected = jobs.select_sources(settings, names)
    set_crawl_limits(settings, selected)
    run = jobs.start_crawl_run(settings)
    crawl = crawl_source_task.with_options(
        retries=settings.crawl_retries,
        retry_delay_seconds=exponential_backoff(settings.crawl_retry_delay)(settings.crawl_retries),
    )
    futures = [crawl.submit(settings, run, source.name, source.sites) for source in selected]
    run.crawls = [_outcome(future, source, run) for future, source in zip(futures, selected, strict=True)]
    return jobs.record_crawl(settings, run)


def _outcome(future: PrefectFuture[CrawlOutcome], source: SourceConfig, run: CrawlRun) -> CrawlOutcome:
    """The outcome of a finished crawl task, a failed one included."""
    future.wait()
    if future.state.is_completed():
        return future.result()
    error = future.state.result(raise_on_failure=False)
    if isinstance(error, SourceCrawlFailed):
        return error.outcome
    now = clock.now()  # the task itself broke (no slot, a crash): no crawl outcome to report
    return CrawlOutcome(
        source=source.name,
        kind=source.kind,
        status="failed",
        started_at=now,
        finished_at=now,
        raw_path=items_path(run.folder, source.name),
        problem=f"crawl task {(future.state.name or future.state.type.value).lower()}: {error}",
    )
