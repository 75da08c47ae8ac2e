"""Credentials in the settings stay out of what Prefect stores about flow runs."""

from __future__ import annotations

import json

from prefect import get_client

from crawlers.sources import DEMO_SOURCES
from flows.extract import extract_flow
from llo_radar import jobs
from llo_radar.settings import Settings


def test_the_database_url_and_smtp_password_are_masked_in_stored_flow_parameters(demo_sites, tmp_path):
    secret_folder = tmp_path / "geheim-pad"  # stands in for a password in a PostgreSQL URL
    secret_folder.mkdir()
    settings = Settings(
        data_dir=tmp_path,
        sources_file=DEMO_SOURCES,
        database_url=f"sqlite:///{secret_folder / 'warehouse.sqlite'}",
        smtp_password="wachtwoord-123",
    )
    crawl = jobs.crawl(settings, ["vakacademie"])

    state = extract_flow(settings, crawl.run_dir, return_state=True)

    assert state.is_completed() and (secret_folder / "warehouse.sqlite").exists()
    with get_client(sync_client=True) as client:
        stored = json.dumps(client.read_flow_run(state.state_details.flow_run_id).parameters, default=str)
    assert "geheim-pad" not in stored and "wachtwoord-123" not in stored
    assert json.loads(stored)["settings"]["database_url"] == "**********"
