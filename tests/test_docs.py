"""The documentation keeps up with the code: settings, CLI commands and indicators."""

from __future__ import annotations

import re
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


PACKAGES = ("core", "crawlers", "nlp", "warehouse", "alerts", "flows", "llo_radar", "tests")
_CONFIGURATION_NAME = re.compile(r"\bLLO_[A-Z0-9_]+")


def test_configuration_has_one_prefix_and_every_name_is_documented():
    """Environment variables and the crawlers' Scrapy settings of our own are all ``LLO_RADAR_*`` and all in
    docs/settings.md, wherever they are read: Python, YAML (``${...}`` in sources files) or the Makefile."""
    files = [ROOT / "Makefile"] + [
        path for package in PACKAGES for pattern in ("*.py", "*.yaml") for path in (ROOT / package).rglob(pattern)
    ]
    names = {name for path in files for name in _CONFIGURATION_NAME.findall(path.read_text(encoding="utf-8"))}
    assert "LLO_RADAR_NOW" in names and "LLO_RADAR_DEMO_BOARD_A" in names
    assert sorted(name for name in names if not name.startswith("LLO_RADAR_")) == []
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert sorted(name for name in names if name not in documented) == []


def test_every_stored_code_is_documented_with_its_dutch_name():
    from core.dutch.contracts import ContractType
    from core.dutch.education import EducationLevelCode
    from crawlers.items import Credential, EmployerType, OfferMode, SalaryPeriod
    from warehouse.models.region import RegionLevel
    from warehouse.wording import in_dutch

    text = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    for codes in (ContractType, EmployerType, SalaryPeriod, OfferMode, Credential, RegionLevel):
        for code in codes:
            assert code == code.lower() and " " not in code, code  # English snake_case
            assert f"| `{code}` | " in text and text.split(f"| `{code}` | ")[1].split("\n")[0].endswith(
                f"| {in_dutch(code)} |"
            ), code
            assert in_dutch(code) != code or code in {"online", "blended", "freelance", "diploma", "microcredential"}
    assert f"| `{EducationLevelCode.NONE_REQUIRED}` |" in text and in_dutch(EducationLevelCode.NONE_REQUIRED) == "geen"
