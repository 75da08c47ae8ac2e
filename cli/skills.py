"""Skills in texts: analyse one text, find, evaluate on the real annotated texts, review the unlinked terms;
importing ESCO as a taxonomy."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from core.outside_text import for_terminal
from llo_radar import jobs
from llo_radar.exceptions import LloRadarError
from llo_radar.terminal import print_json, table
from nlp.corpus import Split
from warehouse.indicators.emerging import EmergingTermLine

from .common import (
    DataDirOption,
    DbOption,
    JsonOption,
    add_row,
    console,
    settings_for,
)

app = typer.Typer()


class _DefaultCommandGroup(TyperGroup):
    """A group whose first argument, when it is no subcommand, goes to the default command ``find``:
    ``llo-radar skills FILE`` works next to ``llo-radar skills evaluate``."""

    # ctx is typer's own copy of click's Context (typer vendors click; that class is private): Any, not click's.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["find", *args]
        return super().parse_args(ctx, args)


skills_app = typer.Typer(cls=_DefaultCommandGroup, help="Skills in texts: find, evaluate on real annotated texts.")


@app.command("analyse")
def analyse_text(
    source: Annotated[
        str, typer.Argument(help="A plain text file (first line: the title), - for standard input, or a page's URL.")
    ],
    kind: Annotated[str, typer.Option(help="vacancy or offer")] = "vacancy",
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Print as JSON everything the pipeline finds in one text: skill mentions (offsets, text, normalised term,
    concept and ESCO URI or unlinked, type, section, requirement), occupation, sector, education, hours, contract
    and places with their gemeente and how each was found. Offsets refer to the file as given (a URL: to the
    analysed text, which is printed too)."""
    if kind not in ("vacancy", "offer"):
        raise LloRadarError(f"--kind must be vacancy or offer, not {kind!r}")
    report = jobs.analyse_one(settings_for(db, data_dir), source, kind)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@skills_app.command("find")
def skills_find(
    file: Annotated[str, typer.Argument(help="Text file to analyse, or - for standard input.")],
    kind: Annotated[str, typer.Option(help="vacancy or offer: decides which sections count")] = "vacancy",
    taxonomy: Annotated[Path | None, typer.Option(help="Taxonomy YAML instead of the bundled one.")] = None,
    synonyms: Annotated[Path | None, typer.Option(help="YAML of extra synonyms per concept id.")] = None,
) -> None:
    """Print the skills found in a text as JSON lines (id, label, ESCO URI, offsets, text, section)."""
    from nlp.pipeline import analyse, build_pipeline
    from nlp.types import TextInput

    text = jobs.read_text(file)
    nlp = build_pipeline(taxonomy=taxonomy, synonyms=synonyms)
    for mention in next(analyse([TextInput(body=text, kind=kind)], nlp)).skills:
        line = {
            "id": mention.concept_id,
            "label": mention.label,
            "esco_uri": mention.esco_uri,
            "start": mention.start,
            "end": mention.end,
            "text": mention.text,
            "section": mention.section,
            "counted": mention.counted,
            "nice_to_have": mention.nice_to_have,
        }
        typer.echo(json.dumps(line, ensure_ascii=False))


SplitChoice = enum.Enum("SplitChoice", {"dev": "dev", "test": "test"}, type=str)


@skills_app.command("evaluate")
def skills_evaluate(
    gold: Annotated[
        list[Path] | None, typer.Argument(help="Gold YAML files in the demo gold set's format, instead of real texts.")
    ] = None,
    demo_gold: Annotated[
        bool, typer.Option("--gold", help="Evaluate on the demo gold set (tests/nlp/gold), the regression check.")
    ] = False,
    split: Annotated[
        SplitChoice | None, typer.Option(help="Only this part of the real texts; default: dev and test side by side.")
    ] = None,
    taxonomy: Annotated[Path | None, typer.Option(help="Taxonomy YAML instead of the bundled one.")] = None,
    mistakes: Annotated[
        bool, typer.Option("--mistakes", help="List the mistakes per text (of --split, else of the dev texts).")
    ] = False,
) -> None:
    """Precision, recall and F1 of extraction on the annotated real texts (real-text folder: env
    LLO_RADAR_REALTEXTS), with places and education levels and the annotators' agreement as the ceiling; or on a
    gold set of the demo's format."""
    from nlp.pipeline import build_pipeline

    nlp = build_pipeline(taxonomy=taxonomy)
    if gold or demo_gold:
        _print_gold_evaluation(gold, nlp, mistakes)
        return
    from llo_radar.reports.extraction import print_mistakes, print_real_evaluation
    from nlp.evaluate import RealEvaluation, agreement, evaluate_real

    parts: list[Split] = [split.value] if split else ["dev", "test"]
    columns: dict[str, RealEvaluation] = {part: evaluate_real(part, nlp) for part in parts}
    print_real_evaluation({**columns, "b against a": agreement()}, console)
    if mistakes:
        print_mistakes(columns[parts[0]].overall.mistakes, console)


def _print_gold_evaluation(gold: list[Path] | None, nlp, mistakes: bool) -> None:
    from nlp.evaluate import evaluate, load_gold

    result = evaluate(load_gold(gold), nlp)
    figures = ("Precision", "Recall", "F1", "TP", "FP", "FN")
    listed = table("Scope", *figures, title=f"Gold set: {result.texts} texts", numeric=figures)
    rows = [("overall", result.overall)]
    rows += [(f"kind {name}", scores) for name, scores in sorted(result.by_kind.items())]
    rows += [(f"type {name}", scores) for name, scores in sorted(result.by_type.items())]
    rows += [("nice-to-have flag", result.nice_to_have)]
    for scope, scores in rows:
        listed.add_row(
            scope, f"{scores.precision:.3f}", f"{scores.recall:.3f}", f"{scores.f1:.3f}",
            str(scores.tp), str(scores.fp), str(scores.fn),
        )  # fmt: skip
    console.print(listed)
    if mistakes:
        for text_id, false_positives, false_negatives in result.mistakes:
            console.print(f"{text_id}: +{false_positives} -{false_negatives}")


@skills_app.command("emerging")
def skills_emerging(
    period: Annotated[
        str | None, typer.Option("--period", help="Month 2026-11, week 2026-W47 or quarter 2026-Q4; default: now.")
    ] = None,
    min_count: Annotated[int, typer.Option(help="Least number of vacancies asking for a term.")] = 2,
    limit: Annotated[int, typer.Option(help="Most terms to list.")] = 30,
    as_json: JsonOption = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """The review queue: terms vacancies ask for that the taxonomy does not know, with counts, trend, offers
    teaching them and examples; accept one with 'llo-radar skills accept'."""
    label, lines = jobs.emerging_skills(settings_for(db, data_dir), period, min_count=min_count, limit=limit)
    if as_json:
        print_json(lines)
        return
    print_emerging(label, lines)


def print_emerging(label: str, lines: list[EmergingTermLine]) -> None:
    """The review queue of unlinked terms as a table."""
    counts = ("Vacancies", "Before", "Trend", "Offers")
    title = f"Unlinked terms, {label} (accept: llo-radar skills accept TERM [--concept ID])"
    listed = table("Term", "Type", *counts, "ESCO", "Examples", title=title, numeric=counts)
    for line in lines:
        trend = f"{line.trend:+.0%}" if line.trend is not None else "new" if line.vacancies_previous == 0 else ""
        add_row(
            listed, line.term, line.type, line.vacancies, line.vacancies_previous, trend, line.offers,
            "yes" if line.esco_uri else "", "; ".join(line.examples),
        )  # fmt: skip
    console.print(listed)


@skills_app.command("accept")
def skills_accept(
    term: Annotated[str, typer.Argument(help="An unlinked term as 'skills emerging' lists it (dak kapel plaatsen).")],
    concept: Annotated[
        str | None, typer.Option("--concept", help="Map the term to this concept id (llo:wondzorg).")
    ] = None,
    label: Annotated[
        str | None, typer.Option(help="Label of the new concept (default: its most common spelling).")
    ] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Type of the new concept (default: the term's).")] = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Accept a term into the user's taxonomy (the synonyms file, LLO_RADAR_SYNONYMS): as synonyms of a concept,
    or as a concept of its own; the next extraction links it."""
    concept_id, spellings = jobs.accept_term(
        settings_for(db, data_dir), term, concept_id=concept, label=label, type_=type_
    )
    console.print(f"{', '.join(repr(s) for s in spellings)} accepted as {concept_id}; the next extraction links them.")


taxonomy_app = typer.Typer(help="Work with skill taxonomies.")


@taxonomy_app.command("import-esco")
def taxonomy_import_esco(
    directory: Annotated[Path, typer.Argument(help="Folder with an ESCO CSV download (any release and language).")],
    out: Annotated[Path, typer.Option(help="Folder to write taxonomy.yaml, occupations.yaml and tables to.")] = Path(
        "var/esco"
    ),
    language: Annotated[str | None, typer.Option(help="Language code of the files; default: from file names.")] = None,
) -> None:
    """Import ESCO (skills, groups, hierarchy, occupations, ISCO groups, relations, collections) for the pipeline."""
    from nlp.esco import import_esco, write_import

    result = import_esco(directory, language)
    paths = write_import(result, out)
    concepts = result.taxonomy.concepts.values()
    listed = table(
        "What", "Count", title=for_terminal(f"ESCO ({result.language}) from {directory}"), numeric=("Count",)
    )
    listed.add_row("skills and knowledge", str(len(result.taxonomy.concepts)))
    listed.add_row(
        "  of which digital / green", f"{sum(c.digital for c in concepts)} / {sum(c.green for c in concepts)}"
    )
    listed.add_row("labels (preferred + alternative)", str(sum(len(c.terms) for c in concepts)))
    listed.add_row("skill groups", str(len(result.taxonomy.groups) - 1))
    listed.add_row("occupations", str(len(result.occupations)))
    listed.add_row("ISCO-08 groups", str(len(result.isco_groups)))
    listed.add_row("occupation-skill relations", str(len(result.occupation_skills)))
    console.print(listed)
    console.print(f"Files read: {for_terminal(', '.join(result.files))}")
    console.print(f"Use it with LLO_RADAR_TAXONOMY={for_terminal(paths['taxonomy.yaml'])}")
