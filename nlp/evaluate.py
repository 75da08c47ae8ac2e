"""Measure extraction quality against a gold set: precision, recall and F1, overall, per concept type and per
kind of text.

A gold file is YAML: a list of ``{id, kind, title, text, expected: [concept ids], nice_to_have: [...]}``.
Predicted concepts are the mentions that count (demand in a vacancy, supply in an offer). Scores are
micro-averaged over (text, concept) pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from spacy.language import Language

from .pipeline import SKILL_MATCHER, analyse
from .types import TextInput

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
class Scores:
    """True positives, false positives and false negatives, with the usual ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


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
    concepts = nlp.get_pipe(SKILL_MATCHER).concepts
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
                setattr(scores, outcome, getattr(scores, outcome) + 1)
        if text.kind == "vacancy":
            required = {m.concept_id for m in analysis.skills if m.counted and not m.nice_to_have}
            for concept_id in predicted & text.expected:
                flagged, gold_nice = concept_id not in required, concept_id in text.nice_to_have
                if flagged or gold_nice:
                    outcome = "tp" if flagged and gold_nice else ("fp" if flagged else "fn")
                    setattr(result.nice_to_have, outcome, getattr(result.nice_to_have, outcome) + 1)
        false_positives, false_negatives = sorted(predicted - text.expected), sorted(text.expected - predicted)
        if false_positives or false_negatives:
            result.mistakes.append((text.id, false_positives, false_negatives))
    return result
