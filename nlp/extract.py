"""The extract stage: analyse crawled items and write them, with what was found, as analysed records.

Input is a raw items file (JSON lines, as the crawlers export them); output is a JSON lines file of
``AnalysedRecord``. Lines that cannot be read are skipped, counted and reported with their line number.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from crawlers.items import CourseOfferItem, VacancyItem, item_from_dict

from .pipeline import analyse, analysed_text
from .types import SkillMention, TextAnalysis, TextInput

logger = logging.getLogger(__name__)


@dataclass(kw_only=True)
class AnalysedRecord:
    """A crawled item with the analysis of its text."""

    kind: str
    """``vacancy`` or ``offer``."""
    item: VacancyItem | CourseOfferItem
    analysis: TextAnalysis
    text_hash: str
    """SHA-256 of the analysed text: equal hashes mean nothing to re-analyse."""

    def to_json(self) -> str:
        """One JSON line."""
        data = {"kind": self.kind, "item": asdict(self.item), "analysis": asdict(self.analysis)}
        return json.dumps({**data, "text_hash": self.text_hash}, ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> AnalysedRecord:
        """Parse a line written by ``to_json``."""
        data = json.loads(line)
        analysis = data["analysis"]
        return cls(
            kind=data["kind"],
            item=item_from_dict(data["kind"], data["item"]),
            analysis=TextAnalysis(
                skills=[SkillMention(**mention) for mention in analysis["skills"]], sector=analysis["sector"]
            ),
            text_hash=data["text_hash"],
        )


@dataclass
class ExtractStats:
    """Counts of one extract run."""

    analysed: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    """One line per skipped input line: where and why."""


def text_input(item: VacancyItem | CourseOfferItem) -> TextInput:
    """What the pipeline reads of an item."""
    return TextInput(title=item.title or "", category=item.category or "", body=item.description or "")


def extract_file(raw_path: Path, kind: str, out_path: Path, nlp: Language | None = None) -> ExtractStats:
    """Analyse every item in ``raw_path`` and write the records to ``out_path`` (replacing it)."""
    stats = ExtractStats()
    items = list(_read_items(raw_path, kind, stats))
    inputs = [text_input(item) for item in items]
    tmp_path = out_path.with_suffix(out_path.suffix + ".tmp")
    with tmp_path.open("w", encoding="utf-8") as out:
        for item, item_input, analysis in zip(items, inputs, analyse(inputs, nlp), strict=True):
            text_hash = hashlib.sha256(analysed_text(item_input).encode()).hexdigest()
            record = AnalysedRecord(kind=kind, item=item, analysis=analysis, text_hash=text_hash)
            out.write(record.to_json() + "\n")
            stats.analysed += 1
    tmp_path.replace(out_path)  # an interrupted run leaves the previous output intact
    return stats


def read_records(path: Path) -> Iterator[AnalysedRecord]:
    """The records of an analysed file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield AnalysedRecord.from_json(line)


def _read_items(path: Path, kind: str, stats: ExtractStats) -> Iterator[VacancyItem | CourseOfferItem]:
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data: dict[str, Any] = json.loads(line)
                yield item_from_dict(kind, data)
            except (ValueError, TypeError) as exc:
                stats.skipped += 1
                stats.problems.append(f"{path}:{number}: {exc}")
                logger.warning("Skipped %s line %d: %s", path, number, exc)
