"""The documentation keeps up with the code: settings, CLI commands and indicators."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from cli.app import app
from llo_radar.settings import Settings
from warehouse.indicators import INDICATORS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name):
    assert f"`LLO_RADAR_{name.upper()}`" in (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert Settings.model_fields[name].description, f"setting {name} has no help text"


def test_readme_shows_the_two_commands_and_every_cli_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    commands = list(typer.main.get_command(app).commands)  # as the user sees them, groups included
    assert {"demo", "crawl", "extract", "aggregate", "report", "skills"} <= set(commands)
    for command in commands:
        assert f"`llo-radar {command}" in readme, command
    assert "`llo-radar sources check`" in readme
    assert "`llo-radar skills evaluate`" in readme
    assert "`llo-radar taxonomy import-esco DIR`" in readme
    assert "`llo-radar db upgrade`" in readme


@pytest.mark.parametrize("name", sorted(INDICATORS))
def test_every_indicator_is_documented(name):
    assert f"## `{name}`" in (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")


def test_every_sources_field_and_problem_reason_is_documented():
    from crawlers.problems import REASONS, UNSEEN_REASONS
    from crawlers.sources import BrowserRendering, CrawlLimits, FollowRules, SourceConfig

    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    for model in (SourceConfig, FollowRules, BrowserRendering, CrawlLimits):
        for field in model.model_fields:
            assert f"`{field}`" in text, f"{model.__name__}.{field} is not in docs/sources.md"
    for reason in REASONS:
        expected = "partial" if reason in UNSEEN_REASONS else "finished"
        assert f"| `{reason}` |" in text and text.split(f"| `{reason}` |")[1].split("\n")[0].strip().endswith(
            f"| {expected} |"
        ), reason


def test_every_view_is_documented():
    from warehouse.views import VIEWS

    text = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    for view in VIEWS:
        assert f"### `{view}`" in text, view
