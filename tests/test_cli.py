"""Tests of the llo-radar CLI, driven through typer's runner and its entry point."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet
import pytest
from typer.testing import CliRunner

from cli.app import app, main
from core import clock
from nlp.corpus import realtexts_dir
from tests.conftest import DEMO_ITEMS
from warehouse.periods import PERIOD_KINDS, period_of

runner = CliRunner()
TEXT = "Wij vragen: ervaring met wondzorg, kennis van SQL en het VCA-VOL diploma."


def test_skills_from_stdin_prints_json_lines():
    result = runner.invoke(app, ["skills", "-"], input=TEXT)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == ["llo:wondzorg", "llo:sql", "llo:vca-vol"]
    for line in lines:
        assert TEXT[line["start"] : line["end"]] == line["text"]
        assert set(line) >= {"id", "label", "esco_uri", "start", "end", "text"}
    assert lines[1]["esco_uri"].startswith("http://data.europa.eu/esco/skill/")


def test_skills_from_file(tmp_path):
    path = tmp_path / "vacature.txt"
    path.write_text("Je bent in het bezit van rijbewijs C en code 95.", encoding="utf-8")
    result = runner.invoke(app, ["skills", str(path)])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["label"] for line in result.output.splitlines()} >= {"rijbewijs C", "code 95"}


def test_skills_evaluate_reports_on_the_real_dev_texts_with_mistakes_and_the_demo_gold_set_on_request():
    if not (realtexts_dir() / "manifest.csv").exists():
        pytest.skip(f"The real texts are not at {realtexts_dir()}: set LLO_RADAR_REALTEXTS to run this")
    result = runner.invoke(app, ["skills", "evaluate", "--split", "dev", "--mistakes"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "┃ dev " in result.output and "┃ b against a " in result.output and "┃ test " not in result.output
    for row in ("mentions P/R/F1", "recall tool", "recall nice", "place right: all texts", "level found: all texts"):
        assert row in result.output, row
    assert "\nvf-001\n" in result.output and "  missed    " in result.output  # a dev text's mistakes
    assert "\nvf-005\n" not in result.output  # a test text's are not shown
    demo = runner.invoke(app, ["skills", "evaluate", "--gold"])
    assert demo.exit_code == 0, demo.output
    assert "Gold set:" in demo.output and "nice-to-have flag" in demo.output


def test_skills_evaluate_without_the_real_texts_says_where_to_find_them(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("LLO_RADAR_REALTEXTS", str(tmp_path))
    code, output = run_main(monkeypatch, capsys, "skills", "evaluate")
    assert code == 1
    assert f"The real texts are not at {tmp_path}" in output and "LLO_RADAR_REALTEXTS" in output
    assert "Traceback" not in output


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["llo-radar", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out + captured.err


def test_bad_sources_file_is_one_clear_sentence(monkeypatch, capsys, tmp_path):
    bad = tmp_path / "sources.yaml"
    bad.write_text("contact_url: x\nsources:\n  - name: Foute Naam\n", encoding="utf-8")
    code, output = run_main(monkeypatch, capsys, "sources", "check", "--sources", str(bad))
    assert code == 1
    assert "Error:" in output and "source 'Foute Naam', field name" in output
    assert "Traceback" not in output


def test_extract_without_crawl_run_says_what_to_do(monkeypatch, capsys, tmp_path):
    code, output = run_main(monkeypatch, capsys, "extract", "--data-dir", str(tmp_path))
    assert code == 1
    assert "run 'llo-radar crawl' first" in output


@pytest.mark.dates
def test_stage_commands_chain_on_the_demo_sites(demo_sites, tmp_path):
    week, month, quarter = (period_of(clock.today(), kind).label for kind in PERIOD_KINDS)
    data = ["--data-dir", str(tmp_path)]
    check = runner.invoke(app, ["sources", "check"])
    assert check.exit_code == 0 and "vakacademie" in check.output
    upgrade = runner.invoke(app, ["db", "upgrade", *data])
    assert upgrade.exit_code == 0 and "revision none -> " in upgrade.output

    crawl = runner.invoke(app, ["crawl", "--source", "werkradar", "--source", "vakacademie", *data])
    assert crawl.exit_code == 0, crawl.output
    assert crawl.output.count("finished") == 2

    rescrape = runner.invoke(app, ["rescrape", "--source", "werkradar", *data])
    assert rescrape.exit_code == 0, rescrape.output
    published = DEMO_ITEMS["werkradar"]
    assert f"werkradar: {published} items from the archive" in rescrape.output

    extract = runner.invoke(app, ["extract", *data])
    assert extract.exit_code == 0, extract.output
    assert "werkradar" in extract.output and str(published) in extract.output

    emerging = runner.invoke(app, ["skills", "emerging", "--min-count", "1", *data])
    assert emerging.exit_code == 0, emerging.output
    assert "Unlinked terms" in emerging.output

    export_path = tmp_path / "amsterdam.csv"
    export = runner.invoke(
        app, ["export", "v_vacancy_skills", "--where", "arbeidsmarktregio_code=AM18", "-o", str(export_path), *data]
    )
    assert export.exit_code == 0, export.output
    rows = list(csv.DictReader(export_path.open(encoding="utf-8")))
    assert rows and {row["arbeidsmarktregio"] for row in rows} == {"Groot Amsterdam"}
    assert {"vacancy_id", "skill", "esco_uri", "nice_to_have"} <= set(rows[0])

    early = runner.invoke(app, ["aggregate", *data])
    assert "run 'llo-radar extract' and 'llo-radar dedupe' first" in str(early.exception)

    dedupe = runner.invoke(app, ["dedupe", *data])
    assert dedupe.exit_code == 0, dedupe.output
    assert f"{published} vacancies are {published} unique jobs" in dedupe.output  # one board: no duplicates

    aggregate = runner.invoke(app, ["aggregate", "--every", "month", "--period", week, *data])
    assert aggregate.exit_code == 0, aggregate.output
    assert f"skill_gap {week}:" in aggregate.output and f"occupation_profile {week}:" in aggregate.output
    aggregate = runner.invoke(app, ["aggregate", *data])  # the week is up to date: only the month and quarter
    assert f"skill_gap {month}, {quarter}:" in aggregate.output and week not in aggregate.output
    again = runner.invoke(app, ["aggregate", *data])
    assert again.exit_code == 0 and "skill_gap: no inputs changed; nothing recomputed." in again.output
    full = runner.invoke(app, ["aggregate", "--full", *data])
    assert f"skill_gap {week}, {month}, {quarter}:" in full.output
    assert "labour_market_region, grouping" in aggregate.output  # the bundled groupings' level

    parquet_path = tmp_path / "gaps.parquet"
    where = ["--where", f"period={month}", "--where", "region_code=NL", "-o", str(parquet_path)]
    export = runner.invoke(app, ["export", "v_skill_gap", "--format", "parquet", *where, *data])
    assert export.exit_code == 0, export.output
    table = pyarrow.parquet.read_table(parquet_path)
    assert table.num_rows > 0 and set(table.column("region").to_pylist()) == {"Nederland"}
    types = {name: str(table.schema.field(name).type) for name in ("demand", "ratio", "small_cell", "computed_at")}
    assert types == {"demand": "int64", "ratio": "double", "small_cell": "bool", "computed_at": "timestamp[us, tz=UTC]"}

    cell = table.to_pylist()[0]
    trace = runner.invoke(app, ["trace", cell["cell_id"], *data])
    assert trace.exit_code == 0, trace.output
    assert f"demand {cell['demand']} jobs, supply {cell['supply']} offers" in " ".join(trace.output.split())

    # The example queries of docs/warehouse.md and docs/indicators.md run on the loaded warehouse.
    docs = Path(__file__).resolve().parents[1] / "docs"
    text = "".join((docs / name).read_text(encoding="utf-8") for name in ("warehouse.md", "indicators.md"))
    queries = [block.split("```")[0] for block in text.split("```sql")[1:]]
    assert len(queries) == 6
    with sqlite3.connect(tmp_path / "warehouse.sqlite") as connection:
        for query in queries:
            connection.execute(query).fetchall()

    report_path = tmp_path / "rapport.html"
    report = runner.invoke(app, ["report", "--output", str(report_path), *data])
    assert report.exit_code == 0, report.output
    assert "Grootste tekorten in Nederland" in report.output
    assert report_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_scrape_url_prints_one_item_and_explains_failures(demo_sites, monkeypatch, capsys):
    board = demo_sites.base_urls["site-b"]
    result = runner.invoke(app, ["scrape-url", f"{board}/job/b-5001/", "--kind", "vacancy"])
    assert result.exit_code == 0, result.output
    item = json.loads(result.output)
    assert item["title"] and item["description"] and item["confidence"] == "low"  # plain HTML: main text

    code, output = run_main(monkeypatch, capsys, "scrape-url", f"{board}/job/bestaat-niet/", "--kind", "vacancy")
    assert code == 1
    assert "No vacancy found" in output and "http_error (HTTP 404)" in output


def test_export_names_unknown_views_and_columns(monkeypatch, capsys, tmp_path):
    assert runner.invoke(app, ["db", "upgrade", "--data-dir", str(tmp_path)]).exit_code == 0
    code, output = run_main(monkeypatch, capsys, "export", "v_onbekend", "--data-dir", str(tmp_path))
    assert code == 1 and "Unknown view 'v_onbekend'" in output
    code, output = run_main(
        monkeypatch, capsys, "export", "v_skill_gap", "--where", "kleur=rood", "--data-dir", str(tmp_path)
    )
    assert code == 1 and "has no column kleur" in output


def test_two_extracts_of_one_run_at_once_are_safe(demo_sites, tmp_path):
    data = ["--data-dir", str(tmp_path)]
    assert runner.invoke(app, ["db", "upgrade", *data]).exit_code == 0
    assert runner.invoke(app, ["crawl", "--source", "vakacademie", *data]).exit_code == 0
    command = [str(Path(sys.executable).parent / "llo-radar"), "extract", *data]

    extracts = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in "ab"]
    outputs = [(extract.communicate(timeout=600)[0], extract.returncode) for extract in extracts]

    for output, code in outputs:  # each loads, or is refused while the other loads: never a crash
        assert code == 0 or "Another run of 'load vakacademie' is working on the warehouse" in output, output
        assert "Traceback" not in output
    assert any(code == 0 for _, code in outputs)
    with sqlite3.connect(tmp_path / "warehouse.sqlite") as connection:
        assert connection.execute("select count(*) from offers").fetchone() == (DEMO_ITEMS["vakacademie"],)


def test_analyse_prints_everything_found_in_a_text_file_with_offsets_into_the_file(tmp_path):
    text = (
        "Dakdekker (32 uur) in Utrecht\nWat ga je doen?\n- Dakkapellen plaatsen en bitumen daken repareren\n"
        "Wat vragen wij?\n- MBO niveau 3 en VCA-basis\n- Rijbewijs B\n\n"
        "Wat bieden wij?\n- Een vast contract voor 32 uur per week\n"
    )
    path = tmp_path / "vacature.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["analyse", str(path), "--kind", "vacancy"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    for key in ("skills", "sections", "education", "places"):
        assert all(text[entry["start"] : entry["end"]] == entry["text"] for entry in found[key] if "text" in entry)
    skills = {skill["text"]: skill for skill in found["skills"]}
    assert skills["VCA-basis"]["linked"] and skills["VCA-basis"]["concept_id"] == "llo:vca-basis"
    assert skills["VCA-basis"]["requirement"] == "must" and skills["VCA-basis"]["section"] == "requirements"
    term = skills["Dakkapellen plaatsen"]
    assert (term["linked"], term["term"], term["requirement"], term["type"]) == (
        False, "dak kapel plaatsen", "other", "skill",
    )  # fmt: skip
    assert not any("MBO" in skill for skill in skills)  # the education requirement is no skill
    assert [(e["text"], e["level"]) for e in found["education"]] == [("MBO niveau 3", "MBO 3")]
    assert found["education_level"] == "MBO 3" and found["contract_type"] == "permanent"
    assert found["hours_min"] == found["hours_max"] == 32
    place = found["places"][0]
    assert (place["text"], place["gemeente_code"], place["method"]) == ("Utrecht", "GM0344", "title")
