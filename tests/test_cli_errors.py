"""Bad input and bad configuration end in one sentence naming the problem, exit status 1 and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app, main
from tests.postgres import free_port

runner = CliRunner()
DEMO_VARIABLES = (
    "LLO_RADAR_DEMO_BOARD_A",
    "LLO_RADAR_DEMO_PROVIDER_C",
    "LLO_RADAR_DEMO_PROVIDER_D",
    "LLO_RADAR_DEMO_SITE_B",
)


def one_sentence(monkeypatch, capsys, *args: str, env: dict[str, str] | None = None) -> str:
    """Run the CLI's entry point; assert it failed with a one-line error and no traceback; return the line."""
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["llo-radar", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if line.strip()]
    assert exit_info.value.code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), lines
    return lines[0]


def files_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


@pytest.fixture
def warehouse_dir(tmp_path: Path) -> Path:
    """A data folder with an empty, up-to-date warehouse."""
    assert runner.invoke(app, ["db", "upgrade", "--data-dir", str(tmp_path)]).exit_code == 0
    return tmp_path


@pytest.mark.parametrize("period", ["2026-1", "../../x", "2026-W54"])
def test_report_refuses_a_bad_period_and_writes_nothing(monkeypatch, capsys, warehouse_dir, period):
    before = files_in(warehouse_dir)
    line = one_sentence(monkeypatch, capsys, "report", "--period", period, "--data-dir", str(warehouse_dir))
    assert f"'{period}' is not a period" in line
    assert files_in(warehouse_dir) == before and not (warehouse_dir.parent / "x.html").exists()


def test_report_of_a_period_never_aggregated_says_what_to_run(monkeypatch, capsys, warehouse_dir):
    line = one_sentence(monkeypatch, capsys, "report", "--period", "2026-11", "--data-dir", str(warehouse_dir))
    assert "run 'llo-radar aggregate --period 2026-11' first" in line
    assert not (warehouse_dir / "reports").exists()


def test_export_to_a_warehouse_whose_folder_does_not_exist_creates_nothing(monkeypatch, capsys, tmp_path):
    missing = tmp_path / "geen-map" / "warehouse.sqlite"
    line = one_sentence(monkeypatch, capsys, "export", "v_skill_gap", "--db", f"sqlite:///{missing}")
    assert f"No warehouse at {missing}" in line and "llo-radar db upgrade" in line
    assert files_in(tmp_path) == []


def test_export_filters_are_typed_like_their_columns(monkeypatch, capsys, warehouse_dir):
    data = ["--data-dir", str(warehouse_dir)]
    typed = runner.invoke(app, ["export", "v_skill_gap", "--where", "small_cell=false", "--where", "demand=3", *data])
    assert typed.exit_code == 0 and typed.output.startswith("cell_id,period,")
    line = one_sentence(monkeypatch, capsys, "export", "v_skill_gap", "--where", "small_cell=misschien", *data)
    assert "--where small_cell='misschien': small_cell takes true or false" in line
    line = one_sentence(monkeypatch, capsys, "export", "v_skill_gap", "--where", "demand=veel", *data)
    assert "demand takes a whole number" in line
    line = one_sentence(monkeypatch, capsys, "export", "v_skill_gap", "--where", "kleur=rood", *data)
    assert "View v_skill_gap has no column kleur" in line


def test_aggregate_refuses_an_unknown_region_level(monkeypatch, capsys, warehouse_dir):
    line = one_sentence(monkeypatch, capsys, "aggregate", "--level", "wijk", "--data-dir", str(warehouse_dir))
    levels = "country, grouping, labour_market_region, municipality, province"
    assert f"Unknown region level 'wijk'; the levels are: {levels}" in line


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("notaurl", "The warehouse URL is not a database URL: write sqlite:///"),
        ("mysql://llo:geheim@db.example/llo", "names the database 'mysql'; LLO Radar runs on SQLite or PostgreSQL"),
        ("postgresql+nodriver://llo:geheim@db.example/llo", "names a database driver that is not installed"),
    ],
)
def test_a_bad_warehouse_url_is_one_sentence_without_its_password(monkeypatch, capsys, url, problem):
    line = one_sentence(monkeypatch, capsys, "aggregate", "--db", url)
    assert problem in line and "geheim" not in line


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("LLO_RADAR_CRAWL_TIMEOUT", "een uur", "Setting LLO_RADAR_CRAWL_TIMEOUT = 'een uur': Input should be a valid"),
        ("LLO_RADAR_ALERT_PERIOD_KIND", "dag", "Setting LLO_RADAR_ALERT_PERIOD_KIND = 'dag': Input should be"),
        ("LLO_RADAR_CLOSE_MIN_SHARE", "2", "Setting LLO_RADAR_CLOSE_MIN_SHARE = '2': Input should be less than"),
    ],
)
def test_a_bad_setting_is_one_sentence(monkeypatch, capsys, tmp_path, variable, value, problem):
    assert problem in one_sentence(monkeypatch, capsys, "dedupe", "--data-dir", str(tmp_path), env={variable: value})


def test_a_sources_file_that_is_not_utf8_is_one_sentence(monkeypatch, capsys, tmp_path):
    sources = tmp_path / "bronnen.yaml"
    sources.write_bytes("contact_url: https://example.org\nsources: []  # Café\n".encode("cp1252"))
    line = one_sentence(monkeypatch, capsys, "sources", "check", "--sources", str(sources))
    assert f"Sources file {sources} is not UTF-8 text (byte 0xe9 at position" in line and "save it as UTF-8" in line


def test_an_unwritable_data_folder_is_one_sentence(monkeypatch, capsys, tmp_path):
    occupied = tmp_path / "bestand"
    occupied.write_text("geen map", encoding="utf-8")
    line = one_sentence(monkeypatch, capsys, "db", "upgrade", "--data-dir", str(occupied / "var"))
    assert f"cannot use {occupied / 'var'}" in line and "Not a directory" in line


def test_an_unreachable_prefect_api_is_one_sentence():
    api = f"http://127.0.0.1:{free_port()}/api"
    # Prefect reads its settings when it is imported: a process of its own sees this API.
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    command = [str(Path(sys.executable).parent / "llo-radar"), "serve"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert done.returncode == 1 and len(lines) == 1, lines
    assert lines[0].startswith(f"Error: The Prefect API at {api} (PREFECT_API_URL) cannot be reached")


@pytest.mark.parametrize("command", [["sources", "check"], ["crawl"], ["serve"]])
def test_a_fresh_clone_says_exactly_which_variables_to_set(monkeypatch, capsys, command):
    for name in DEMO_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    line = one_sentence(monkeypatch, capsys, *command)
    assert f"uses {', '.join(DEMO_VARIABLES)}, which are not set: set them in the environment" in line
    assert "'llo-radar demo' sets them" in line and "LLO_RADAR_SOURCES_FILE" in line


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("selectors", {"title": "h1[", "description": "div"}, "'h1[' is not a valid CSS selector"),
        ("selectors", {"title": "xpath://h1[", "description": "div"}, "is not a valid XPath expression"),
        ("follow", {"detail": "a..job"}, "'a..job' is not a valid CSS selector"),
        ("schedule", "elke dag", "Bad schedule of source kapot"),
    ],
)
def test_sources_check_validates_selectors_and_schedules(monkeypatch, capsys, tmp_path, field, value, problem):
    from tests.records import source_entry, write_sources

    extraction = {"extraction": "selectors"} if field == "selectors" else {}
    entry = source_entry("kapot", "vacancy", start_urls=["https://bord.example/"], **extraction, **{field: value})
    sources = write_sources(tmp_path / "bronnen.yaml", entry)
    assert problem in one_sentence(monkeypatch, capsys, "sources", "check", "--sources", str(sources))
