"""Report task: print the largest gaps and write the HTML report."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from llo_radar import jobs
from llo_radar.reports import GapReport, print_report
from llo_radar.settings import Settings


@task(name="report", cache_policy=NO_CACHE)
def report_task(settings: Settings, period: str | None = None) -> tuple[GapReport, Path]:
    """Write the report of ``period`` (default: the latest month) and print its tables and path."""
    gap_report, path = jobs.report(settings, period)
    print_report(gap_report, path)
    return gap_report, path
