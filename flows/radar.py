"""The flows users run and schedule.

- ``crawl-and-load``: crawl sources (each its own task) → keep raw items → extract → load → deduplicate;
  deployed per source, daily.
- ``aggregate-and-alert``: recompute the indicators → alert subscribers → write the report; deployed weekly.
- ``llo-radar``: both in one run (the demo, and runs on demand).

Parameters left unset fall back to the settings (environment, ``.env``). Prefect stores a flow run's
parameters, so the warehouse URL (which may hold a password) is no parameter: the flows read it from
``LLO_RADAR_DATABASE_URL`` in the environment of the process that runs them.

A source that fails does not fail the run: the run ends in a Completed state named ``Partial`` that names the
failed sources, and the next run crawls them again. Each flow leaves a run summary as a Markdown artifact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from prefect import flow, get_run_logger
from prefect.states import Completed

from alerts.delivery import DeliveryRun
from alerts.rules import Evaluation
from crawlers.run_folder import CrawlRun
from llo_radar.jobs import SourceLoad, start_analysis
from llo_radar.reports import GapReport
from llo_radar.settings import Settings
from warehouse.dedupe import DedupeResult
from warehouse.indicators.work import IndicatorRun

from .aggregate import aggregate_task
from .alert import alert_task
from .crawl import run_crawl
from .dedupe import dedupe_task
from .extract import extract_flow, extraction_runner
from .report import report_task
from .summary import crawl_markdown, failed_sources, gaps_markdown, publish


@dataclass
class CrawlAndLoad:
    """What one crawl-and-load run did."""

    crawl: CrawlRun
    loads: list[SourceLoad]
    dedupe: DedupeResult

    @property
    def failed(self) -> dict[str, str]:
        """Source → problem, for the sources that failed."""
        return failed_sources(self.crawl, self.loads)


@dataclass
class GapRun:
    """What one aggregate-and-alert run did."""

    aggregate: list[IndicatorRun]
    alerts: tuple[Evaluation, DeliveryRun]
    report: GapReport
    report_path: Path


@dataclass
class RadarRun(CrawlAndLoad, GapRun):
    """What one run of the whole job did."""


def crawl_and_load(settings: Settings, sources: list[str] | None) -> CrawlAndLoad:
    start_analysis(settings)  # the workers load the pipeline while the sources are crawled
    crawl = run_crawl(settings, sources)
    loads = extract_flow.with_options(task_runner=extraction_runner(settings))(settings, crawl)
    return CrawlAndLoad(crawl, loads, dedupe_task(settings))


def aggregate_and_alert(settings: Settings, period: str | None) -> GapRun:
    aggregated = aggregate_task(settings, [period] if period else None)
    alerted = alert_task(settings)
    report, path = report_task(settings, period)
    return GapRun(aggregated, alerted, report, path)


Run = TypeVar("Run", bound=CrawlAndLoad)


@flow(name="crawl-and-load")
def crawl_and_load_flow(
    data_dir: str | None = None, sources_file: str | None = None, sources: list[str] | None = None
) -> CrawlAndLoad:
    """Crawl the sources (default: all), extract and load what they publish, and deduplicate the vacancies."""
    result = crawl_and_load(Settings.overridden(data_dir=data_dir, sources_file=sources_file), sources)
    publish("crawl-and-load", "LLO Radar crawl and load", [crawl_markdown(result.crawl, result.loads, result.dedupe)])
    return _final(result)


@flow(name="aggregate-and-alert")
def aggregate_and_alert_flow(data_dir: str | None = None, period: str | None = None) -> GapRun:
    """Recompute the indicators (default: the latest week, month and quarter), send the alerts they raise and
    write the report of ``period`` (default: the latest month)."""
    result = aggregate_and_alert(Settings.overridden(data_dir=data_dir), period)
    publish("aggregate-and-alert", "LLO Radar gaps and alerts", [gaps_markdown(result.report, result.alerts)])
    return result


@flow(name="llo-radar")
def radar_flow(
    data_dir: str | None = None,
    sources_file: str | None = None,
    sources: list[str] | None = None,
    period: str | None = None,
) -> RadarRun:
    """The whole job: crawl, extract, load, deduplicate, aggregate, alert and report."""
    settings = Settings.overridden(data_dir=data_dir, sources_file=sources_file)
    loaded = crawl_and_load(settings, sources)
    gaps = aggregate_and_alert(settings, period)
    run = RadarRun(**vars(loaded), **vars(gaps))
    publish(
        "llo-radar-run",
        "LLO Radar run",
        [crawl_markdown(run.crawl, run.loads, run.dedupe), gaps_markdown(run.report, run.alerts)],
    )
    return _final(run)


def _final(result: Run) -> Run:
    """The result, in a ``Partial`` Completed state naming the failed sources when some failed."""
    if not result.failed:
        return result
    message = "; ".join(f"{source}: {problem}" for source, problem in sorted(result.failed.items()))
    get_run_logger().error("Partial run: %d of %d sources failed: %s", len(result.failed), len(result.loads), message)
    # A flow may return a State: Prefect makes it the run's final state and hands the caller its data, ``result``.
    return Completed(name="Partial", message=f"sources failed: {message}", data=result)  # type: ignore[return-value]
