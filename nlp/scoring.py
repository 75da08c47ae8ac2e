"""The scoring rules of ``../shared/ANNOTATION.md``: how one reading of a real text is measured against another.

A reading is what one reader found in one text: a person (the gold annotation, or a second annotator measured
against the first) or the pipeline (``nlp/evaluate.py`` turns an analysis into one).

- Skill mentions: a predicted span is correct when it shares at least one character with a gold mention; each
  gold mention and each prediction is used at most once, by a maximum matching per text (Hopcroft-Karp,
  ``scipy.sparse.csgraph.maximum_bipartite_matching``), so every occurrence counts. Micro precision, recall and
  F1 over all texts. Per type and per requirement: true positives and false negatives by the gold mention's type
  or requirement, false positives by the prediction's, so the recall per type reads directly. On the matched
  pairs: how often the requirement (and the type) agree.
- Places: a text that names a place with a gemeente is right when the first gemeente of the reading (the one the
  warehouse keeps for a vacancy) is one of the gemeenten the gold reading names. Every distinct gemeente or scope
  (``national``, ``remote``, ``online``, ``abroad``) of a text is also scored as a set.
- Education: a stated requirement with a level is found when the reading states that level for the text (the
  pipeline gives levels per text, not spans); levels the reading states that no gold requirement has are counted
  as wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching

from .corpus import Annotation, GoldMention, RealText, Span

GEMEENTE_PREFIX = "GM"


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

    def count(self, outcome: str, times: int = 1) -> None:
        """Add to ``tp``, ``fp`` or ``fn``."""
        setattr(self, outcome, getattr(self, outcome) + times)


@dataclass
class Share:
    """How many of a number of cases came out right."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        """The share, or None without cases."""
        return self.hits / self.total if self.total else None

    def count(self, hit: bool) -> None:
        self.hits += hit
        self.total += 1


@dataclass(frozen=True, slots=True)
class Reading:
    """What one reader found in one real text, in the terms the scores compare."""

    text: RealText
    mentions: tuple[GoldMention, ...]
    """Skill mentions in text order."""
    education: tuple[str, ...]
    """The levels of the stated education requirements (``MBO 4``, ``HBO``, ``geen``, ...), in text order;
    requirements that map to no level are left out."""
    places: tuple[str, ...]
    """Gemeente codes and scopes of the places where the job is done or the course given, first found first."""

    @property
    def gemeenten(self) -> list[str]:
        """The distinct gemeente codes, first found first."""
        return list(dict.fromkeys(p for p in self.places if p.startswith(GEMEENTE_PREFIX)))


def reading_of(annotation: Annotation) -> Reading:
    """A person's annotation as a reading: the course levels (``role: course``) are no requirements."""
    return Reading(
        text=annotation.text,
        mentions=annotation.mentions,
        education=tuple(e.level for e in annotation.education if e.level is not None and e.role == "requirement"),
        places=tuple(p.place for p in annotation.places),
    )


def matched_pairs(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """(gold index, predicted index) of a largest set of pairs of spans that share a character, each span in at
    most one pair.

    >>> matched_pairs([Span(0, 10, "a"), Span(12, 20, "b")], [Span(5, 14, "x"), Span(8, 9, "y")])
    [(0, 1), (1, 0)]
    """
    if not gold or not predicted:
        return []
    rows, columns = [], []
    for g, gold_span in enumerate(gold):
        for p, predicted_span in enumerate(predicted):
            if gold_span.start < predicted_span.end and predicted_span.start < gold_span.end:
                rows.append(g)
                columns.append(p)
    if not rows:
        return []
    graph = csr_array((np.ones(len(rows), dtype=np.int8), (rows, columns)), shape=(len(gold), len(predicted)))
    match = maximum_bipartite_matching(graph, perm_type="column")  # the predicted index of each gold span, or -1
    return [(g, int(p)) for g, p in enumerate(match) if p >= 0]


@dataclass(frozen=True, slots=True)
class TextMistakes:
    """What a reading got wrong in one text, for tuning on the development texts."""

    text_id: str
    missed: tuple[GoldMention, ...] = ()
    """Gold mentions no prediction overlaps (false negatives)."""
    spurious: tuple[GoldMention, ...] = ()
    """Predictions that overlap no gold mention (false positives)."""
    requirement: tuple[tuple[GoldMention, GoldMention], ...] = ()
    """Matched (gold, predicted) pairs whose requirements differ."""
    education: tuple[str, ...] = ()
    """Levels missed (``-HBO``) and levels stated wrongly (``+WO``)."""
    places: tuple[str, ...] = ()
    """Gemeenten and scopes missed (``-GM0363``) and found wrongly (``+GM0344``)."""

    def __bool__(self) -> bool:
        return any((self.missed, self.spurious, self.requirement, self.education, self.places))


@dataclass
class CorpusScores:
    """The figures of one reading of a set of texts against the gold reading."""

    texts: int = 0
    mentions: Scores = field(default_factory=Scores)
    by_type: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    by_requirement: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    requirement_agreement: Share = field(default_factory=Share)
    """Matched pairs whose requirement is the same."""
    type_agreement: Share = field(default_factory=Share)
    """Matched pairs whose type is the same."""
    esco_agreement: Share = field(default_factory=Share)
    """Matched pairs whose gold mention has an ESCO URI: the reading links the mention to the same ESCO skill
    (texts the reader linked nothing in are left out: a second annotator who added no URIs is not scored)."""
    places: Share = field(default_factory=Share)
    """Texts naming a place with a gemeente whose first gemeente in the reading is one of them."""
    place_sets: Scores = field(default_factory=Scores)
    """Distinct (text, gemeente or scope) pairs."""
    education: Share = field(default_factory=Share)
    """Stated requirements with a level whose level the reading states."""
    wrong_levels: int = 0
    """Levels the reading states for a text that none of its gold requirements has."""
    mistakes: list[TextMistakes] = field(default_factory=list)
    """One entry per text with any mistake."""

    def add(self, gold: Reading, predicted: Reading) -> None:
        """Score one text."""
        self.texts += 1
        missed, spurious, requirement = self._score_mentions(gold, predicted)
        education = self._score_education(gold, predicted)
        places = self._score_places(gold, predicted)
        mistakes = TextMistakes(gold.text.id, missed, spurious, requirement, education, places)
        if mistakes:
            self.mistakes.append(mistakes)

    def _score_mentions(self, gold: Reading, predicted: Reading) -> tuple[tuple, tuple, tuple]:
        pairs = matched_pairs([m.span for m in gold.mentions], [m.span for m in predicted.mentions])
        matched_gold, matched_predicted = {g for g, _ in pairs}, {p for _, p in pairs}
        links = any(mention.esco_uri for mention in predicted.mentions)
        missed = tuple(m for i, m in enumerate(gold.mentions) if i not in matched_gold)
        spurious = tuple(m for i, m in enumerate(predicted.mentions) if i not in matched_predicted)
        for outcome, mentions in (("tp", [gold.mentions[g] for g, _ in pairs]), ("fn", missed), ("fp", spurious)):
            for mention in mentions:
                self.mentions.count(outcome)
                self.by_type[mention.type].count(outcome)
                self.by_requirement[mention.requirement].count(outcome)
        for g, p in pairs:
            self.requirement_agreement.count(gold.mentions[g].requirement == predicted.mentions[p].requirement)
            self.type_agreement.count(gold.mentions[g].type == predicted.mentions[p].type)
            if gold.mentions[g].esco_uri and links:
                self.esco_agreement.count(gold.mentions[g].esco_uri == predicted.mentions[p].esco_uri)
        requirement = tuple(
            (gold.mentions[g], predicted.mentions[p])
            for g, p in pairs
            if gold.mentions[g].requirement != predicted.mentions[p].requirement
        )
        return missed, spurious, requirement

    def _score_education(self, gold: Reading, predicted: Reading) -> tuple[str, ...]:
        found = set(predicted.education)
        for level in gold.education:
            self.education.count(level in found)
        self.wrong_levels += len(found - set(gold.education))
        return _differences(set(gold.education), found)

    def _score_places(self, gold: Reading, predicted: Reading) -> tuple[str, ...]:
        if gemeenten := gold.gemeenten:
            self.places.count(bool(predicted.gemeenten) and predicted.gemeenten[0] in gemeenten)
        gold_set, predicted_set = set(gold.places), set(predicted.places)
        self.place_sets.count("tp", len(gold_set & predicted_set))
        self.place_sets.count("fn", len(gold_set - predicted_set))
        self.place_sets.count("fp", len(predicted_set - gold_set))
        return _differences(gold_set, predicted_set)


def _differences(gold: set[str], predicted: set[str]) -> tuple[str, ...]:
    """What was missed (``-x``) and what was found wrongly (``+x``), sorted."""
    return (*(f"-{value}" for value in sorted(gold - predicted)), *(f"+{value}" for value in sorted(predicted - gold)))


def score(pairs: Iterable[tuple[Reading, Reading]]) -> CorpusScores:
    """The figures of (gold, predicted) readings of the same texts."""
    result = CorpusScores()
    for gold, predicted in pairs:
        if gold.text.id != predicted.text.id:
            raise ValueError(f"Cannot score a reading of {predicted.text.id} against one of {gold.text.id}")
        result.add(gold, predicted)
    return result
