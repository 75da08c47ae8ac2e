"""Extraction quality on the real texts as a rich table (``llo-radar skills evaluate``): one column per set of
texts (development, test, the second annotator against the first), and the mistakes per text for tuning."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from nlp.corpus import GoldMention
from nlp.evaluate import RealEvaluation
from nlp.scoring import CorpusScores, Scores, Share, TextMistakes

_TYPES = ("skill", "knowledge", "tool", "transversal", "certificate", "language")
_REQUIREMENTS = ("must", "nice", "other", "taught")
_KIND_NAMES = {"vacancy": "vacancies", "offer": "courses"}


def _ratio(value: float) -> str:
    return f"{value:.2f}"


def _scores(scores: Scores) -> str:
    return f"{scores.precision:.2f}/{scores.recall:.2f}/{scores.f1:.2f}"


def _counts(scores: Scores) -> str:
    return f"{scores.tp}/{scores.fp}/{scores.fn}"


def _share(share: Share) -> str:
    return f"{share.hits}/{share.total}" + (f" {share.value:.0%}" if share.value is not None else "")


def _rows() -> list[tuple[str, Callable[[RealEvaluation], str]]]:
    """(label, figure of an evaluation) per row of the table."""
    rows: list[tuple[str, Callable[[RealEvaluation], str]]] = [
        ("texts", lambda e: str(e.overall.texts)),
        ("mentions P/R/F1", lambda e: _scores(e.overall.mentions)),
        ("mentions TP/FP/FN", lambda e: _counts(e.overall.mentions)),
    ]
    for kind, name in _KIND_NAMES.items():
        rows.append((f"  {name} P/R/F1", _of_kind(kind, lambda scores: _scores(scores.mentions))))
    for mention_type in _TYPES:
        rows.append((f"  recall {mention_type}", _overall_recall("by_type", mention_type)))
    for requirement in _REQUIREMENTS:
        rows.append((f"  recall {requirement}", _overall_recall("by_requirement", requirement)))
    rows += [
        ("requirement agrees", lambda e: _share(e.overall.requirement_agreement)),
        ("type agrees", lambda e: _share(e.overall.type_agreement)),
        ("ESCO skill agrees", lambda e: _share(e.overall.esco_agreement)),
    ]
    rows.append(("place right: all texts", lambda e: _share(e.overall.places)))
    for kind, name in _KIND_NAMES.items():
        rows.append((f"  {name}", _of_kind(kind, lambda scores: _share(scores.places))))
    rows.append(("places, scopes P/R/F1", lambda e: _scores(e.overall.place_sets)))
    rows.append(("level found: all texts", lambda e: _share(e.overall.education)))
    for kind, name in _KIND_NAMES.items():
        rows.append((f"  {name}", _of_kind(kind, lambda scores: _share(scores.education))))
    rows.append(("levels stated wrongly", lambda e: str(e.overall.wrong_levels)))
    return rows


def _of_kind(kind: str, figure: Callable[[CorpusScores], str]) -> Callable[[RealEvaluation], str]:
    """``figure`` of an evaluation's texts of one kind."""
    return lambda evaluation: figure(evaluation.by_kind[kind])


def _overall_recall(table: str, key: str) -> Callable[[RealEvaluation], str]:
    """The recall of one type or requirement (``table`` ``by_type`` or ``by_requirement``) over all texts."""
    return lambda evaluation: _recall(evaluation.overall, table, key)


def _recall(scores: CorpusScores, table: str, key: str) -> str:
    found = getattr(scores, table).get(key)
    return f"{found.recall:.2f} ({found.tp + found.fn})" if found and found.tp + found.fn else "-"


def print_real_evaluation(columns: dict[str, RealEvaluation], console: Console) -> None:
    """The figures of each evaluation side by side: precision/recall/F1 of the mentions, overall and per kind;
    recall per type and requirement (number of gold mentions in brackets); how often the requirement and type
    agree on matched pairs; places right of the texts naming a gemeente; education levels found of the stated
    requirements; levels stated that no requirement has."""
    table = Table(
        title="Extraction on real texts (ANNOTATION.md)",
        caption="The skill tagger learns from the dev texts: their cross-validated figures are in "
        "'python -m nlp.training --folds' (docs/extraction.md).",
    )
    table.add_column("figure", no_wrap=True)
    for name in columns:
        table.add_column(name, no_wrap=True)
    for label, figure in _rows():
        table.add_row(label, *(figure(evaluation) for evaluation in columns.values()))
    console.print(table)


def print_mistakes(mistakes: list[TextMistakes], console: Console) -> None:
    """Per text: missed and spurious mentions (offsets into the file), requirements read otherwise, education
    levels and places missed (-) or found wrongly (+)."""
    for text in mistakes:
        lines = [f"{text.text_id}"]
        lines += [f"  missed    {_mention(m)}" for m in text.missed]
        lines += [f"  spurious  {_mention(m)}" for m in text.spurious]
        lines += [f"  requirement {_mention(g)} read as {p.requirement}" for g, p in text.requirement]
        if text.education:
            lines.append(f"  education {' '.join(text.education)}")
        if text.places:
            lines.append(f"  places    {' '.join(text.places)}")
        console.print("\n".join(lines), markup=False, highlight=False)  # spans are outside text


def _mention(mention: GoldMention) -> str:
    return f"{mention.span.start}-{mention.span.end} {mention.span.text!r} {mention.type}/{mention.requirement}"
