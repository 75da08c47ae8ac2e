"""The crawl-and-load flow: a failing source, retried, does not fail the others, and the next run recovers;
crawls of one site wait for each other; the run summary artifact."""

from __future__ import annotations

import pytest
from prefect import get_client
from sqlalchemy import func, select

from crawlers.sources import DEMO_SOURCES, load_sources
from flows.crawl import CRAWLS_LIMIT, site_limit
from flows.radar import crawl_and_load_flow
from llo_radar import jobs
from llo_radar.settings import Settings
from tests.conftest import DEMO_ITEMS
from tests.flows.prefect_api import artifact, task_runs
from tests.postgres import free_port
from tests.records import demo_source_entries, write_sources
from warehouse.db import make_engine
from warehouse.models import Offer, Source, Vacancy


def items_per_source(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        counts = {}
        for model in (Vacancy, Offer):
            query = select(Source.name, func.count()).join(model, model.source_id == Source.id).group_by(Source.name)
            counts |= dict(connection.execute(query).tuples().all())
    engine.dispose()
    return counts


def summary_rows(markdown: str) -> list[list[str]]:
    """The cells of each row of the summary's per-source table."""
    lines = [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    return [[cell.strip() for cell in line.split("|")[1:-1]] for line in lines[1:]]


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLO_RADAR_CRAWL_RETRIES", "1")
    monkeypatch.setenv("LLO_RADAR_CRAWL_RETRY_DELAY", "0")


def test_a_failing_source_leaves_a_partial_run_and_the_next_run_recovers(
    demo_sites, quick_retries, monkeypatch, tmp_path
):
    url = f"sqlite:///{tmp_path / 'warehouse.sqlite'}"
    run = {"data_dir": str(tmp_path), "sources_file": str(DEMO_SOURCES)}
    monkeypatch.setenv("LLO_RADAR_DATABASE_URL", url)
    jobs.upgrade_warehouse(Settings())
    monkeypatch.setenv("LLO_RADAR_DEMO_BOARD_A", f"http://127.0.0.1:{free_port()}")  # werkradar's site is down

    state = crawl_and_load_flow(**run, return_state=True)

    assert state.is_completed() and state.name == "Partial"
    assert "werkradar" in state.message and "vakacademie" not in state.message
    result = state.result()
    assert result.failed.keys() == {"werkradar"}
    assert items_per_source(url) == {name: n for name, n in DEMO_ITEMS.items() if name != "werkradar"}
    flow_run_id = state.state_details.flow_run_id
    crawls = task_runs(flow_run_id, expected=4)
    assert crawls["crawl-werkradar"].state.is_failed() and crawls["crawl-werkradar"].run_count == 2  # one retry
    assert crawls["crawl-vakacademie"].state.is_completed() and crawls["crawl-vakacademie"].run_count == 1
    summary = artifact(flow_run_id, "crawl-and-load")
    assert "Partial: 1 of 4 sources failed** (werkradar)" in summary
    rows = {cells[0]: cells for cells in summary_rows(summary)}
    n = DEMO_ITEMS["vakacademie"]
    assert rows["vakacademie"][:2] == ["vakacademie", "finished"] and rows["vakacademie"][3] == rows["vakacademie"][
        7
    ] == str(n)
    assert rows["werkradar"][1] == "failed" and "no page could be fetched" in rows["werkradar"][-1]
    monkeypatch.setenv("LLO_RADAR_DEMO_BOARD_A", demo_sites.base_urls["board-a"])  # the site is back

    state = crawl_and_load_flow(**run, return_state=True)

    assert state.is_completed() and state.name == "Completed"
    assert items_per_source(url) == DEMO_ITEMS  # werkradar loaded; nothing of the others duplicated
    assert state.result().dedupe.jobs < sum(
        n for name, n in DEMO_ITEMS.items() if name in ("werkradar", "vakmensen-online")
    )


def test_crawls_of_one_site_wait_for_each_other_within_the_configured_limits(demo_sites, monkeypatch, tmp_path):
    demo = demo_source_entries()
    mirror = {**demo["werkradar"], "name": "werkradar-spiegel"}  # another source on the same site
    sources_file = write_sources(tmp_path / "sources.yaml", demo["werkradar"], mirror, demo["vakacademie"])
    monkeypatch.setenv("LLO_RADAR_CRAWL_PARALLEL", "3")
    monkeypatch.setenv("LLO_RADAR_DATABASE_URL", f"sqlite:///{tmp_path / 'w.sqlite'}")
    jobs.upgrade_warehouse(Settings())

    result = crawl_and_load_flow(str(tmp_path), str(sources_file))

    outcomes = {outcome.source: outcome for outcome in result.crawl.crawls}
    assert all(outcome.status == "finished" for outcome in outcomes.values())
    first, second = sorted((outcomes["werkradar"], outcomes["werkradar-spiegel"]), key=lambda o: o.started_at)
    assert first.finished_at <= second.started_at  # one crawl of the site at a time
    site = load_sources(sources_file).get("werkradar").sites[0]
    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name(CRAWLS_LIMIT).limit == 3
        assert client.read_global_concurrency_limit_by_name(site_limit(site)).limit == 1
        assert client.read_global_concurrency_limit_by_name(site_limit(site)).active_slots == 0  # all released


BROKEN_OFFERS = {  # the warehouse refuses every offer: a load that fails for one source only
    "sqlite": ["CREATE TRIGGER kapot BEFORE INSERT ON offers BEGIN SELECT RAISE(ABORT, 'opslag kapot'); END"],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION kapot() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'opslag kapot'; END $$ "
        "LANGUAGE plpgsql",
        "CREATE TRIGGER kapot BEFORE INSERT ON offers FOR EACH ROW EXECUTE FUNCTION kapot()",
    ],
}


def test_a_source_whose_load_fails_does_not_stop_the_others(demo_sites, warehouse_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LLO_RADAR_DATABASE_URL", warehouse_url)
    jobs.upgrade_warehouse(Settings())
    engine = make_engine(warehouse_url)
    with engine.begin() as connection:
        for statement in BROKEN_OFFERS[engine.dialect.name]:
            connection.exec_driver_sql(statement)
    engine.dispose()

    state = crawl_and_load_flow(str(tmp_path), str(DEMO_SOURCES), ["werkradar", "vakacademie"], return_state=True)

    assert state.is_completed() and state.name == "Partial"
    assert "vakacademie: load: " in state.message and "opslag kapot" in state.message
    assert "werkradar" not in state.message
    assert items_per_source(warehouse_url) == {"werkradar": DEMO_ITEMS["werkradar"]}
