"""The extract stage: analyse crawled items and write them, with what was found, as analysed records.

Input is a raw items file (JSON lines, as the crawlers export them); output is a JSON lines file of
``AnalysedRecord``. Lines that cannot be read are skipped, counted and reported with their line number.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from core.dutch.education import EducationMention
from core.dutch.places import PlaceMention
from core.files import replaced_whole
from crawlers.items import CourseOfferItem, VacancyItem, item_from_dict, item_key

from .errors import Errors, RawItemsError
from .parallel import kept_pool
from .pipeline import analyse, analysed_text, default_pipeline, reading_version
from .types import OccupationMatch, Section, SkillMention, TextAnalysis, TextInput

logger = logging.getLogger(__name__)


@dataclass(kw_only=True)
class AnalysedRecord:
    """A crawled item with the analysis of its text."""

    kind: str
    """``vacancy`` or ``offer``."""
    item: VacancyItem | CourseOfferItem
    analysis: TextAnalysis | None
    """None when the text is unchanged since its last analysis: only the sighting is new."""
    text_hash: str
    """SHA-256 of the analysed text: equal hashes mean nothing to re-analyse."""

    def to_json(self) -> str:
        """One JSON line."""
        analysis = asdict(self.analysis) if self.analysis is not None else None
        data = {"kind": self.kind, "item": asdict(self.item), "analysis": analysis}
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
                skills=[SkillMention(**mention) for mention in analysis["skills"]],
                sections=[Section(**section) for section in analysis.get("sections", [])],
                occupation=OccupationMatch(**analysis["occupation"]) if analysis.get("occupation") else None,
                education=[EducationMention(**mention) for mention in analysis.get("education", [])],
                education_level=analysis.get("education_level"),
                hours_min=analysis.get("hours_min"),
                hours_max=analysis.get("hours_max"),
                contract_type=analysis.get("contract_type"),
                places=[PlaceMention(**place) for place in analysis.get("places", [])],
                sector=analysis["sector"],
                language=analysis.get("language"),
                flags=analysis.get("flags", []),
            )
            if analysis is not None
            else None,
            text_hash=data["text_hash"],
        )


@dataclass
class ExtractStats:
    """Counts of one extract run."""

    analysed: int = 0
    unchanged: int = 0
    """Items whose text was analysed before (same hash): not analysed again."""
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    """One line per skipped input line: where and why."""


def text_input(item: VacancyItem | CourseOfferItem) -> TextInput:
    """What the pipeline reads of an item."""
    kind = "vacancy" if isinstance(item, VacancyItem) else "offer"
    return TextInput(title=item.title or "", category=item.category or "", body=item.description or "", kind=kind)


def text_hash(item: VacancyItem | CourseOfferItem, reading: str = "") -> str:
    """SHA-256 of the text the pipeline reads of an item, and of the ``reading`` version of the pipeline
    (``pipeline.reading_version``): a text read by a pipeline that knows other terms is read again."""
    return hashlib.sha256((reading + analysed_text(text_input(item))).encode()).hexdigest()


def extract_file(
    raw_path: Path,
    kind: str,
    out_path: Path,
    nlp: Language | None = None,
    known_hashes: Mapping[str, str] | None = None,
    *,
    processes: int = 1,
) -> ExtractStats:
    """Analyse the items in ``raw_path`` and write the records to ``out_path`` (replacing it).

    known_hashes: item key → text hash of earlier analyses; items whose text has not changed (and was read by a
    pipeline that knew the same terms) are written without analysis instead of being analysed again.
    processes: analyse in this many worker processes (``parallel.kept_pool``: started at the first batch and kept
    for the rest of the process, safe in a process where other threads run, such as a Prefect flow run's); 1
    analyses in this process.
    """
    stats = ExtractStats()
    known_hashes = known_hashes or {}
    nlp = nlp or default_pipeline()
    reading = reading_version(nlp)
    records = [
        AnalysedRecord(kind=kind, item=item, analysis=None, text_hash=text_hash(item, reading))
        for item in _read_items(raw_path, kind, stats)
    ]
    changed = [r for r in records if known_hashes.get(item_key(r.item)) != r.text_hash]
    texts = [text_input(r.item) for r in changed]
    analyses = kept_pool(nlp, processes).analyse(texts) if processes > 1 and texts else analyse(texts, nlp)
    for record, analysis in zip(changed, analyses, strict=True):
        record.analysis = analysis
    stats.analysed, stats.unchanged = len(changed), len(records) - len(changed)
    with replaced_whole(out_path) as out:  # an interrupted run leaves the previous output intact
        for record in records:
            out.write(record.to_json() + "\n")
    return stats


def read_records(path: Path) -> Iterator[AnalysedRecord]:
    """The records of an analysed file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield AnalysedRecord.from_json(line)


def _read_items(path: Path, kind: str, stats: ExtractStats) -> Iterator[VacancyItem | CourseOfferItem]:
    """The items of a raw items file; ``RawItemsError`` when it is missing or unreadable (a crawl's file that
    cannot be found must never pass for a crawl that found nothing)."""
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise RawItemsError(Errors.E011.format(path=path, reason=exc.strerror or exc)) from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data: Any = json.loads(line)
                if not isinstance(data, dict):
                    raise ValueError(f"a JSON {type(data).__name__}, not an item")
                yield item_from_dict(kind, data)
            except (ValueError, TypeError) as exc:
                stats.skipped += 1
                stats.problems.append(f"{path}:{number}: {exc}")
                logger.warning("Skipped %s line %d: %s", path, number, exc)
