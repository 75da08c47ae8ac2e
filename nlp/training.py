"""Train the skill tagger's models (``nlp/components/skill_tagger.py``) on the annotated development texts.

``python -m nlp.training`` trains both models on every development text (``nlp/configs/skill_tagger.cfg``) and
writes them to ``nlp/data/models/``, where the pipeline loads them; ``--folds`` first measures the pipeline with
models trained by cross-validation over the development texts' organisations, so the figures are for texts of
employers and providers the models have not seen. The test texts are never read.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc

from .components._pipes import pipe_of
from .components.sections import SECTION_INDEX, doc_text
from .components.skill_tagger import BUNDLED_MODELS, SkillTagger, SkillTaggerModels, span_type_features
from .corpus import Annotation, GoldMention
from .evaluate import RealEvaluation, annotated_texts, pipeline_readings, real_text_input
from .pipeline import SKILL_TAGGER, build_pipeline, input_doc
from .scoring import reading_of

TRAINING_CONFIG = Path(__file__).parent / "configs" / "skill_tagger.cfg"


@dataclass(frozen=True, slots=True)
class TrainingText:
    """An annotated text as the tagger reads it: the doc up to the tagger and the gold mentions' token ranges."""

    annotation: Annotation
    doc: Doc
    mentions: tuple[tuple[int, int, GoldMention], ...]


def training_texts(nlp: Language, annotations: Sequence[Annotation]) -> list[TrainingText]:
    """Run the components before the tagger over the annotated texts and place the gold mentions on their tokens."""
    upstream = nlp.pipe_names[: nlp.pipe_names.index(SKILL_TAGGER)]
    texts = []
    for annotation in annotations:
        item = real_text_input(annotation.text)
        doc = input_doc(nlp, item)
        for name in upstream:
            doc = nlp.get_pipe(name)(doc)
        title_end = len(item.title)
        mentions = []
        for mention in annotation.mentions:
            # The pipeline reads the title and body with two newlines between them, the file has one.
            start, end = (offset + (offset > title_end) for offset in (mention.span.start, mention.span.end))
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                mentions.append((span.start, span.end, mention))
        texts.append(TrainingText(annotation, doc, tuple(mentions)))
    return texts


def span_labels(text: TrainingText) -> list[str]:
    """``B``/``I``/``O`` per token; of overlapping gold mentions the first is kept."""
    labels = ["O"] * len(text.doc)
    for start, end, _mention in sorted(text.mentions, key=lambda mention: mention[0]):
        if all(label == "O" for label in labels[start:end]):
            labels[start:end] = ["B"] + ["I"] * (end - start - 1)
    return labels


def train_models(tagger: SkillTagger, texts: Sequence[TrainingText], config: dict) -> SkillTaggerModels:
    """Train the span and type models on ``texts``."""
    spans = pycrfsuite.Trainer(verbose=False)
    types = pycrfsuite.Trainer(verbose=False)
    for text in texts:
        taxonomy = list(text.doc.spans[tagger.taxonomy_key])
        index = SECTION_INDEX.get(text.doc)
        assert index is not None  # the texts went through the components before the tagger, sections among them
        items = tagger.features.items(text.doc, doc_text(text.doc), index, taxonomy)
        spans.append(items, span_labels(text))
        for start, end, mention in text.mentions:
            types.append([span_type_features(text.doc, start, end, tagger.features)], [mention.type])
    return SkillTaggerModels(
        _trained(spans, config["span_model"]),
        _trained(types, config["type_model"]),
    )


def _trained(trainer: pycrfsuite.Trainer, settings: dict) -> bytes:
    trainer.set_params({**settings, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.crfsuite"
        trainer.train(str(path))
        return path.read_bytes()


def cross_validate(
    nlp: Language, texts: Sequence[TrainingText], config: dict, log: Callable[[str], None] = print
) -> RealEvaluation:
    """The pipeline's figures on every text, each read with models trained on the other folds' organisations."""
    tagger = pipe_of(nlp, SKILL_TAGGER, SkillTagger)
    organisations = sorted({text.annotation.text.organisation for text in texts})
    random.Random(config["evaluation"]["seed"]).shuffle(organisations)
    folds = config["evaluation"]["folds"]
    fold_of = {organisation: number % folds for number, organisation in enumerate(organisations)}
    pairs = []
    for fold in range(folds):
        held_out = [text for text in texts if fold_of[text.annotation.text.organisation] == fold]
        tagger.set_models(train_models(tagger, [t for t in texts if t not in held_out], config))
        readings = pipeline_readings([text.annotation.text for text in held_out], nlp)
        pairs += [(reading_of(text.annotation), reading) for text, reading in zip(held_out, readings, strict=True)]
        log(f"fold {fold + 1}/{folds}: {len(held_out)} texts held out")
    return RealEvaluation.of(pairs)


def load_training_config(path: Path = TRAINING_CONFIG) -> dict:
    return util.load_config(path, interpolate=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.training", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=TRAINING_CONFIG)
    parser.add_argument("--out", type=Path, default=BUNDLED_MODELS, help="where the models are written")
    parser.add_argument("--folds", action="store_true", help="first report cross-validated figures on dev")
    args = parser.parse_args(argv)
    config = load_training_config(args.config)
    nlp = build_pipeline(exclude=[SKILL_TAGGER])
    nlp.add_pipe("llo_skill_tagger", name=SKILL_TAGGER, after="llo_sections")
    tagger = pipe_of(nlp, SKILL_TAGGER, SkillTagger)
    annotations = annotated_texts(config["data"]["split"], config["data"]["annotator"])
    texts = training_texts(nlp, annotations)
    if args.folds:
        figures = cross_validate(nlp, texts, config).overall
        mentions = figures.mentions
        print(
            f"cross-validated on {figures.texts} texts: P {mentions.precision:.3f} R {mentions.recall:.3f} "
            f"F1 {mentions.f1:.3f}"
        )
        print("recall by type: " + ", ".join(f"{k} {v.recall:.2f}" for k, v in sorted(figures.by_type.items())))
    models = train_models(tagger, texts, config)
    models.to_directory(args.out)
    print(f"trained on {len(texts)} {config['data']['split']} texts; models written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
