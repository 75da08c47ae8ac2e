"""Tests of warehouse/indicators/emerging.py: the review queue of unlinked terms, and accepting one (CLI)."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from cli.app import app
from nlp.pipeline import analyse, build_pipeline
from nlp.types import SkillMention, TextInput
from warehouse.indicators.emerging import read_emerging_terms, term_spellings
from warehouse.load import load_records, register_source
from warehouse.periods import parse_period

from ..records import source_config, vacancy

TERM = "term:dak kapel plaatsen"


def term_mention(text: str) -> SkillMention:
    return SkillMention(
        concept_id=TERM, label="dak kapel plaatsen", esco_uri=None, start=0, end=len(text), text=text,
        linked=False, term="dak kapel plaatsen", type="skill",
    )  # fmt: skip


def load_term_vacancies(sessions) -> None:
    """Three vacancies asking for the term in November 2026 (one of them seen in October too), one for Excel."""
    records = []
    for key, text, fetched in (
        ("V1", "Dakkapellen plaatsen", "2026-10-20T10:00:00+00:00"),
        ("V2", "plaatsen van dakkapellen", "2026-11-02T10:00:00+00:00"),
        ("V3", "Dakkapellen plaatsen", "2026-11-03T10:00:00+00:00"),
        ("V4", "", "2026-11-03T10:00:00+00:00"),
    ):
        record = vacancy(key, "Utrecht", ["llo:excel"], fetched=fetched)
        if text:
            record.analysis.skills = [term_mention(text)]
        records.append(record)
    with sessions.begin() as session:
        source_id = register_source(session, source_config("bord", "vacancy"))
    load_records(sessions, source_id, records)


def test_unlinked_terms_are_queued_with_counts_trend_and_examples(warehouse):
    load_term_vacancies(warehouse)
    with warehouse() as session:
        (line,) = read_emerging_terms(session, parse_period("2026-11"), min_count=2)
        spellings = term_spellings(session, TERM)
    assert (line.skill_id, line.term, line.type) == (TERM, "dak kapel plaatsen", "skill")
    assert (line.vacancies, line.vacancies_previous, line.trend) == (3, 1, 2.0)  # Excel is linked: not queued
    assert line.examples[0] == "Dakkapellen plaatsen (Verpleegkundige)"
    assert spellings == ["Dakkapellen plaatsen", "plaatsen van dakkapellen"]


def test_an_accepted_term_is_linked_at_the_next_extraction(warehouse, warehouse_url, tmp_path, monkeypatch):
    load_term_vacancies(warehouse)
    synonyms = tmp_path / "synonyms.yaml"
    monkeypatch.setenv("LLO_RADAR_SYNONYMS", str(synonyms))
    runner = CliRunner()
    queue = runner.invoke(app, ["skills", "emerging", "--period", "2026-11", "--db", warehouse_url], terminal_width=200)
    assert queue.exit_code == 0, queue.output
    assert "dak kapel plaatsen" in queue.output and "+200%" in queue.output
    accepted = runner.invoke(app, ["skills", "accept", "dak kapel plaatsen", "--db", warehouse_url])
    assert accepted.exit_code == 0, accepted.output
    assert yaml.safe_load(synonyms.read_text(encoding="utf-8")) == {
        "user:dakkapellen-plaatsen": {
            "label": "Dakkapellen plaatsen", "type": "skill", "synonyms": ["plaatsen van dakkapellen"],
        }
    }  # fmt: skip
    nlp = build_pipeline(synonyms=synonyms)
    (analysis,) = analyse([TextInput(body="Wat ga je doen?\n- Je gaat dakkapellen plaatsen.")], nlp)
    assert [(m.concept_id, m.linked) for m in analysis.skills] == [("user:dakkapellen-plaatsen", True)]
    unknown = runner.invoke(app, ["skills", "accept", "metselen", "--db", warehouse_url])
    assert unknown.exit_code == 1 and "No unlinked term 'metselen'" in str(unknown.exception)
