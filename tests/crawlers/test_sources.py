"""Tests of crawlers/sources: validation errors name the source and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.exceptions import SourcesError
from crawlers.sources import DEMO_SOURCES, load_sources

DEMO_ENV = {
    "LLO_RADAR_DEMO_BOARD_A": "http://127.0.0.1:1",
    "LLO_RADAR_DEMO_SITE_B": "http://127.0.0.1:2",
    "LLO_RADAR_DEMO_PROVIDER_C": "http://127.0.0.1:3",
    "LLO_RADAR_DEMO_PROVIDER_D": "http://127.0.0.1:4",
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_sources_file_is_valid():
    sources = load_sources(DEMO_SOURCES, env=DEMO_ENV)
    assert [s.name for s in sources.sources] == [
        "werkradar",
        "vakmensen-online",
        "vakacademie",
        "rivierland-contractonderwijs",
    ]
    assert sources.get("vakacademie").spider_name == "sitemap"
    assert sources.get("werkradar").spider_name == "listing"
    assert sources.get("werkradar").allowed_domains == ["127.0.0.1"]


def test_every_missing_environment_variable_is_named():
    names = "LLO_RADAR_DEMO_BOARD_A, LLO_RADAR_DEMO_PROVIDER_C, LLO_RADAR_DEMO_PROVIDER_D, LLO_RADAR_DEMO_SITE_B"
    with pytest.raises(SourcesError, match=f"uses {names}, which are not set: set them in the environment"):
        load_sources(DEMO_SOURCES, env={})
    others = {
        name: "http://127.0.0.1"
        for name in ("LLO_RADAR_DEMO_BOARD_A", "LLO_RADAR_DEMO_PROVIDER_C", "LLO_RADAR_DEMO_PROVIDER_D")
    }
    with pytest.raises(SourcesError, match="uses LLO_RADAR_DEMO_SITE_B, which is not set: set it in the environment"):
        load_sources(DEMO_SOURCES, env=others)


def test_error_names_source_and_field(tmp_path):
    path = write(
        tmp_path,
        """
contact_url: https://example.org
sources:
  - name: goede-bron
    kind: vacancy
    publisher: {name: A, type: job_board}
    sitemap_urls: [https://a.example/sitemap.xml]
    extraction: structured
  - name: foute-bron
    kind: vacature
    publisher: {name: B, type: job_board}
    sitemap_urls: [https://b.example/sitemap.xml]
    extraction: structured
""",
    )
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    assert "source 'foute-bron', field kind" in str(info.value)
    assert "goede-bron" not in str(info.value)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("extraction: structured", "start_urls"),
        ("sitemap_urls: [ftp://a.example/x]\n    extraction: structured", "not an http"),
        (
            "sitemap_urls: [https://a.example/s.xml]\n    extraction: selectors\n    selectors: {title: h1}",
            "description",
        ),
        (
            "sitemap_urls: [https://a.example/s.xml]\n    extraction: selectors\n"
            "    selectors: {title: h1, description: div, salaris: span}",
            "unknown selector fields",
        ),
    ],
)
def test_inconsistent_source_is_rejected(tmp_path, entry, message):
    path = write(
        tmp_path,
        f"""
contact_url: https://example.org
sources:
  - name: bron
    kind: vacancy
    publisher: {{name: A, type: job_board}}
    {entry}
""",
    )
    with pytest.raises(SourcesError, match=message):
        load_sources(path)


def test_duplicate_names_and_bad_yaml(tmp_path):
    entry = (
        "  - {name: a, kind: offer, publisher: {name: A, type: mbo}, "
        "sitemap_urls: ['https://a/s'], extraction: structured}\n"
    )
    with pytest.raises(SourcesError, match="unique"):
        load_sources(write(tmp_path, "contact_url: x\nsources:\n" + entry + entry))
    with pytest.raises(SourcesError, match="not valid YAML"):
        load_sources(write(tmp_path, "sources: [unclosed"))
    with pytest.raises(SourcesError, match="Cannot read"):
        load_sources(tmp_path / "absent.yaml")


def test_unknown_source_lists_known_names():
    with pytest.raises(SourcesError, match="werkradar"):
        load_sources(DEMO_SOURCES, env=DEMO_ENV).get("nope")
