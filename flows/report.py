"""Report task: write the HTML report of the largest gaps (``llo-radar report`` prints it)."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.reports import GapReport
from llo_radar.settings import Settings


@task(name="report", cache_policy=NO_CACHE)
def report_task(settings: Settings, period: str | None = None) -> tuple[GapReport, Path]:
    """Write the report of ``period`` (default: the latest month); returns it and the file's path."""
    return jobs.report(settings, period)
