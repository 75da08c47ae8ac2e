"""Extract task: analyse a crawl run's items and load them into the warehouse."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.settings import Settings


@task(name="extract-and-load", cache_policy=NO_CACHE)
def extract_task(settings: Settings, run_dir: Path) -> list[jobs.SourceLoad]:
    """Skills, sector and regions for every item of the run, upserted into the warehouse."""
    return jobs.extract_and_load(settings, run_dir)
