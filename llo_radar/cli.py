"""``llo-radar``: one command per stage, thin over ``llo_radar.jobs``.

Errors of the domain (bad sources file, no crawl run, unreachable warehouse, ...) are printed as one sentence
and exit with status 1.
"""

from __future__ import annotations

import enum
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from alerts.exceptions import AlertsError
from alerts.states import STATES
from core import clock
from core.outside_text import for_terminal
from crawlers.exceptions import CrawlersError
from crawlers.run_folder import CrawlRun
from nlp.errors import NlpError
from warehouse.db import display_url
from warehouse.exceptions import WarehouseError
from warehouse.indicators.emerging import EmergingTermLine
from warehouse.indicators.gaps import skill_name
from warehouse.periods import PERIOD_KINDS

from . import jobs
from .exceptions import LloRadarError
from .settings import Settings
from .terminal import print_json, print_links, table

app = typer.Typer(help="LLO Radar: skills demand (vacancies) and supply (training offers) in the Netherlands.")
sources_app = typer.Typer(help="Work with the sources file.")
app.add_typer(sources_app, name="sources")
console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # one sentence, never wrapped

DbOption = Annotated[
    str | None, typer.Option("--db", help="Warehouse SQLAlchemy URL (env LLO_RADAR_DATABASE_URL).", show_default=False)
]
DataDirOption = Annotated[
    Path | None, typer.Option("--data-dir", help="Data folder (env LLO_RADAR_DATA_DIR).", show_default=False)
]
SourcesOption = Annotated[
    Path | None, typer.Option("--sources", help="Sources file (env LLO_RADAR_SOURCES_FILE).", show_default=False)
]
PeriodKindChoice = enum.Enum("PeriodKindChoice", {kind: kind for kind in PERIOD_KINDS}, type=str)
ExportFormatChoice = enum.Enum("ExportFormatChoice", {"csv": "csv", "parquet": "parquet", "json": "json"}, type=str)
JsonOption = Annotated[bool, typer.Option("--json", help="Print the listing as JSON instead of tables.")]
PeriodOption = Annotated[
    str | None,
    typer.Option("--period", help="Month 2026-11, week 2026-W47 or quarter 2026-Q4; default: latest month."),
]


def _settings(db: str | None = None, data_dir: Path | None = None, sources: Path | None = None) -> Settings:
    return Settings.overridden(database_url=db, data_dir=data_dir, sources_file=sources)


@app.command()
def demo(db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Serve the bundled demo websites on 127.0.0.1 and run the whole pipeline on them as a Prefect flow, on each
    day of a few weeks of history (the clock pinned to each), ending today."""
    from flows.server import check_prefect_api

    from .demo.run import run_demo
    from .reports import print_report

    settings = _settings(db, data_dir)
    # Without a configured Prefect API the flows run on a temporary local server; keep its state with the demo.
    prefect_home = settings.data_dir / "prefect"
    prefect_home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(prefect_home.resolve()))
    check_prefect_api()
    result = run_demo(settings)
    history = table("Crawled", "Vacancies", "Unique jobs", "Closed", "Offers", "Alerts new", "Worse", "Resolved",
                    title="Demo history: one run of the whole job per crawl day")  # fmt: skip
    for moment, run in result.runs:
        evaluation, _ = run.alerts
        closed = sum(load.closed for load in run.loads)
        _add_row(history, f"{moment:%Y-%m-%d}", run.report.vacancies, run.dedupe.jobs, closed, run.report.offers,
                 evaluation.raised, evaluation.worse, evaluation.resolved)  # fmt: skip
    console.print(history)
    last = result.last
    _print_crawl(last.crawl)
    console.print(
        f"Warehouse {for_terminal(display_url(settings.warehouse_url))}: {last.report.vacancies} vacancies "
        f"({last.dedupe.jobs} unique jobs), {last.report.offers} offers; {sum(run.cells for run in last.aggregate)} "
        f"indicator cells for {', '.join(last.aggregate[0].periods)}."
    )
    print_report(last.report, last.report_path, console)
    # The skills no concept matches, next to the linked ones above: what the taxonomy should learn next.
    _print_emerging(*jobs.emerging_skills(settings, limit=10))
    evaluation, delivery = last.alerts
    console.print(
        f"\nAlerts for {result.subscriber} ({evaluation.period}), today's run: {evaluation.raised} new, "
        f"{evaluation.worse} worse, {evaluation.unchanged} unchanged and not sent again, {evaluation.resolved} "
        f"resolved; {delivery.delivered} messages to {for_terminal(result.alerts_file)}"
    )
    received = for_terminal(result.received.strip()) or "No new alerts: every gap was sent before."
    console.print(received, highlight=False, soft_wrap=True)  # URLs whole
    options = f" --data-dir {for_terminal(data_dir)}" if data_dir else ""
    options += f" --db '{for_terminal(display_url(db))}'" if db else ""
    console.print(
        f"\nSee the figures, their evidence and the factsheets in the dashboard:\n  llo-radar dashboard{options}\n"
        f"and open {settings.dashboard_base_url}/ (JSON API: {settings.dashboard_base_url}/api/docs)",
        soft_wrap=True,
    )


@app.command()
def crawl(
    source: Annotated[list[str] | None, typer.Option("--source", help="Crawl only this source (repeatable).")] = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
    sources: SourcesOption = None,
) -> None:
    """Crawl sources into a new run folder (raw items kept) and record the crawl runs."""
    result = jobs.crawl(_settings(db, data_dir, sources), source)
    _print_crawl(result)
    if all(outcome.status == "failed" for outcome in result.crawls):
        raise typer.Exit(1)


@app.command()
def rescrape(
    run_dir: Annotated[Path | None, typer.Argument(help="Crawl run folder; default: the latest.")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Only this source (repeatable).")] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Extract items again from a crawl run's archived pages, without the network."""
    for name, (count, problems) in jobs.rescrape(_settings(data_dir=data_dir), run_dir, source).items():
        reasons = Counter(problem.reason for problem in problems)
        found = "".join(f", {n} {reason}" for reason, n in sorted(reasons.items()))
        console.print(f"{for_terminal(name)}: {count} items from the archive{found}")


@app.command()
def extract(
    run_dir: Annotated[Path | None, typer.Argument(help="Crawl run folder; default: the latest.")] = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Extract skills, sector and region from a crawl run's items and load them into the warehouse."""
    listed = table(
        "Source", "Kind", "Crawl", "Analysed", "Unchanged", "Skipped", "Skill links", "Unplaced", "Closed", "Repaired"
    )
    loads = jobs.extract_and_load(_settings(db, data_dir), run_dir)
    for load in loads:
        ex, ld = load.extract, load.load
        _add_row(
            listed,
            load.source,
            load.kind,
            load.status,
            str(ex.analysed if ex else "-"),
            str(ex.unchanged if ex else "-"),
            str(ex.skipped if ex else "-"),
            str(ld.skill_links if ld else "-"),
            str(ld.unresolved_places if ld else "-"),
            str(load.closed),
            ", ".join(f"{reason} {count}" for reason, count in sorted(ld.repaired.items())) if ld else "-",
        )
    console.print(listed)
    for load in loads:
        if load.closing:
            console.print(f"{for_terminal(load.source)}: nothing closed: {for_terminal(load.closing)}.")


@app.command()
def dedupe(db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Group vacancies that publish the same job (same URL, same text or similar) into unique jobs."""
    result = jobs.dedupe(_settings(db, data_dir))
    reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(result.by_reason.items())) or "none"
    console.print(f"{result.vacancies} vacancies are {result.jobs} unique jobs (duplicates: {reasons}).")


@app.command()
def aggregate(
    period: Annotated[
        list[str] | None,
        typer.Option("--period", help="Week 2026-W47, month 2026-11 or quarter 2026-Q4 (repeatable)."),
    ] = None,
    every: Annotated[
        PeriodKindChoice | None, typer.Option("--every", help="Every week, month or quarter the data covers.")
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option("--level", help="Also this region level, e.g. municipality (repeatable)."),
    ] = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Recompute the skill gap per period × skill × region × sector × education level and each occupation's skill
    profile (default: the latest week, month and quarter)."""
    runs = jobs.aggregate(_settings(db, data_dir), period, every=every.value if every else None, levels=level)
    for run in runs:
        levels = for_terminal(", ".join(run.levels))
        console.print(f"{run.indicator} {', '.join(run.periods)}: {run.cells} cells stored for levels {levels}.")


@app.command()
def trace(
    cell_id: Annotated[
        str, typer.Argument(help="An indicator cell: period/region/sector/level/skill (column cell_id of v_skill_gap).")
    ],
    as_json: JsonOption = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Show the jobs (with all their vacancies) and offers behind one indicator cell."""
    found = jobs.trace(_settings(db, data_dir), cell_id)
    if as_json:
        print_json(found)
        return
    cell = found.cell
    console.print(
        for_terminal(
            f"Cell {cell.cell_id}: {skill_name(cell.skill, linked=cell.skill_linked)} in {cell.region}, sector "
            f"{cell.sector_code}, level {cell.education_level}, {cell.period}: demand {cell.demand} jobs, supply "
            f"{cell.supply} offers."
        )
    )
    vacancies = [(job.job_id, vacancy) for job in found.jobs for vacancy in job.vacancies]
    title = f"{len(found.jobs)} jobs, {len(vacancies)} vacancies"
    listed = table("Job", "Vacancy", "Title", "Employer", "Duplicate", "URL", title=title)
    for number, (job_id, v) in enumerate(vacancies, start=1):
        _add_row(listed, job_id, v.vacancy_id, v.title, v.employer, v.duplicate_reason, f"[{number}]")
    console.print(listed)
    print_links(console, ((str(number), v.url) for number, (_, v) in enumerate(vacancies, start=1)))
    offers = table("Offer", "Title", "Provider", "Mode", "URL", title=f"{len(found.offers)} offers")
    for number, o in enumerate(found.offers, start=1):
        _add_row(offers, o.offer_id, o.title, o.provider, o.mode, f"[o{number}]")
    console.print(offers)
    print_links(console, ((f"o{number}", o.url) for number, o in enumerate(found.offers, start=1)))


@app.command()
def report(
    period: PeriodOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="HTML file to write.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Print the largest gaps and write the HTML report."""
    from .reports import print_report

    gap_report, path = jobs.report(_settings(db, data_dir), period, output)
    if as_json:
        print_json(gap_report)
    else:
        print_report(gap_report, path, console)


class _DefaultCommandGroup(TyperGroup):
    """A group whose first argument, when it is no subcommand, goes to the default command ``find``:
    ``llo-radar skills FILE`` works next to ``llo-radar skills evaluate``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["find", *args]
        return super().parse_args(ctx, args)


skills_app = typer.Typer(cls=_DefaultCommandGroup, help="Skills in texts: find, evaluate on real annotated texts.")
app.add_typer(skills_app, name="skills")


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
    report = jobs.analyse_one(_settings(db, data_dir), source, kind)
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
    from nlp.evaluate import agreement, evaluate_real

    from .reports.extraction import print_mistakes, print_real_evaluation

    parts = [split.value] if split else ["dev", "test"]
    columns = {part: evaluate_real(part, nlp) for part in parts}
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
    label, lines = jobs.emerging_skills(_settings(db, data_dir), period, min_count=min_count, limit=limit)
    if as_json:
        print_json(lines)
        return
    _print_emerging(label, lines)


def _print_emerging(label: str, lines: list[EmergingTermLine]) -> None:
    """The review queue of unlinked terms as a table."""
    counts = ("Vacancies", "Before", "Trend", "Offers")
    title = f"Unlinked terms, {label} (accept: llo-radar skills accept TERM [--concept ID])"
    listed = table("Term", "Type", *counts, "ESCO", "Examples", title=title, numeric=counts)
    for line in lines:
        trend = f"{line.trend:+.0%}" if line.trend is not None else "new" if line.vacancies_previous == 0 else ""
        _add_row(
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
        _settings(db, data_dir), term, concept_id=concept, label=label, type_=type_
    )
    console.print(f"{', '.join(repr(s) for s in spellings)} accepted as {concept_id}; the next extraction links them.")


@app.command()
def export(
    view: Annotated[
        str,
        typer.Argument(
            help="View to export: v_vacancy_skills, v_offer_skills, v_offer_locations, v_skill_gap, "
            "v_occupation_profile."
        ),
    ],
    where: Annotated[list[str] | None, typer.Option("--where", help="Filter COLUMN=VALUE (repeatable).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; CSV default: standard output.")
    ] = None,
    fmt: Annotated[
        ExportFormatChoice, typer.Option("--format", help="csv, parquet or json (an array of rows).")
    ] = ExportFormatChoice.csv,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Export an analyst view as CSV, Parquet or JSON, filtered on column values."""
    filters = {}
    for condition in where or []:
        column, sep, value = condition.partition("=")
        if not sep:
            raise LloRadarError(f"--where takes COLUMN=VALUE, not {condition!r}")
        filters[column.strip()] = value.strip()
    count = jobs.export_view(_settings(db, data_dir), view, filters, fmt.value, output)
    if output is not None:
        err_console.print(f"{count} rows of {for_terminal(view)} written to {for_terminal(output)}")


db_app = typer.Typer(help="Work with the warehouse database.")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Create the warehouse or bring its schema up to date (Alembic migrations), and (re)load the reference
    dimensions and region groupings. The only command that changes the schema."""
    settings = _settings(db, data_dir)
    before, after = jobs.upgrade_warehouse(settings)
    where = for_terminal(display_url(settings.warehouse_url))
    console.print(f"Warehouse {where}: revision {before or 'none'} -> {after}")


taxonomy_app = typer.Typer(help="Work with skill taxonomies.")
app.add_typer(taxonomy_app, name="taxonomy")


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


@app.command("scrape-url")
def scrape_url(
    url: Annotated[str, typer.Argument(help="Page to fetch.")],
    kind: Annotated[str, typer.Option(help="vacancy or offer")] = "vacancy",
    extraction: Annotated[str, typer.Option(help="auto (schema.org data, else main text) or structured")] = "auto",
    sources: SourcesOption = None,
) -> None:
    """Fetch one page (robots.txt obeyed) and print the extracted item as JSON."""
    from crawlers.sources import load_sources

    if kind not in ("vacancy", "offer"):
        raise LloRadarError(f"--kind must be vacancy or offer, not {kind!r}")
    if extraction not in ("auto", "structured"):
        raise LloRadarError(f"--extraction must be auto or structured, not {extraction!r}")
    contact_url = load_sources(_settings(sources=sources).sources_file).contact_url if sources else None
    item = jobs.scrape_item(url, kind, extraction, contact_url)
    typer.echo(json.dumps(item, ensure_ascii=False, indent=2))


@sources_app.command("check")
def sources_check(sources: SourcesOption = None) -> None:
    """Validate the sources file and list its sources."""
    from crawlers.sources import load_sources
    from flows.deployments import schedule

    settings = _settings(sources=sources)
    parsed = load_sources(settings.sources_file)
    headers = ("Source", "Kind", "Publisher", "Spider", "Extraction", "Schedule")
    listed = table(*headers, title=for_terminal(settings.sources_file))
    for source in parsed.sources:
        cron = source.schedule or settings.crawl_schedule
        schedule(cron, settings, f"source {source.name}" if source.schedule else "setting crawl_schedule")
        _add_row(listed, source.name, source.kind, source.publisher.name, source.spider_name, source.extraction, cron)
    schedule(settings.aggregate_schedule, settings, "setting aggregate_schedule")
    console.print(listed)


subscribe_app = typer.Typer(help="Subscriptions of opleiders to gap alerts.")
app.add_typer(subscribe_app, name="subscribe")


@subscribe_app.command("add")
def subscribe_add(
    name: Annotated[str, typer.Argument(help="The opleider, as its offers name the provider.")],
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
    webhook: Annotated[str | None, typer.Option(help="URL that gets a JSON POST.")] = None,
    file: Annotated[str | None, typer.Option(help="File to append to: *.txt text, else JSON lines.")] = None,
    skill: Annotated[list[str] | None, typer.Option(help="Skill id or label (repeatable).")] = None,
    skill_group: Annotated[list[str] | None, typer.Option(help="Taxonomy group, e.g. zorg (repeatable).")] = None,
    skill_type: Annotated[list[str] | None, typer.Option(help="skill, knowledge, ... (repeatable).")] = None,
    sector: Annotated[list[str] | None, typer.Option(help="SBI section letter (repeatable).")] = None,
    region: Annotated[
        list[str] | None, typer.Option(help="Region code (AM18, PV27, NL, RG-...) or gemeente (repeatable).")
    ] = None,
    level: Annotated[list[str] | None, typer.Option(help="Education level, e.g. 'MBO 4' (repeatable).")] = None,
    digest: Annotated[bool, typer.Option("--weekly", help="One bundled message a week.")] = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Add a subscription, or replace the one of the same name."""
    from pydantic import ValidationError

    from alerts.subscriptions import SubscriptionConfig

    fields = {
        "name": name, "email": email, "webhook": webhook, "file": file, "skills": skill, "skill_groups": skill_group,
        "skill_types": skill_type, "sectors": sector, "regions": region, "education_levels": level,
        "digest": "weekly" if digest else None,
    }  # fmt: skip
    try:
        config = SubscriptionConfig(**{key: value for key, value in fields.items() if value is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(subscription)"
        raise LloRadarError(f"Subscription {name!r}: {field}: {first['msg']}") from exc
    subscription = jobs.add_subscription(_settings(db, data_dir), config)
    console.print(f"Subscription {for_terminal(subscription.name)} saved.")


@subscribe_app.command("load")
def subscribe_load(
    file: Annotated[Path, typer.Argument(help="YAML file of subscriptions (format in docs/alerts.md).")],
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Add or update every subscription of a YAML file (by name; loading it again changes nothing)."""
    saved = jobs.load_subscription_file(_settings(db, data_dir), file)
    names = ", ".join(s.name for s in saved)
    console.print(f"{len(saved)} subscriptions saved from {for_terminal(file)}: {for_terminal(names)}")


@subscribe_app.command("list")
def subscribe_list(as_json: JsonOption = False, db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """List the subscriptions with their channels and interests."""
    from alerts.subscriptions import channels_of, describe_interests, subscription_summary

    found = jobs.subscriptions(_settings(db, data_dir))
    if as_json:
        print_json([subscription_summary(subscription) for subscription in found])
        return
    listed = table("Name", "Channels", "Interests", "Digest", title="Subscriptions")
    for subscription in found:
        channels = ", ".join(channel for channel, _ in channels_of(subscription))
        _add_row(listed, subscription.name, channels, describe_interests(subscription), subscription.digest)
    console.print(listed)


@subscribe_app.command("remove")
def subscribe_remove(
    name: Annotated[str, typer.Argument(help="Name of the subscription.")],
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Unsubscribe: delete a subscription and its alerts."""
    jobs.remove_subscription(_settings(db, data_dir), name)
    console.print(f"Subscription {for_terminal(name)} removed.")


alerts_app = typer.Typer(help="Gap alerts to subscribed opleiders.")
app.add_typer(alerts_app, name="alerts")
AlertIdArgument = Annotated[int, typer.Argument(help="Id of the alert (alerts list).")]
AlertStateChoice = enum.Enum("AlertStateChoice", {state: state for state in STATES}, type=str)


@alerts_app.command("send")
def alerts_send(db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Evaluate the alert rule on the latest aggregation and deliver new alerts (failed channels are retried)."""
    evaluation, delivery = jobs.send_alerts(_settings(db, data_dir))
    if evaluation.period is None:
        console.print("No aggregated period to evaluate yet; run 'llo-radar aggregate' first.")
    else:
        console.print(
            f"Alerts for {evaluation.period}: {evaluation.raised} new, {evaluation.worse} worse, "
            f"{evaluation.unchanged} unchanged (not sent again), {evaluation.resolved} resolved."
        )
    console.print(f"Messages delivered: {delivery.delivered}, failed: {delivery.failed} (retried on the next run).")
    for failure in delivery.failures:
        err_console.print(f"[yellow]Delivery failed:[/yellow] {for_terminal(failure)}")


@alerts_app.command("list")
def alerts_list(
    state: Annotated[AlertStateChoice | None, typer.Option("--state", help="Only alerts in this state.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """List alerts with their state, cell, figures and deliveries."""
    from alerts.states import status_summary

    found = jobs.alerts(_settings(db, data_dir), state.value if state else None)
    if as_json:
        print_json([status_summary(status) for status in found])
        return
    listed = table(
        "Id", "Subscription", "State", "Skill", "Region", "Sector", "Level", "Period", "Demand", "Supply", "Deliveries",
        title="Alerts", numeric=("Demand", "Supply"),
    )  # fmt: skip
    for status in found:
        a = status.alert
        deliveries = "; ".join(
            f"{d.channel} {'ok' if d.delivered_at else f'failed x{d.attempts}: {d.last_error}'}"
            for d in status.deliveries
        )
        _add_row(listed, a.id, status.subscription, a.state, a.skill, a.region_code, a.sector_code,
                 a.education_level, a.period, a.demand, a.supply, deliveries)  # fmt: skip
    console.print(listed)


@alerts_app.command("ack")
def alerts_ack(alert_id: AlertIdArgument, db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Acknowledge an alert: seen; it is raised again only when the gap grows."""
    jobs.change_alert(_settings(db, data_dir), alert_id, "acknowledged")
    console.print(f"Alert {alert_id} acknowledged.")


@alerts_app.command("mute")
def alerts_mute(alert_id: AlertIdArgument, db: DbOption = None, data_dir: DataDirOption = None) -> None:
    """Mute an alert: its cell is never raised again for the subscription."""
    jobs.change_alert(_settings(db, data_dir), alert_id, "muted")
    console.print(f"Alert {alert_id} muted.")


@app.command()
def dashboard(
    host: Annotated[str | None, typer.Option(help="Address to listen on (env LLO_RADAR_DASHBOARD_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (env LLO_RADAR_DASHBOARD_PORT).")] = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Serve the dashboard over the warehouse, read-only: map, shortages and surpluses, skills, regions, occupations,
    the evidence behind every figure, factsheets (HTML and PDF) and a JSON API (docs at /api/docs)."""
    from .dashboard.app import dashboard_app
    from .dashboard.server import serve as serve_app

    settings = Settings.overridden(database_url=db, data_dir=data_dir, dashboard_host=host, dashboard_port=port)
    app_ = dashboard_app(settings)
    address = f"http://{settings.dashboard_host}:{settings.dashboard_port}"
    console.print(f"LLO Radar dashboard: {address}/ (JSON API: {address}/api/docs). Stop with Ctrl+C.", soft_wrap=True)
    serve_app(app_, settings.dashboard_host, settings.dashboard_port)


class FactsheetKind(enum.StrEnum):
    """What a factsheet is about."""

    region = "region"
    provider = "provider"


@app.command()
def factsheet(
    kind: Annotated[FactsheetKind, typer.Argument(help="region (an arbeidsmarktregio or any region) or provider.")],
    subject: Annotated[str, typer.Argument(help="Region code (AM18) or the subscribed opleider's name.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .html or .pdf.")],
    period: PeriodOption = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Write a factsheet with duiding (the largest gaps, trends, what the evidence says, what to do) as HTML or
    PDF; its links point at the dashboard's public URL (LLO_RADAR_DASHBOARD_URL)."""
    from .factsheets.printing import write_factsheet

    write_factsheet(_settings(db, data_dir), kind.value, subject, output, period)
    console.print(f"Factsheet written to {for_terminal(output)}", soft_wrap=True)


@app.command()
def serve() -> None:
    """Serve the scheduled deployments (a crawl per source, the weekly aggregate-and-alert, the whole job on
    demand) to the Prefect server at PREFECT_API_URL, and run their flow runs until stopped.

    Settings come from the environment (LLO_RADAR_*) only, so that no URL or credential is stored in Prefect.
    """
    from prefect import serve as serve_flows

    from flows.deployments import deployments
    from flows.server import check_prefect_api

    settings = Settings.overridden()
    check_prefect_api()
    served = deployments(settings)
    listed = table("Deployment", "Schedule", "Parameters", title="Deployments")
    for deployment in served:
        schedules = ", ".join(f"{s.schedule.cron} ({s.schedule.timezone})" for s in deployment.schedules or [])
        _add_row(listed, f"{deployment.flow_name}/{deployment.name}", schedules or "on demand", deployment.parameters)
    console.print(listed)
    serve_flows(*served, limit=settings.serve_limit)


def _print_crawl(result: CrawlRun) -> None:
    counts = ("Pages", "Items", "Unusable", "Unseen")
    listed = table("Source", "Status", *counts, "Problems", title=f"Crawl {result.key}", numeric=counts)
    for outcome in result.crawls:
        _add_row(
            listed,
            outcome.source,
            outcome.status,
            outcome.pages_fetched,
            outcome.items_scraped,
            outcome.items_dropped,
            outcome.errors,
            ", ".join(f"{reason} {count}" for reason, count in sorted(outcome.problems.items())) or outcome.problem,
        )
    console.print(listed)


def _add_row(table: Table, *values: object) -> None:
    """Add a row of values that may come from outside (web pages, remote servers, files): shown as they are,
    never read as Rich markup or as terminal control sequences; None shows empty."""
    table.add_row(*(for_terminal(value) for value in values))


DOMAIN_ERRORS = (LloRadarError, CrawlersError, NlpError, WarehouseError, AlertsError, clock.BadMoment)
"""Errors whose message is already the one sentence the user reads."""


def one_sentence(error: Exception) -> str | None:
    """What failed, on which input and what to do next, for errors of the domain, the configuration, the
    warehouse and the file system; None for anything else (a bug: its traceback is shown)."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(error, DOMAIN_ERRORS):
        return str(error)
    if isinstance(error, OperationalError):
        return f"cannot use the warehouse: {_first_line(error.orig)}. Check --db / LLO_RADAR_DATABASE_URL."
    if isinstance(error, DBAPIError):
        return f"the warehouse refused the command: {_first_line(error.orig)}"
    if isinstance(error, OSError) and error.filename:
        return (
            f"cannot use {error.filename}: {error.strerror}. Check the paths given (--data-dir / "
            "LLO_RADAR_DATA_DIR, --output, ...) and their permissions."
        )
    return None


def _first_line(error: BaseException | None) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def main() -> None:
    """Entry point: run the app, turning errors of use into one sentence (``one_sentence``) and exit status 1."""
    try:
        clock.now()  # a badly pinned clock is reported before any work starts
        app()
    except Exception as error:
        sentence = one_sentence(error)
        if sentence is None:
            raise
        err_console.print(f"[red]Error:[/red] {for_terminal(sentence)}")
        sys.exit(1)
