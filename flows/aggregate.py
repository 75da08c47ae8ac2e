"""Aggregate task: recompute the skill gap indicator of some periods."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.settings import Settings
from warehouse.indicators.skill_gap import SkillGapRun

from .retries import WAREHOUSE_RETRIES


@task(name="aggregate", cache_policy=NO_CACHE, **WAREHOUSE_RETRIES)
def aggregate_task(settings: Settings, periods: list[str] | None = None) -> SkillGapRun:
    """Demand and supply per period × skill × region × sector × education level (default: latest periods)."""
    result = jobs.aggregate(settings, periods)
    get_run_logger().info("%d indicator cells for %s", result.cells, ", ".join(result.periods))
    return result
