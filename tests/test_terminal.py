"""Tests of llo_radar/terminal.py through the CLI: listing commands print tables that are never cut to "…" in a
narrow terminal, URLs whole, and the same listings as JSON with --json."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from alerts.delivery import deliver_pending
from alerts.rules import AlertRule, evaluate
from cli import common as cli
from cli.app import app
from llo_radar.jobs import channel_config
from llo_radar.settings import Settings
from warehouse.indicators.trace import trace_cell
from warehouse.models import Subscription

from .dashboard.demo_like import HOSTILE_TITLE, PROVIDER, fill

CELL = "2026-11/NL/*/*/llo:wondzorg"
RULE = AlertRule(period_kind="month", min_demand=5, min_gap=3, min_growth=0.0, min_ratio_low=1.0)


@pytest.fixture
def db(warehouse, tmp_path) -> list[str]:
    """The demo-like warehouse with alerts raised and delivered to a file; the --db option pointing at it."""
    fill(warehouse)
    with warehouse.begin() as session:
        session.execute(update(Subscription).values(file_path=str(tmp_path / "alerts.txt")))
        evaluate(session, RULE)
    deliver_pending(warehouse, channel_config(Settings()))
    return ["--db", warehouse.kw["bind"].url.render_as_string(hide_password=False)]


LISTINGS = [
    ["report"],
    ["trace", CELL],
    ["alerts", "list"],
    ["subscribe", "list"],
]


@pytest.mark.parametrize("width", [40, 72, 160])
@pytest.mark.parametrize("command", LISTINGS, ids=lambda command: " ".join(command[:2]))
def test_tables_wrap_instead_of_cutting_and_urls_print_whole(db, command, width, tmp_path, monkeypatch):
    monkeypatch.setattr(cli.console, "_width", width)  # a terminal of this width; undone to None, not fixed
    runner = CliRunner()
    extra = ["-o", str(tmp_path / "rapport.html")] if command == ["report"] else []
    result = runner.invoke(app, [*command, *extra, *db])
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    tables = [line for line in result.output.splitlines() if line[:1] in "┏┃┡│└"]
    assert tables and max(len(line) for line in tables) <= width  # the tables fit the terminal
    if command[0] == "trace":
        lines = result.output.splitlines()
        assert "[1] https://bord.example/N0" in lines and "[o1] https://academie.example/C1" in lines
        assert sum(line.startswith("[") and "https://" in line for line in lines) == 17 + 1  # every vacancy, offer


def test_every_listing_prints_json(db, warehouse, tmp_path):
    runner = CliRunner()

    def listing(*arguments: str):
        result = runner.invoke(app, [*arguments, "--json", *db])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    report = listing("report", "-o", str(tmp_path / "rapport.html"))
    assert report["period"] == "2026-11" and report["national_shortages"][0]["skill"] == "wondzorg"
    trace = listing("trace", CELL)
    with warehouse() as session:
        traced = trace_cell(session, CELL)
    assert trace["cell"]["demand"] == len(trace["jobs"]) == traced.jobs
    assert {v["url"] for job in trace["jobs"] for v in job["vacancies"]} == {v.url for v in traced.vacancies}
    assert HOSTILE_TITLE in {v["title"] for job in trace["jobs"] for v in job["vacancies"]}  # JSON: as scraped
    alerts = listing("alerts", "list")
    assert alerts and {a["subscription"] for a in alerts} == {PROVIDER}
    assert alerts[0]["cell_id"] and alerts[0]["deliveries"][0]["channel"] == "file"
    (subscription,) = listing("subscribe", "list")
    assert subscription["interests"] == {"regions": ["AM18", "NL"], "skill_groups": ["office", "zorg"]}
    assert subscription["channels"] == ["file"]


def test_export_writes_a_view_as_json(db, tmp_path):
    out = tmp_path / "profile.json"
    result = CliRunner().invoke(
        app, ["export", "v_occupation_profile", "--format", "json", "--where", "isco_code=2221", "-o", str(out), *db]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows and {row["isco_code"] for row in rows} == {"2221"}
    assert rows[0]["computed_at"].startswith("2026-11-30") and isinstance(rows[0]["demand"], int)
