"""Deduplicate task: group vacancies that publish the same job into unique jobs."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.settings import Settings
from warehouse.dedupe import DedupeResult


@task(name="dedupe", cache_policy=NO_CACHE)
def dedupe_task(settings: Settings) -> DedupeResult:
    """Exact and near-duplicate grouping of all vacancies; rebuilds the jobs tables."""
    return jobs.dedupe(settings)
