"""Measure extraction quality: on the real texts against the team's annotations (``evaluate_real``), and on the
project's own demo gold set as a regression check (``evaluate``).

Real texts (``nlp/corpus.py``), scored under ``../shared/ANNOTATION.md`` (``nlp/scoring.py``): the pipeline
reads each text as a crawled item, its first line as the title and the rest as the body; its mentions that count
(demand in a vacancy, supply in a course) are the predictions, each with a requirement from where it stands
(``pipeline.mention_requirement``). The places are the analysis's, the job's gemeente first (the one the
warehouse stores when the page has no structured location); the education levels are those of the requirements it
found. A second annotator's reading is scored the same way against the first (``agreement``): the ceiling the
pipeline is measured against.

Demo gold set: a gold file is YAML, a list of ``{id, kind, title, text, expected: [concept ids], nice_to_have:
[...]}``. Predicted concepts are the mentions that count. Scores are micro-averaged over (text, concept) pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from spacy.language import Language

from core.dutch.places import gemeente_codes

from .corpus import (
    MENTION_TYPES,
    REQUIREMENTS,
    SPLIT_FILE,
    Annotation,
    CorpusError,
    GoldMention,
    RealText,
    Span,
    Split,
    load_annotations,
    load_split,
    one_of,
)
from .esco_linking import link_mentions
from .pipeline import analyse, analysed_text, default_pipeline, taxonomy_concepts
from .scoring import CorpusScores, Reading, Scores, reading_of, score
from .types import TextInput, file_offset, file_text_input

GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "nlp" / "gold"
"""The project's gold set (vacancies and course texts written for the tests)."""


@dataclass(frozen=True, slots=True)
class GoldText:
    """A text with the concepts a careful annotator expects."""

    id: str
    kind: str
    title: str
    text: str
    expected: frozenset[str]
    nice_to_have: frozenset[str] = frozenset()


@dataclass
class Evaluation:
    """Scores of one evaluation run, and the texts' mistakes for inspection."""

    texts: int = 0
    overall: Scores = field(default_factory=Scores)
    by_type: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    by_kind: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    nice_to_have: Scores = field(default_factory=Scores)
    """The nice-to-have flag on concepts found correctly in vacancies."""
    mistakes: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    """(text id, false positives, false negatives) for every text with a mistake."""


def load_gold(paths: Iterable[Path] | None = None) -> list[GoldText]:
    """Gold texts from YAML files (default: every ``*.yaml`` in the project's gold folder)."""
    files = sorted(paths) if paths else sorted(GOLD_DIR.glob("*.yaml"))
    texts = []
    for path in files:
        for entry in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
            texts.append(
                GoldText(
                    id=entry["id"],
                    kind=entry["kind"],
                    title=entry.get("title", ""),
                    text=entry["text"],
                    expected=frozenset(entry["expected"]),
                    nice_to_have=frozenset(entry.get("nice_to_have") or ()),
                )
            )
    return texts


def evaluate(gold: list[GoldText], nlp: Language) -> Evaluation:
    """Run the pipeline on every gold text and score the concepts that count."""
    concepts = taxonomy_concepts(nlp)
    inputs = [TextInput(title=g.title, body=g.text, kind=g.kind) for g in gold]
    result = Evaluation(texts=len(gold))
    for text, analysis in zip(gold, analyse(inputs, nlp), strict=True):
        predicted = analysis.concept_ids
        for concept_id in predicted | text.expected:
            concept_type = concepts[concept_id].type if concept_id in concepts else "unknown"
            outcome = (
                "tp"
                if concept_id in predicted and concept_id in text.expected
                else ("fp" if concept_id in predicted else "fn")
            )
            for scores in (result.overall, result.by_type[concept_type], result.by_kind[text.kind]):
                scores.count(outcome)
        if text.kind == "vacancy":
            required = {m.concept_id for m in analysis.skills if m.counted and not m.nice_to_have}
            for concept_id in predicted & text.expected:
                flagged, gold_nice = concept_id not in required, concept_id in text.nice_to_have
                if flagged or gold_nice:
                    outcome = "tp" if flagged and gold_nice else ("fp" if flagged else "fn")
                    result.nice_to_have.count(outcome)
        false_positives, false_negatives = sorted(predicted - text.expected), sorted(text.expected - predicted)
        if false_positives or false_negatives:
            result.mistakes.append((text.id, false_positives, false_negatives))
    return result


KINDS = ("vacancy", "offer")


@dataclass(frozen=True, slots=True)
class RealEvaluation:
    """The figures of one reading of a set of real texts: over all of them and per kind of text."""

    overall: CorpusScores
    by_kind: dict[str, CorpusScores]
    """``vacancy`` and ``offer``."""

    @classmethod
    def of(cls, pairs: list[tuple[Reading, Reading]]) -> RealEvaluation:
        """Score (gold, predicted) readings."""
        return cls(
            overall=score(pairs),
            by_kind={kind: score(pair for pair in pairs if pair[0].text.kind == kind) for kind in KINDS},
        )


def real_text_input(text: RealText) -> TextInput:
    """The real text as the pipeline reads a crawled item: the first line is the title, the rest the body."""
    return file_text_input(text.text, text.kind)


def pipeline_readings(texts: list[RealText], nlp: Language | None = None) -> list[Reading]:
    """The pipeline's reading of each real text, with offsets into the file."""
    nlp = nlp or default_pipeline()
    inputs = [real_text_input(text) for text in texts]
    readings = []
    for text, text_input, analysis in zip(texts, inputs, analyse(inputs, nlp), strict=True):
        link_mentions(analysis.skills)
        if analysed_text(text_input) != f"{text_input.title}\n\n{text_input.body}":
            raise CorpusError(f"Real text {text.id}: the pipeline changed its text (markup or invalid characters?)")
        where = f"Real text {text.id}: a mention the pipeline found"
        mentions = [
            GoldMention(
                span=Span(file_offset(mention.start, text_input), file_offset(mention.end, text_input), mention.text),
                type=one_of(mention.type, MENTION_TYPES, "type", where),
                requirement=one_of(mention.requirement, REQUIREMENTS, "requirement", where),
                esco_uri=mention.esco_uri,
            )
            for mention in analysis.skills
            if mention.requirement
        ]
        readings.append(
            Reading(
                text=text,
                mentions=tuple(mentions),
                education=tuple(mention.level for mention in analysis.education),
                # The job's gemeente first (what the warehouse keeps), then the other places and the scopes.
                places=(
                    *gemeente_codes(analysis.places),
                    *(place.scope for place in analysis.places if place.scope),
                ),
            )
        )
    return readings


def annotated_texts(split: Split | None = None, annotator: str = "a") -> list[Annotation]:
    """An annotator's annotations of the texts of one part of the split (``dev`` or ``test``), or of all texts."""
    parts = load_split()
    annotations = load_annotations(annotator)
    unsplit = [a.text.id for a in annotations if a.text.id not in parts]
    if unsplit:
        raise CorpusError(f"Texts {', '.join(unsplit)} are annotated but in neither part of {SPLIT_FILE}")
    return [a for a in annotations if split is None or parts[a.text.id] == split]


def evaluate_real(split: Split | None = None, nlp: Language | None = None) -> RealEvaluation:
    """The pipeline's figures on the annotated real texts of one part of the split (or all of them)."""
    annotations = annotated_texts(split)
    predicted = pipeline_readings([a.text for a in annotations], nlp)
    return RealEvaluation.of([(reading_of(a), p) for a, p in zip(annotations, predicted, strict=True)])


def agreement(first: str = "a", second: str = "b") -> RealEvaluation:
    """The second annotator's figures against the first on the texts both annotated."""
    gold = {a.text.id: a for a in load_annotations(first)}
    pairs = [(reading_of(gold[b.text.id]), reading_of(b)) for b in load_annotations(second) if b.text.id in gold]
    return RealEvaluation.of(pairs)
