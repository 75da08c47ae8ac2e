"""Deduplicate task: group vacancies that publish the same job into unique jobs."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.settings import Settings
from warehouse.dedupe import DedupeResult

from .retries import WAREHOUSE_RETRIES


@task(name="dedupe", cache_policy=NO_CACHE, **WAREHOUSE_RETRIES)
def dedupe_task(settings: Settings) -> DedupeResult:
    """Exact and near-duplicate grouping of all vacancies; rebuilds the jobs tables."""
    result = jobs.dedupe(settings)
    get_run_logger().info("%d vacancies, %d unique jobs (%d regrouped)", result.vacancies, result.jobs, result.changed)
    return result
