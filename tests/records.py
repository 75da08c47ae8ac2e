"""Analysed records and sources to load into a test warehouse, as the extraction stage hands them over; sources
files for test crawls."""

from __future__ import annotations

from pathlib import Path

import yaml

from crawlers.items import CourseOfferItem, VacancyItem
from crawlers.sources import DEMO_SOURCES, SourceConfig
from nlp.extract import AnalysedRecord
from nlp.taxonomy import Concept
from nlp.types import SkillMention, TextAnalysis

CONCEPTS = [
    Concept(id="llo:wondzorg", label="wondzorg", type="skill", group="zorg"),
    Concept(id="llo:excel", label="Excel", type="skill", group="office", digital=True),
]
"""The skills of the test warehouses."""


def mention(concept_id: str, text: str, start: int = 0) -> SkillMention:
    return SkillMention(concept_id=concept_id, label=text, esco_uri=None, start=start, end=start + len(text), text=text)


def vacancy(key: str, place: str, skills: list[str], fetched: str = "2026-11-01T10:00:00+00:00") -> AnalysedRecord:
    """A care vacancy posted 20 October 2026 in sector Q asking for ``skills``."""
    item = VacancyItem(
        source="bord",
        url=f"https://bord.example/{key}",
        source_id=key,
        title="Verpleegkundige",
        description="Ervaring met wondzorg en Excel.",
        place=place,
        date_posted="2026-10-20",
        fetched_at=fetched,
    )
    analysis = TextAnalysis(skills=[mention(s, s.split(":")[1], i * 10) for i, s in enumerate(skills)], sector="Q")
    return AnalysedRecord(kind="vacancy", item=item, analysis=analysis, text_hash=key * 4)


def offer(key: str, mode: str, places: list[str], skills: list[str], *, provider: str | None = None) -> AnalysedRecord:
    """A course offer listed from 1 October 2026 teaching ``skills``, online or given in ``places``."""
    item = CourseOfferItem(
        source="academie", url=f"https://academie.example/{key}", source_id=key, title=key,
        description="x", provider=provider, mode=mode, locations=places, fetched_at="2026-10-01T10:00:00+00:00",
    )  # fmt: skip
    analysis = TextAnalysis(skills=[mention(s, s) for s in skills])
    return AnalysedRecord(kind="offer", item=item, analysis=analysis, text_hash=key)


def source_config(name: str, kind: str) -> SourceConfig:
    return SourceConfig(
        name=name,
        kind=kind,
        publisher={"name": name, "type": "job_board"},
        sitemap_urls=["https://bord.example/sitemap.xml"],
        extraction="structured",
    )


def source_entry(name: str, kind: str, **fields: object) -> dict:
    """A source as written in a sources file: structured extraction, a publisher named after it, ``fields``."""
    publisher = {"name": name.title(), "type": "job_board" if kind == "vacancy" else "private_provider"}
    return {"name": name, "kind": kind, "publisher": publisher, "extraction": "structured", **fields}


def write_sources(path: Path, *sources: dict) -> Path:
    """A sources file listing ``sources`` (as written in YAML), with a contact URL."""
    path.write_text(yaml.safe_dump({"contact_url": "https://example.org/contact", "sources": list(sources)}), "utf-8")
    return path


def demo_source_entries() -> dict[str, dict]:
    """The bundled demo sources as written in their file (site addresses still ``${...}``), by name."""
    return {entry["name"]: entry for entry in yaml.safe_load(DEMO_SOURCES.read_text(encoding="utf-8"))["sources"]}
