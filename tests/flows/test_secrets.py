"""The database password shows nowhere: not in what commands print, not in logs, run folders, reports or alerts,
and not in what Prefect stores (flow run parameters, logs, artifacts, its database). The SMTP password neither."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from prefect import get_client
from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from cli.app import app
from crawlers.sources import DEMO_SOURCES
from flows.radar import radar_flow
from llo_radar.settings import Settings, warehouse_in_environment

PASSWORD = "Geheim-Wachtwoord-42"
SMTP_PASSWORD = "smtp-wachtwoord-123"


def prefect_store() -> list[str]:
    """Everything the Prefect API keeps: flow runs with their parameters, logs and artifacts."""
    with get_client(sync_client=True) as client:
        runs = [json.dumps(run.model_dump(mode="json")) for run in client.read_flow_runs(limit=200)]
        logs = [log.message for log in client.read_logs(limit=200)]
        artifacts = [json.dumps(artifact.model_dump(mode="json")) for artifact in client.read_artifacts(limit=200)]
    return [*runs, *logs, *artifacts]


@pytest.mark.postgres
def test_the_database_password_shows_nowhere(demo_sites, postgres_server, tmp_path, capfd, caplog, monkeypatch):
    url = make_url(postgres_server).set(password=PASSWORD).render_as_string(hide_password=False)  # trusted: any works
    data = tmp_path / "data"
    monkeypatch.setenv("LLO_RADAR_SMTP_PASSWORD", SMTP_PASSWORD)
    runner = CliRunner()
    printed = []
    for command in (["db", "upgrade"], ["aggregate", "--level", "wijk"], ["report", "--period", "2026-1"]):
        result = runner.invoke(app, [*command, "--db", url, "--data-dir", str(data)])
        printed += [result.output, str(result.exception or "")]
    assert "postgres:***@" in printed[0]

    settings = Settings(data_dir=data, database_url=url, sources_file=DEMO_SOURCES)
    with warehouse_in_environment(settings), caplog.at_level(logging.INFO):  # as the demo runs its flows
        state = radar_flow(
            data_dir=str(data), sources_file=str(DEMO_SOURCES), sources=["werkradar", "vakacademie"], return_state=True
        )
    assert state.is_completed(), state

    result = runner.invoke(app, ["alerts", "list", "--db", url])
    printed += [result.output, caplog.text, *capfd.readouterr()]
    prefect_database = Path(make_url(PREFECT_SERVER_DATABASE_CONNECTION_URL.value()).database).parent
    paths = [path for folder in (tmp_path, prefect_database) for path in folder.rglob("*") if path.is_file()]
    files = [path.read_bytes() for path in paths]
    stored = prefect_store()
    assert stored and files and any("vakacademie" in text for text in stored)  # the searches look at real content
    for secret in (PASSWORD, SMTP_PASSWORD):
        assert not any(secret in text for text in [*printed, *stored]), secret
        assert not any(secret.encode() in content for content in files), secret
