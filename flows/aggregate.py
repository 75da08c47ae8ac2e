"""Aggregate task: recompute the skill gap indicator of some periods."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.settings import Settings
from warehouse.indicators.skill_gap import SkillGapRun


@task(name="aggregate", cache_policy=NO_CACHE)
def aggregate_task(settings: Settings, periods: list[str] | None = None) -> SkillGapRun:
    """Demand and supply per period × skill × region × sector × education level (default: latest periods)."""
    return jobs.aggregate(settings, periods)
