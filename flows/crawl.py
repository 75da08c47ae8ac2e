"""Crawl task: all selected sources side by side into a new run folder."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.settings import Settings


@task(name="crawl", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=30)
def crawl_task(settings: Settings, sources: list[str] | None = None) -> jobs.CrawlRunResult:
    """Crawl the sources; a failing source is reported in the outcomes, not raised."""
    return jobs.crawl(settings, sources)
