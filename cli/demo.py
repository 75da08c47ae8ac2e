"""The demo's main job: serve the demo sites and run the whole job on them as the scheduled Prefect flow would,
once on each day of the demo's history (``llo_radar.demo.timeline.CRAWL_DAYS``) with the clock pinned to that
day, so the warehouse holds several crawls over weeks (jobs opened, filled, reposted; courses added and withdrawn)
and its trends, open durations and alerts are real. A sample opleider is subscribed first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from alerts.subscriptions import read_subscriptions
from core import clock
from crawlers.sources import DEMO_SOURCES
from flows.radar import RadarRun, radar_flow
from llo_radar import jobs
from llo_radar.demo import SAMPLE_SUBSCRIPTION
from llo_radar.demo.server import DemoSites
from llo_radar.demo.timeline import CRAWL_DAYS
from llo_radar.settings import Settings, warehouse_in_environment


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
