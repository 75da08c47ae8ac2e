"""Tests of llo_radar/factsheets/factsheet.py, pdf.py and printing.py: a region's and an opleider's factsheet built
from the same figures as the dashboard, with duiding from the rules, as HTML and as PDF (Chromium), also from the
command line."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from cli.app import app
from llo_radar.factsheets.duiding import load_duiding
from llo_radar.factsheets.factsheet import provider_factsheet, region_factsheet
from warehouse.indicators.gaps import read_gaps

from ..dashboard.demo_like import PROVIDER, fill


@pytest.fixture
def sessions(warehouse):
    fill(warehouse)
    return warehouse


def test_a_regions_factsheet_explains_its_largest_gaps(sessions):
    with sessions() as session:
        sheet = region_factsheet(session, "AM18", load_duiding())
        shortages = read_gaps(session, "2026-11", region="AM18", limit=None)
    assert (sheet.subject, sheet.period, sheet.audience) == ("Groot Amsterdam", "2026-11", "regio")
    assert [item.line.cell_id for item in sheet.shortages] == [line.cell_id for line in shortages]
    wondzorg = sheet.shortages[0]
    assert [s.rule for s in wondzorg.evidence] == ["meer-vraag", "zeker-tekort", "aandeel-hoger", "groeit"]
    assert (
        wondzorg.evidence[0].text
        == "17 vacatures vragen om wondzorg, tegenover 1 opleiding: 17,0 vacatures per opleiding."
    )
    assert [s.rule for s in wondzorg.actions] == ["regio-zeker-tekort"]
    assert len(wondzorg.examples) == 3 and len({v.job_id for v in wondzorg.examples}) == 3
    assert sheet.surpluses[0].evidence[0].rule == "meer-aanbod"
    assert [s.rule for s in sheet.summary] == ["regio-omvang", "regio-tekorten", "regio-zeker", "regio-groei"]
    assert sheet.summary[0].text.startswith("In 2026-11 zag LLO Radar in Groot Amsterdam 17 actieve vacatures")
    assert [(line.period, line.suppressed) for line in sheet.trends] == [("2026-10", True), ("2026-11", False)]


def test_an_opleiders_factsheet_shows_the_gaps_of_its_interests_and_its_own_offers(sessions):
    with sessions() as session:
        sheet = provider_factsheet(session, PROVIDER.upper(), load_duiding())  # case does not matter
    assert sheet.audience == "opleider" and [r.code for r in sheet.regions] == ["NL", "AM18"]
    assert {item.line.skill_group for item in [*sheet.shortages, *sheet.surpluses]} <= {"zorg", "office"}
    assert {(item.line.skill, item.line.region_code) for item in sheet.shortages} == {
        ("wondzorg", "NL"), ("wondzorg", "AM18"),
    }  # fmt: skip
    wondzorg = sheet.shortages[0]
    assert wondzorg.own_offers == 1 and wondzorg.others == []  # C1 is its course
    assert [s.rule for s in wondzorg.actions] == ["opleider-uitbreiden"]
    assert sheet.summary[1].rule == "opleider-eigen" and sheet.summary[1].text.startswith("2 opleidingen van u")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_factsheets_are_written_as_html_and_pdf_from_the_command_line(sessions, tmp_path):
    url = str(sessions.kw["bind"].url.render_as_string(hide_password=False))
    runner = CliRunner()
    html, pdf = tmp_path / "am18.html", tmp_path / "vakacademie.pdf"
    env = {"LLO_RADAR_DASHBOARD_URL": "https://radar.example.nl"}
    result = runner.invoke(app, ["factsheet", "region", "AM18", "-o", str(html), "--db", url], env=env)
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert "Groot Amsterdam: vraag en aanbod van vaardigheden, 2026-11" in page
    assert 'href="https://radar.example.nl/cells/2026-11/AM18/%2A/%2A/llo%3Awondzorg#jobs"' in page
    result = runner.invoke(app, ["factsheet", "provider", PROVIDER, "-o", str(pdf), "--db", url])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 20_000
    missing = runner.invoke(app, ["factsheet", "provider", "Niemand", "-o", str(pdf), "--db", url])
    assert missing.exit_code == 1 and "No subscription 'Niemand'" in str(missing.exception)
