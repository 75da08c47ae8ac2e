"""The scheduled deployments on a real Prefect server on 127.0.0.1: ``llo-radar serve`` registers them with
their schedules, a scheduled crawl runs by itself and completes, and the weekly deployment runs on demand."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterDeploymentId
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlalchemy import func, select

from core import clock
from flows.deployments import deployments
from llo_radar import jobs
from llo_radar.exceptions import LloRadarError
from llo_radar.settings import Settings
from tests.conftest import DEMO_ITEMS
from tests.postgres import free_port
from tests.records import demo_source_entries, write_sources
from warehouse.db import make_engine
from warehouse.models import Vacancy

BIN = Path(sys.executable).parent
WAIT = 300.0
"""Seconds to wait for a server, a deployment or a run: generous, for slow machines."""


class Process:
    """A child process in its own process group, its output in a log file, stopped with its children."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def check_alive(self) -> None:
        if self.popen.poll() is not None:
            raise AssertionError(
                f"{self.log.name} exited with {self.popen.returncode}:\n{self.log.read_text()[-3000:]}"
            )

    def stop(self) -> None:
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
            if self.popen.poll() is not None:
                return
            os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(wait)
            except subprocess.TimeoutExpired:
                continue


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without Prefect and LLO Radar settings (the demo sites' addresses and the pinned
    clock stay: the served flows must read the demo's items on the day the sites were made for), plus ``extra``."""
    kept = ("LLO_RADAR_DEMO_", clock.NOW_VARIABLE)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREFECT_", "LLO_RADAR_")) or key.startswith(kept)
    }
    return {**env, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **extra}


def wait_for(what: str, probe, process: Process):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        process.check_alive()
        if found := probe():
            return found
        time.sleep(1)
    raise AssertionError(f"no {what} after {WAIT} s; see {process.log}")


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Process]]:
    """A Prefect server on a free loopback port, its scheduler looking for due runs every 2 s."""
    home = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    env = clean_env(PREFECT_HOME=str(home), PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2")
    server = Process(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, home / "server.log"
    )

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        wait_for("healthy server", healthy, server)
        yield f"http://127.0.0.1:{port}/api", server
    finally:
        server.stop()


def flow_runs(deployment_id) -> list[FlowRun]:
    with get_client(sync_client=True) as client:
        return client.read_flow_runs(
            flow_run_filter=FlowRunFilter(deployment_id=FlowRunFilterDeploymentId(any_=[deployment_id]))
        )


def test_served_deployments_run_on_schedule_and_on_demand(demo_sites, prefect_server, tmp_path):
    api_url, _ = prefect_server
    demo = demo_source_entries()
    every_minute = {**demo["werkradar"], "schedule": "* * * * *"}  # its own schedule; vakacademie keeps the default
    sources_file = write_sources(tmp_path / "sources.yaml", every_minute, demo["vakacademie"])
    data_dir = tmp_path / "data"
    jobs.upgrade_warehouse(Settings(data_dir=data_dir))  # the operator's first step (README)
    env = clean_env(
        PREFECT_API_URL=api_url,
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_RUNNER_POLL_FREQUENCY="2",
        LLO_RADAR_DATA_DIR=str(data_dir),
        LLO_RADAR_SOURCES_FILE=str(sources_file),
    )
    served = Process([str(BIN / "llo-radar"), "serve"], env, tmp_path / "serve.log")
    try:
        with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
            crawl = wait_for("deployment", lambda: _deployment(client, "crawl-and-load/werkradar"), served)
            weekly = wait_for("deployment", lambda: _deployment(client, "aggregate-and-alert/weekly"), served)
            daily = _deployment(client, "crawl-and-load/vakacademie")
            assert [(s.schedule.cron, s.schedule.timezone) for s in crawl.schedules] == [
                ("* * * * *", "Europe/Amsterdam")
            ]
            assert [s.schedule.cron for s in daily.schedules] == [Settings().crawl_schedule]
            assert [s.schedule.cron for s in weekly.schedules] == [Settings().aggregate_schedule]
            assert crawl.parameters == {"sources": ["werkradar"]}  # no URL or credential stored in Prefect

            scheduled = wait_for(
                "completed scheduled run",
                lambda: [r for r in flow_runs(crawl.id) if r.auto_scheduled and r.state.is_completed()],
                served,
            )
            assert scheduled[0].state.name == "Completed"
            assert _vacancies(data_dir) == DEMO_ITEMS["werkradar"]

            weekly_run = run_deployment("aggregate-and-alert/weekly", timeout=WAIT, as_subflow=False)
            assert weekly_run.state.is_completed(), weekly_run.state
        assert list((data_dir / "reports").glob("skill-gaps-*.html"))
    finally:
        served.stop()


def _deployment(client, name: str):
    try:
        return client.read_deployment_by_name(name)
    except ObjectNotFound:  # not registered yet
        return None


def _vacancies(data_dir: Path) -> int:
    engine = make_engine(f"sqlite:///{data_dir / 'warehouse.sqlite'}")
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Vacancy))
    engine.dispose()
    return count


@pytest.mark.parametrize(
    ("source_schedule", "timezone", "message"),
    [
        ("om vijf uur", "Europe/Amsterdam", 'Bad schedule of source werkradar: Invalid cron string: "om vijf uur"'),
        (None, "Europe/Utrecht", "Bad schedule of source werkradar: Invalid timezone"),
    ],
)
def test_a_bad_schedule_is_refused_naming_where_it_is(demo_sites, tmp_path, source_schedule, timezone, message):
    werkradar = demo_source_entries()["werkradar"]
    entry = {**werkradar, "schedule": source_schedule} if source_schedule else werkradar
    sources_file = write_sources(tmp_path / "sources.yaml", entry)

    with pytest.raises(LloRadarError, match=re.escape(message)):
        deployments(Settings(sources_file=sources_file, schedule_timezone=timezone))
