"""Aggregate task: recompute the skill gap indicator of a period."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.settings import Settings


@task(name="aggregate", cache_policy=NO_CACHE)
def aggregate_task(settings: Settings, period: str | None = None) -> tuple[str, int]:
    """Demand and supply per skill × sector × region; returns the period and its number of cells."""
    return jobs.aggregate(settings, period)
