"""Aggregate task: recompute the indicators (skill gap, occupation profile) of some periods."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.settings import Settings
from warehouse.indicators.work import IndicatorRun

from .retries import WAREHOUSE_RETRIES


@task(name="aggregate", cache_policy=NO_CACHE, **WAREHOUSE_RETRIES)
def aggregate_task(settings: Settings, periods: list[str] | None = None) -> list[IndicatorRun]:
    """Demand and supply per period × skill × region × sector × education level, and per occupation (default:
    latest periods)."""
    runs = jobs.aggregate(settings, periods)
    for run in runs:
        get_run_logger().info("%s: %d cells for %s", run.indicator, run.cells, ", ".join(run.periods))
    return runs
