"""Tests of nlp/components/skill_tagger.py and nlp/training.py: the trained skill tagger ships with the project,
loads offline, finds on real annotated texts what the taxonomy does not know, and trains reproducibly."""

from __future__ import annotations

import pytest

from nlp.components.skill_tagger import BUNDLED_MODELS, SPAN_MODEL, TYPE_MODEL, SkillTaggerModels
from nlp.corpus import realtexts_dir
from nlp.evaluate import annotated_texts, evaluate_real
from nlp.pipeline import SKILL_TAGGER, analyse, build_pipeline, reading_version
from nlp.training import load_training_config, train_models, training_texts
from nlp.types import TextAnalysis, TextInput

MAX_FILE_BYTES = 5 * 1024 * 1024
MIN_PROBABILITY = 0.2
"""The shipped setting of the tagger's ``min_probability`` (nlp/configs/pipeline.cfg)."""


@pytest.fixture(scope="module")
def real_texts_present():
    folder = realtexts_dir()
    if not (folder / "manifest.csv").exists():
        pytest.skip(f"The real texts are not at {folder}: set LLO_RADAR_REALTEXTS to the realtexts folder to run this")


def test_the_bundled_models_are_small_and_load_with_the_pipeline(nlp, tmp_path):
    assert all((BUNDLED_MODELS / name).stat().st_size < MAX_FILE_BYTES for name in (SPAN_MODEL, TYPE_MODEL))
    assert SKILL_TAGGER in nlp.pipe_names
    text = TextInput(body="Wat ga je doen?\n- Dakkapellen plaatsen\n- Dakgoten vervangen\n- Je rijdt op de heftruck")
    (before,) = analyse([text], nlp)
    nlp.get_pipe(SKILL_TAGGER).to_disk(tmp_path)  # saved with the pipeline and read back, as spacy.load does
    nlp.get_pipe(SKILL_TAGGER).from_disk(tmp_path)
    (after,) = analyse([text], nlp)
    assert [(m.text, m.term, m.type) for m in after.skills] == [(m.text, m.term, m.type) for m in before.skills]
    assert {m.text for m in after.skills if not m.linked} >= {"Dakkapellen plaatsen", "Dakgoten vervangen"}
    assert [m.concept_id for m in after.skills if m.linked] == ["llo:heftruck-rijden"]


def test_a_folder_without_models_is_named_with_how_to_make_them(tmp_path):
    (tmp_path / SPAN_MODEL).write_bytes(b"")  # the type model is missing
    with pytest.raises(FileNotFoundError, match=r"\[E010\] No trained skill tagger models in .*python -m nlp.training"):
        SkillTaggerModels.from_directory(tmp_path)


def test_the_tagger_finds_what_the_taxonomy_does_not_know_on_the_real_test_texts(real_texts_present, nlp):
    result = evaluate_real("test", nlp).overall
    # Today's figures less a margin (docs/extraction.md: P 0.72, R 0.68; the taxonomy alone: P 0.79, R 0.32).
    assert result.mentions.precision >= 0.69 and result.mentions.recall >= 0.65
    assert result.by_type["skill"].recall >= 0.6 and result.by_type["knowledge"].recall >= 0.58
    assert result.type_agreement.value >= 0.65  # matched mentions typed as the annotator did (0.67)
    assert result.esco_agreement.value >= 0.4  # matched mentions linked to the annotator's ESCO skill


def test_min_probability_trades_precision_for_recall_and_texts_are_read_again(nlp):
    tagger = nlp.get_pipe(SKILL_TAGGER)
    text = TextInput(
        title="Medewerker onderhoud",
        body="Wat vragen wij?\n- Ervaring met het onderhouden van koelinstallaties\n- Kennis van databases en "
        "storingen herkennen\n- Je bent oplossingsgericht, leergierig en werkt nauwkeurig\n- Rijbewijs B",
    )
    generous_version = reading_version(nlp)
    (generous,) = analyse([text], nlp)
    try:
        tagger.min_probability = 0.9
        strict_version = reading_version(nlp)
        (strict,) = analyse([text], nlp)
    finally:
        tagger.min_probability = MIN_PROBABILITY
    # The strict reading finds less, nothing the generous one lacks (the generous one may read a mention longer:
    # "werkt nauwkeurig" where the strict one has "nauwkeurig").
    assert covered_characters(strict) < covered_characters(generous)
    assert strict_version != generous_version  # texts analysed under one setting are analysed again under the other


def covered_characters(analysis: TextAnalysis) -> set[int]:
    return {offset for mention in analysis.skills for offset in range(mention.start, mention.end)}


def test_training_on_the_same_texts_gives_the_same_models(real_texts_present):
    nlp = build_pipeline(exclude=[SKILL_TAGGER])
    tagger = nlp.add_pipe("llo_skill_tagger", name=SKILL_TAGGER, after="llo_sections")
    texts = training_texts(nlp, annotated_texts("dev")[:6])
    config = load_training_config()
    first, second = train_models(tagger, texts, config), train_models(tagger, texts, config)
    assert isinstance(first, SkillTaggerModels) and first.spans == second.spans and first.types == second.types
    tagger.set_models(first)
    (analysis,) = analyse([TextInput(body="Wat leer je?\n- Feedback geven en teams begeleiden")], nlp)
    assert analysis.skills  # a model trained on six texts already reads something
