"""The main job as one flow: crawl → keep raw items → extract skills → load → dedupe → aggregate → alert →
report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect import flow

from alerts.delivery import DeliveryRun
from alerts.rules import Evaluation
from llo_radar.jobs import CrawlRunResult, SourceLoad
from llo_radar.reports import GapReport
from llo_radar.settings import Settings
from warehouse.dedupe import DedupeResult
from warehouse.indicators.skill_gap import SkillGapRun

from .aggregate import aggregate_task
from .alert import alert_task
from .crawl import crawl_task
from .dedupe import dedupe_task
from .extract import extract_task
from .report import report_task


@dataclass
class RadarRun:
    """What one run of the main job did."""

    crawl: CrawlRunResult
    loads: list[SourceLoad]
    dedupe: DedupeResult
    aggregate: SkillGapRun
    alerts: tuple[Evaluation, DeliveryRun]
    report: GapReport
    report_path: Path


@flow(name="llo-radar")
def radar_flow(
    data_dir: str | None = None,
    database_url: str | None = None,
    sources_file: str | None = None,
    sources: list[str] | None = None,
    period: str | None = None,
) -> RadarRun:
    """Run the whole pipeline; unset parameters fall back to the settings (environment, ``.env``)."""
    overrides = {"data_dir": data_dir, "database_url": database_url, "sources_file": sources_file}
    settings = Settings(**{key: value for key, value in overrides.items() if value is not None})
    crawl = crawl_task(settings, sources)
    loads = extract_task(settings, crawl.run_dir)
    dedupe = dedupe_task(settings)
    aggregated = aggregate_task(settings, [period] if period else None)
    alerted = alert_task(settings)
    report, path = report_task(settings, period)
    return RadarRun(crawl, loads, dedupe, aggregated, alerted, report, path)
