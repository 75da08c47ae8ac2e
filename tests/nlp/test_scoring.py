"""Tests of nlp/scoring.py: the scoring rules of ANNOTATION.md on hand-made readings."""

from __future__ import annotations

import pytest

from nlp.corpus import GoldMention, RealText, Span
from nlp.scoring import Reading, matched_pairs, score

TEXT = RealText(
    id="t-1",
    kind="vacancy",
    text="Monteur\nJe plaatst dakkapellen en kozijnen. VCA en VCA-VOL zijn nodig.",
    sha256="",
    organisation="",
    sector="",
    licence="",
    source="",
)


def mention(start: int, end: int, type_: str = "skill", requirement: str = "must") -> GoldMention:
    return GoldMention(Span(start, end, TEXT.text[start:end]), type_, requirement)  # type: ignore[arg-type]


def reading(mentions=(), education=(), places=()) -> Reading:
    return Reading(text=TEXT, mentions=tuple(mentions), education=tuple(education), places=tuple(places))


def test_one_shared_character_is_a_match_touching_is_not():
    assert matched_pairs([Span(0, 10, "")], [Span(9, 12, "")]) == [(0, 0)]
    assert matched_pairs([Span(0, 10, "")], [Span(10, 12, "")]) == []
    assert matched_pairs([Span(5, 6, "")], [Span(0, 50, "")]) == [(0, 0)]


def test_matching_is_maximum_not_greedy():
    # Gold A [0,10) and B [10,20); prediction X [5,15) overlaps both, Y [2,4) only A. Taking A-X first (greedy in
    # text order) leaves B and Y unmatched; the maximum matching pairs A-Y and B-X.
    gold, predicted = [Span(0, 10, "A"), Span(10, 20, "B")], [Span(5, 15, "X"), Span(2, 4, "Y")]
    assert sorted(matched_pairs(gold, predicted)) == [(0, 1), (1, 0)]


def test_each_mention_is_used_once_and_every_occurrence_counts():
    vca, vca_vol = TEXT.text.index("VCA"), TEXT.text.index("VCA-VOL")
    gold = reading([mention(vca, vca + 3, "certificate"), mention(vca_vol, vca_vol + 7, "certificate")])
    one_long = reading([mention(vca, vca_vol + 7, "certificate")])  # one span over both gold mentions
    result = score([(gold, one_long)])
    assert (result.mentions.tp, result.mentions.fp, result.mentions.fn) == (1, 0, 1)
    twice = reading([mention(vca, vca + 3), mention(vca, vca + 2), mention(vca_vol, vca_vol + 3)])
    result = score([(gold, twice)])
    assert (result.mentions.tp, result.mentions.fp, result.mentions.fn) == (2, 1, 0)


def test_recall_per_type_and_requirement_and_agreement_on_matched_pairs():
    dak, koz = TEXT.text.index("dakkapellen"), TEXT.text.index("kozijnen")
    gold = reading([mention(dak - 9, dak + 11, "skill", "other"), mention(koz, koz + 8, "knowledge", "other")])
    predicted = reading([mention(dak, dak + 11, "knowledge", "must")])
    result = score([(gold, predicted)])
    assert (result.by_type["skill"].tp, result.by_type["knowledge"].fn, result.by_type["knowledge"].fp) == (1, 1, 0)
    assert result.by_requirement["other"].recall == 0.5
    assert (result.requirement_agreement.hits, result.requirement_agreement.total) == (0, 1)
    assert (result.type_agreement.hits, result.type_agreement.total) == (0, 1)
    (mistakes,) = result.mistakes
    assert [m.span.text for m in mistakes.missed] == ["kozijnen"]
    assert [(g.requirement, p.requirement) for g, p in mistakes.requirement] == [("other", "must")]


@pytest.mark.parametrize(
    ("gold_places", "predicted_places", "right"),
    [
        (["GM0363", "GM0406", "remote"], ["GM0406"], True),  # any of the gemeenten the text names
        (["GM0363"], ["remote", "GM0363"], True),  # the first gemeente, not the first place
        (["GM0363"], ["GM0344", "GM0363"], False),  # the warehouse would keep Utrecht
        (["GM0363"], [], False),
    ],
)
def test_a_text_naming_a_place_is_right_when_its_first_gemeente_is_named(gold_places, predicted_places, right):
    result = score([(reading(places=gold_places), reading(places=predicted_places))])
    assert (result.places.hits, result.places.total) == (int(right), 1)


def test_texts_naming_no_gemeente_are_not_counted_for_places_but_scopes_are_scored_as_sets():
    result = score([(reading(places=["national"]), reading(places=["national", "GM0344"]))])
    assert result.places.total == 0
    assert (result.place_sets.tp, result.place_sets.fp, result.place_sets.fn) == (1, 1, 0)
    assert result.mistakes[0].places == ("+GM0344",)


def test_each_stated_education_requirement_counts_and_wrong_levels_are_counted():
    gold = reading(education=["HBO", "MBO 4", "MBO 4"])
    result = score([(gold, reading(education=["MBO 4", "WO"]))])
    assert (result.education.hits, result.education.total, result.wrong_levels) == (2, 3, 1)
    assert result.mistakes[0].education == ("-HBO", "+WO")


def test_readings_of_different_texts_are_refused():
    other = Reading(text=RealText("t-2", "offer", "", "", "", "", "", ""), mentions=(), education=(), places=())
    with pytest.raises(ValueError, match="t-2"):
        score([(reading(), other)])
