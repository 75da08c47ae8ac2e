"""The standing hostile-web suite: the hostile fixture site (tests/crawlers/hostile_site.py, ``/vijandig/``) crawled
end to end into SQLite and PostgreSQL. Every stage survives, each problem is counted, nothing valid is lost,
nothing outside is printed unescaped and the database password leaks nowhere."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from alerts.messages import FIELD_LIMIT
from cli import common as cli
from cli.app import app
from crawlers.runner import crawl_sources
from llo_radar import jobs
from llo_radar.settings import Settings
from tests.crawlers.hostile_site import (
    CARE_EMPLOYERS,
    ESCAPE_TITLE,
    FORMULA_TITLE,
    MARKUP_TITLE,
    SCRIPT_TITLE,
    HostileSite,
)
from tests.records import source_entry, write_sources
from warehouse.models import Vacancy

SIZE_CAP = 1_500_000
"""DOWNLOAD_MAXSIZE of the suite: the 1.1-million-character title fits, the bomb and the stream do not."""
CRAWL_SETTINGS = {
    "RETRY_TIMES": "1", "LLO_RADAR_RETRY_BACKOFF_BASE": "0.05", "DOWNLOAD_TIMEOUT": "5",
    "DOWNLOAD_MAXSIZE": str(SIZE_CAP), "DOWNLOAD_WARNSIZE": "0", "AUTOTHROTTLE_ENABLED": "False",
}  # fmt: skip
PASSWORD = "Vijandig-Wachtwoord-7"
ALERT_RULE = {"LLO_RADAR_ALERT_MIN_DEMAND": "5", "LLO_RADAR_ALERT_MIN_GAP": "3"}
TERMINAL_CONTROLS = ("\x1b", "\x07", "\x00", "\u202e")


@pytest.fixture(scope="module")
def hostile_site():
    with HostileSite() as site:
        yield site


@pytest.fixture
def warehouse_with_password(warehouse_url: str) -> str:
    """The test warehouse; on PostgreSQL its URL carries a password (the throwaway server trusts every login,
    so any password works), which must never show anywhere."""
    url = make_url(warehouse_url)
    if url.get_backend_name() == "postgresql":
        return url.set(password=PASSWORD).render_as_string(hide_password=False)
    return warehouse_url


def test_every_stage_survives_the_hostile_web(hostile_site, warehouse_with_password, nlp, tmp_path, monkeypatch):
    monkeypatch.setattr(cli.console, "width", 400)  # wide enough to read titles back in one piece
    runner = CliRunner()
    sources = write_sources(tmp_path / "bronnen.yaml", source_entry("vijandig", "vacancy",
                            start_urls=[f"{hostile_site.url}/vijandig/"], follow={"detail": "a.job"}))  # fmt: skip
    data = tmp_path / "data"
    settings = Settings(data_dir=data, database_url=warehouse_with_password, sources_file=sources)
    options = ["--db", warehouse_with_password, "--data-dir", str(data)]
    outputs: list[str] = []

    def run(*args: str, env: dict[str, str] | None = None) -> str:
        result = runner.invoke(app, [*args], env=env)
        outputs.append(result.output)
        assert result.exit_code == 0, (args, result.output, result.exception)
        return result.output

    run("db", "upgrade", *options)
    # What 'llo-radar crawl' does, with the suite's size cap and quick retries.
    crawl_run = jobs.start_crawl_run(settings)
    crawl_run.crawls = crawl_sources(sources, ["vijandig"], crawl_run.folder, settings=CRAWL_SETTINGS)
    jobs.record_crawl(settings, crawl_run)
    run_dir, [crawled] = crawl_run.folder, crawl_run.crawls
    assert crawled.problems == {"too_large": 2, "redirect_loop": 1}  # bomb, stream; loop (the nested page is read)

    [loaded] = jobs.extract_and_load(settings, run_dir, nlp)
    assert loaded.load.loaded == len(CARE_EMPLOYERS) + 8 and loaded.load.refused == 0
    assert {
        "cut:title": 2, "cut:employer": 1, "cut:employment_type": 1,
        "out_of_range:salary_min": 1, "out_of_range:salary_max": 1, "control_characters:title": 1,
        "control_characters:employer": 1,
    }.items() <= loaded.load.repaired.items()  # fmt: skip

    rescraped = run("rescrape", *options[2:])
    assert "vijandig: 20 items from the archive" in rescraped
    run("extract", *options)
    run("dedupe", *options)
    run("aggregate", "--period", "2026-11", *options)
    trace = run("trace", "2026-11/AM18/*/*/llo:wondzorg", *options)
    assert MARKUP_TITLE in trace and SCRIPT_TITLE in trace and "Schilder (m/v)" in trace
    report_file = tmp_path / "rapport.html"
    run("report", "--period", "2026-11", "-o", str(report_file), *options)
    export_file = tmp_path / "vacatures.csv"
    run("export", "v_vacancy_skills", "--where", "skill_id=llo:wondzorg", "-o", str(export_file), *options)
    alerts_file = tmp_path / "alerts.txt"
    run("subscribe", "add", "Zorgacademie", "--file", str(alerts_file), "--skill", "llo:wondzorg", "--region",
        "AM18", *options)  # fmt: skip
    sent = run("alerts", "send", *options, env=ALERT_RULE)
    assert "Alerts for 2026-11: 1 new" in sent
    run("alerts", "list", *options)

    engine = jobs.warehouse_engine(settings)
    with engine.connect() as connection:
        titles = set(connection.scalars(select(Vacancy.title)))
    engine.dispose()
    assert {f"Wondverpleegkundige {employer}" for employer in CARE_EMPLOYERS} <= titles  # nothing valid lost
    assert {MARKUP_TITLE, SCRIPT_TITLE, FORMULA_TITLE, "Schilder (m/v)", "Lijst"} <= titles
    assert all(len(title) <= 300 for title in titles) and ESCAPE_TITLE not in titles

    rows = list(csv.DictReader(export_file.open(encoding="utf-8")))
    assert "'" + FORMULA_TITLE in {row["title"] for row in rows}  # shown as text, not run as a formula
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())
    assert "<script>" not in report_file.read_text(encoding="utf-8")
    alert_text = alerts_file.read_text(encoding="utf-8")
    assert "Vaardigheid: wondzorg" in alert_text  # a line shows at most a title, an employer and a URL
    assert max(map(len, alert_text.splitlines())) <= 3 * FIELD_LIMIT + 10 and len(alert_text) < 10_000

    printed = "".join(outputs)
    assert not any(control in printed or control in alert_text for control in TERMINAL_CONTROLS)
    written = [path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()]
    assert not any(PASSWORD.encode() in content for content in written)
    assert PASSWORD not in printed


def test_rescrape_reads_every_archived_page_again_and_keeps_the_fetch_problems(hostile_site, tmp_path):
    sources = write_sources(tmp_path / "bronnen.yaml", source_entry("vijandig", "vacancy",
                            start_urls=[f"{hostile_site.url}/vijandig/"], follow={"detail": "a.job"}))  # fmt: skip
    settings = Settings(data_dir=tmp_path, sources_file=sources)
    jobs.upgrade_warehouse(settings)
    run = jobs.start_crawl_run(settings)
    run.crawls = crawl_sources(sources, ["vijandig"], run.folder, settings=CRAWL_SETTINGS)
    jobs.record_crawl(settings, run)
    run_dir = run.folder
    crawled = run_dir / "vijandig.jsonl"
    before = {json.loads(line)["url"] for line in crawled.read_text(encoding="utf-8").splitlines()}

    [(written, problems)] = jobs.rescrape(settings, run_dir).values()

    assert problems == []
    items = {Path(item["url"]).name: item for item in map(json.loads, crawled.read_text(encoding="utf-8").splitlines())}
    assert written == len(before) and set(item["url"] for item in items.values()) == before
    assert items["diep"]["description"] == "Wondzorg"  # 1,200 nested elements: read without recursion
    recorded = [json.loads(line) for line in (run_dir / "vijandig.problems.jsonl").read_text().splitlines()]
    assert sorted(p["reason"] for p in recorded) == ["redirect_loop", "too_large", "too_large"]
