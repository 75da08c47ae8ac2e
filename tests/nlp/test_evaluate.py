"""Tests of nlp/evaluate.py and of the gold set; the quality targets of issue 4 guard against regressions."""

from __future__ import annotations

import pytest

from nlp.evaluate import GoldText, Scores, evaluate, load_gold
from nlp.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def gold():
    return load_gold()


def test_scores_arithmetic():
    scores = Scores(tp=8, fp=2, fn=8)
    assert (scores.precision, scores.recall) == (0.8, 0.5)
    assert scores.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert Scores().precision == Scores().recall == 1.0


def test_gold_set_is_large_varied_and_uses_known_concepts(gold):
    concepts = load_taxonomy().concepts
    assert len(gold) >= 60
    assert {g.kind for g in gold} == {"vacancy", "offer"}
    assert len({g.id for g in gold}) == len(gold)
    for text in gold:
        assert text.expected <= concepts.keys(), text.id
        assert text.nice_to_have <= text.expected, text.id


def test_evaluation_counts_mistakes_per_text(mini_nlp):
    text = GoldText(id="t", kind="vacancy", title="", text="Kennis van SQL en Python.", expected=frozenset({"llo:sql"}))
    result = evaluate([text], mini_nlp)
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (1, 1, 0)
    assert result.mistakes == [("t", ["llo:python"], [])]


def test_quality_targets_hold_on_the_gold_set(gold, nlp):
    result = evaluate(gold, nlp)
    assert result.overall.precision >= 0.85
    assert result.overall.recall >= 0.75
