"""The demo's main job: serve the demo sites and run the whole job on them as the scheduled Prefect flow would,
once on each day of the demo's history (``llo_radar.demo.timeline.CRAWL_DAYS``) with the clock pinned to that
day, so the warehouse holds several crawls over weeks (jobs opened, filled, reposted; courses added and withdrawn)
and its trends, open durations and alerts are real. A sample opleider is subscribed first."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from alerts.subscriptions import read_subscriptions
from core import clock
from core.outside_text import for_terminal
from crawlers.sources import DEMO_SOURCES
from llo_radar import jobs
from llo_radar.demo import SAMPLE_SUBSCRIPTION
from llo_radar.demo.server import DemoSites
from llo_radar.demo.timeline import CRAWL_DAYS
from llo_radar.settings import Settings, warehouse_in_environment
from llo_radar.terminal import table
from warehouse.db import display_url

from .common import DataDirOption, DbOption, add_row, console, settings_for
from .pipeline import print_crawl
from .skills import print_emerging

if TYPE_CHECKING:  # the flows (and Prefect) are imported when the demo runs, not whenever the command starts
    from flows.radar import RadarRun


@dataclass
class DemoRun:
    """What the demo did: the run of each crawl day, and the alerts the sample opleider received."""

    runs: list[tuple[dt.datetime, RadarRun]]
    subscriber: str
    alerts_file: Path
    received: str
    """The alert messages the last run (today's) delivered to the sample opleider."""

    @property
    def last(self) -> RadarRun:
        return self.runs[-1][1]


def run_demo(settings: Settings) -> DemoRun:
    """Set up the warehouse, subscribe the sample opleider, then crawl and process the demo sites on every day of
    the history."""
    from flows.radar import radar_flow

    jobs.upgrade_warehouse(settings)  # the demo sets up its own warehouse; other commands leave the schema alone
    sample = read_subscriptions(SAMPLE_SUBSCRIPTION)[0]
    assert sample.file is not None  # the sample opleider's alerts go to a file (llo_radar/demo/subscription.yaml)
    alerts_file = (settings.data_dir / sample.file).resolve()
    jobs.add_subscription(settings, sample.model_copy(update={"file": str(alerts_file)}))
    now = clock.now().replace(microsecond=0)
    runs = []
    with DemoSites(now.date()) as sites, warehouse_in_environment(settings):
        for day in CRAWL_DAYS:
            received_before = _read(alerts_file)
            with clock.pinned(now + dt.timedelta(days=day)) as moment:
                sites.show(day)
                run = radar_flow(data_dir=str(settings.data_dir), sources_file=str(DEMO_SOURCES))
            runs.append((moment, run))
    return DemoRun(runs, sample.name, alerts_file, _read(alerts_file)[len(received_before) :])


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


app = typer.Typer()


@app.command()
def demo(db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Serve the bundled demo websites on 127.0.0.1 and run the whole pipeline on them as a Prefect flow, on each
    day of a few weeks of history (the clock pinned to each), ending today."""
    from flows.server import check_prefect_api
    from llo_radar.reports import print_report

    settings = settings_for(db, data_dir)
    # Without a configured Prefect API the flows run on a temporary local server; keep its state with the demo.
    prefect_home = settings.data_dir / "prefect"
    prefect_home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(prefect_home.resolve()))
    check_prefect_api()
    result = run_demo(settings)
    history = table("Crawled", "Vacancies", "Unique jobs", "Closed", "Offers", "Alerts new", "Worse", "Resolved",
                    title="Demo history: one run of the whole job per crawl day")  # fmt: skip
    for moment, run in result.runs:
        evaluation, _ = run.alerts
        closed = sum(load.closed for load in run.loads)
        add_row(history, f"{moment:%Y-%m-%d}", run.report.vacancies, run.dedupe.jobs, closed, run.report.offers,
                 evaluation.raised, evaluation.worse, evaluation.resolved)  # fmt: skip
    console.print(history)
    last = result.last
    print_crawl(last.crawl)
    console.print(
        f"Warehouse {for_terminal(display_url(settings.warehouse_url))}: {last.report.vacancies} vacancies "
        f"({last.dedupe.jobs} unique jobs), {last.report.offers} offers; {sum(run.cells for run in last.aggregate)} "
        f"indicator cells for {', '.join(last.aggregate[0].periods)}."
    )
    print_report(last.report, last.report_path, console)
    # The skills no concept matches, next to the linked ones above: what the taxonomy should learn next.
    print_emerging(*jobs.emerging_skills(settings, limit=10))
    evaluation, delivery = last.alerts
    console.print(
        f"\nAlerts for {result.subscriber} ({evaluation.period}), today's run: {evaluation.raised} new, "
        f"{evaluation.worse} worse, {evaluation.unchanged} unchanged and not sent again, {evaluation.resolved} "
        f"resolved; {delivery.delivered} messages to {for_terminal(result.alerts_file)}"
    )
    received = for_terminal(result.received.strip()) or "No new alerts: every gap was sent before."
    console.print(received, highlight=False, soft_wrap=True)  # URLs whole
    options = f" --data-dir {for_terminal(data_dir)}" if data_dir else ""
    options += f" --db '{for_terminal(display_url(db))}'" if db else ""
    console.print(
        f"\nSee the figures, their evidence and the factsheets in the dashboard:\n  llo-radar dashboard{options}\n"
        f"and open {settings.dashboard_base_url}/ (JSON API: {settings.dashboard_base_url}/api/docs)",
        soft_wrap=True,
    )
