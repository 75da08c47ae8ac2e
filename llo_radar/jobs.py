"""The stages chained: crawl → extract and load → deduplicate → aggregate → report and alerts.

The Prefect flows and the CLI both call these functions; each one is safe to re-run.
A crawl run lives in ``<data_dir>/runs/<run key>/``, described by its ``CrawlRun`` (``crawlers/run_folder.py``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from spacy.language import Language
from sqlalchemy import Engine, MetaData, Table, select
from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import ChannelConfig
from alerts.delivery import DeliveryRun, deliver_pending
from alerts.rules import AlertRule, Evaluation, evaluate
from alerts.states import AlertStatus, State, UserState, list_alerts, set_state
from alerts.subscriptions import SubscriptionConfig, list_subscriptions, load_subscriptions, save_subscription
from alerts.subscriptions import remove_subscription as delete_subscription
from core import clock
from core.files import replaced_whole
from crawlers.archive import rescrape as rescrape_archive
from crawlers.items import item_from_dict
from crawlers.problems import EXTRACTION_REASONS, Problem, replace_problems
from crawlers.run_folder import CrawlOutcome, CrawlRun
from crawlers.runner import crawl_sources
from crawlers.sources import SourceConfig, load_sources
from nlp.extract import ExtractStats, extract_file, read_records, text_input
from nlp.pipeline import default_pipeline, taxonomy_concepts
from nlp.taxonomy import USER_GROUP, taxonomy_with_synonyms
from nlp.taxonomy import accept_term as taxonomy_accept_term
from nlp.terms import TERM_PREFIX
from nlp.text_report import file_report, item_report
from warehouse.closing import close_after_crawl
from warehouse.db import init_warehouse, make_engine, open_engine, session_maker, sqlite_file
from warehouse.dedupe import DedupeResult, deduplicate
from warehouse.indicators import INDICATORS
from warehouse.indicators.emerging import EmergingTermLine, read_emerging_terms, term_spellings
from warehouse.indicators.gaps import all_periods, latest_periods
from warehouse.indicators.skill_gap import DEFAULT_LEVELS
from warehouse.indicators.work import IndicatorRun
from warehouse.load import (
    LoadStats,
    known_hashes,
    load_records,
    record_crawl_run,
    register_source,
    sync_skills,
)
from warehouse.locks import stage_lock
from warehouse.migrate import current_revision
from warehouse.models import CrawlRun as StoredCrawlRun
from warehouse.models import Job, Region, Skill, Source, Subscription
from warehouse.periods import PeriodKind, parse_period, period_of
from warehouse.reference import region_levels
from warehouse.views import VIEWS

from .dashboard.figures import Evidence, evidence
from .exceptions import LloRadarError, NoData
from .export import ROW_GROUP, ExportFormat, filter_value, write_csv, write_json, write_parquet
from .reports import GapReport, build_report, write_html
from .settings import Settings


@dataclass
class SourceLoad:
    """Extraction and load of one source of a crawl run."""

    source: str
    kind: str
    status: str
    extract: ExtractStats | None = None
    load: LoadStats | None = None
    closed: int = 0
    """Items closed because this complete, healthy crawl no longer found them (``warehouse/closing.py``)."""
    closing: str | None = None
    """Why the crawl closed nothing, when it was no evidence of a complete, healthy crawl."""
    problem: str | None = None
    """Why the source's items were not extracted or loaded, when that failed."""


def warehouse_engine(settings: Settings) -> Engine:
    """The configured warehouse, checked to exist at this code's schema revision (``upgrade_warehouse`` brings
    it there; no other stage changes the schema)."""
    return open_engine(settings.warehouse_url)


def open_warehouse(settings: Settings) -> sessionmaker[Session]:
    """Sessions on the configured warehouse, checked to be at this code's schema revision."""
    return session_maker(warehouse_engine(settings))


def upgrade_warehouse(settings: Settings) -> tuple[str | None, str | None]:
    """Create the configured warehouse or bring its schema up to date, and (re)load the reference data and region
    groupings; returns the schema revisions before and after."""
    engine = make_engine(settings.warehouse_url)
    if (path := sqlite_file(engine)) is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with stage_lock(engine, "upgrade"):
            before = current_revision(engine)
            init_warehouse(engine, settings.region_groupings)
            return before, current_revision(engine)
    finally:
        engine.dispose()


def crawl(settings: Settings, names: list[str] | None = None) -> CrawlRun:
    """Crawl the named sources (default: all) side by side into a new run folder and record the runs.

    One child process crawls them all; the Prefect flow crawls each source in its own task instead
    (``start_crawl_run``, ``crawl_source``, ``record_crawl``).
    """
    selected = select_sources(settings, names)
    run = start_crawl_run(settings)
    run.crawls = crawl_sources(
        settings.sources_file, [s.name for s in selected], run.folder, timeout=settings.crawl_timeout
    )
    return record_crawl(settings, run)


def select_sources(settings: Settings, names: list[str] | None = None) -> list[SourceConfig]:
    """The named sources of the sources file (default: all of them)."""
    sources = load_sources(settings.sources_file)
    return [sources.get(name) for name in names] if names else sources.sources


def start_crawl_run(settings: Settings) -> CrawlRun:
    """A new crawl run with its empty folder in the runs folder."""
    return CrawlRun.start(settings.runs_dir, settings.sources_file)


def crawl_source(settings: Settings, run: CrawlRun, name: str) -> CrawlOutcome:
    """Crawl one source into a run folder (its log: ``<name>.crawl.log``); a failure is in the outcome."""
    [outcome] = crawl_sources(
        settings.sources_file, [name], run.folder, timeout=settings.crawl_timeout, log_name=f"{name}.crawl.log"
    )
    return outcome


def record_crawl(settings: Settings, run: CrawlRun) -> CrawlRun:
    """Record the run's crawls in the warehouse and write the run folder's manifest."""
    sources = load_sources(settings.sources_file)
    sessions = open_warehouse(settings)
    with sessions.begin() as session:
        for outcome in run.crawls:
            record_crawl_run(session, register_source(session, sources.get(outcome.source)), run.key, outcome)
    run.write()
    return run


def latest_run(settings: Settings) -> CrawlRun:
    """The most recent crawl run."""
    return CrawlRun.latest(settings.runs_dir)


def rescrape(
    settings: Settings, run_dir: Path | None = None, names: list[str] | None = None
) -> dict[str, tuple[int, list[Problem]]]:
    """Extract items again from a crawl run's archived pages (no network); returns per source the items written
    and the pages that gave none, with their reason.

    The run's raw items files are replaced, and the extraction problems in its problems files; run
    ``extract_and_load`` on the run afterwards.
    """
    run = CrawlRun.read(run_dir) if run_dir else latest_run(settings)
    sources = load_sources(run.sources_file)
    results = {}
    for crawl in run.crawls:
        if names and crawl.source not in names:
            continue
        source = sources.get(crawl.source)
        written, problems = rescrape_archive(run.archive_dir(source.name), source, crawl.raw_path)
        replace_problems(run.problems_path(source.name), problems, EXTRACTION_REASONS)
        results[source.name] = written, problems
    return results


def extract_and_load(settings: Settings, run_dir: Path | None = None, nlp: Language | None = None) -> list[SourceLoad]:
    """Analyse the items of a crawl run (default: the latest) and load them into the warehouse."""
    run = CrawlRun.read(run_dir) if run_dir else latest_run(settings)
    nlp = nlp or analysis_pipeline(settings)
    with open_warehouse(settings).begin() as session:  # the skills this pipeline's mentions refer to
        sync_skills(session, taxonomy_concepts(nlp).values())
    return [load_source(settings, run, crawl, extract_source(settings, run, crawl, nlp)) for crawl in run.crawls]


def analysis_pipeline(settings: Settings) -> Language:
    """The configured analysis pipeline, built once per process."""
    return default_pipeline(settings.taxonomy, settings.synonyms)


def extract_source(
    settings: Settings, run: CrawlRun, crawl: CrawlOutcome, nlp: Language | None = None
) -> ExtractStats | None:
    """Analyse the items of one source's crawl in a run into the run's analysed records of that source; None when
    its crawl failed.

    Reads the warehouse (texts analysed before are not analysed again) but never writes it, so extractions
    can run side by side, on other machines too.
    """
    if crawl.status == "failed":
        return None
    engine = warehouse_engine(settings)
    try:
        with Session(engine) as session:
            source_id = session.scalar(select(Source.id).where(Source.name == crawl.source))
            hashes = known_hashes(session, crawl.kind, source_id) if source_id is not None else {}
    finally:
        engine.dispose()
    nlp = nlp or analysis_pipeline(settings)
    processes = 1 if settings.dask_address else settings.analysis_processes  # Dask's workers are the parallelism
    return extract_file(crawl.raw_path, crawl.kind, run.analysed_path(crawl.source), nlp, hashes, processes=processes)


def load_source(settings: Settings, run: CrawlRun, crawl: CrawlOutcome, extracted: ExtractStats | None) -> SourceLoad:
    """Load one source's analysed records of a crawl run; after a complete crawl, close the items it no
    longer found."""
    result = SourceLoad(source=crawl.source, kind=crawl.kind, status=crawl.status, extract=extracted)
    if extracted is None:
        return result
    source = load_sources(run.sources_file).get(crawl.source)
    engine = warehouse_engine(settings)
    sessions = session_maker(engine)
    with stage_lock(engine, f"load {source.name}"):
        with sessions.begin() as session:
            source_id = register_source(session, source)
        result.load = load_records(sessions, source_id, read_records(run.analysed_path(source.name)))
        with sessions.begin() as session:
            stored = _stored_crawl_run(session, source_id, run.key, crawl)
            stored.items_loaded = result.load.loaded + result.load.unchanged
            result.closed = close_after_crawl(
                session, stored, crawl.kind, unreadable_lines=extracted.skipped, min_share=settings.close_min_share
            )
            result.closing = stored.closing_note
    return result


def _stored_crawl_run(session: Session, source_id: int, run_key: str, crawl: CrawlOutcome) -> StoredCrawlRun:
    """The warehouse's record of a source's crawl in a run; recorded now when the warehouse does not have it (a run
    folder crawled into another warehouse)."""
    query = select(StoredCrawlRun).where(StoredCrawlRun.source_id == source_id, StoredCrawlRun.run_key == run_key)
    if (stored := session.scalars(query.order_by(StoredCrawlRun.id.desc()).limit(1)).first()) is not None:
        return stored
    return session.get_one(StoredCrawlRun, record_crawl_run(session, source_id, run_key, crawl))


def sync_taxonomy(settings: Settings) -> None:
    """The configured taxonomy's skills in the warehouse: before loading, and so subscriptions can name them."""
    with open_warehouse(settings).begin() as session:
        _sync_taxonomy(session, settings)


def emerging_skills(
    settings: Settings, period: str | None = None, *, min_count: int = 2, limit: int = 30
) -> tuple[str, list[EmergingTermLine]]:
    """The review queue: unlinked terms the vacancies of ``period`` (default: the clock's month) ask for, most
    asked first, with the period before, offers and examples; returns the period's label and the lines."""
    chosen = parse_period(period) if period else period_of(clock.today(), "month")
    sessions = open_warehouse(settings)
    with sessions() as session:
        return chosen.label, read_emerging_terms(session, chosen, min_count=min_count, limit=limit)


def accept_term(
    settings: Settings, term: str, *, concept_id: str | None = None, label: str | None = None, type_: str | None = None
) -> tuple[str, list[str]]:
    """Accept an unlinked term from the review queue into the user's synonyms file (setting ``synonyms``): its
    spellings become synonyms of ``concept_id``, or of a new concept of the user's named ``label``. Returns the
    concept id and the spellings; the next extraction links them."""
    if settings.synonyms is None:
        raise LloRadarError("Accepting a term needs a synonyms file: set LLO_RADAR_SYNONYMS to a YAML file's path")
    skill_id = term if term.startswith(TERM_PREFIX) else f"{TERM_PREFIX}{term}"
    sessions = open_warehouse(settings)
    with sessions() as session:
        found = session.get(Skill, skill_id)
        if found is None or found.linked:
            raise LloRadarError(f"No unlinked term {term!r} in the warehouse; 'llo-radar skills emerging' lists them")
        spellings = term_spellings(session, skill_id)
        concept_type = type_ or found.type
    if concept_id is not None:
        known = taxonomy_with_synonyms(settings.taxonomy, None).concepts
        if concept_id not in known and not concept_id.startswith(f"{USER_GROUP}:"):
            raise LloRadarError(f"Unknown concept {concept_id!r}: name a concept id of the taxonomy (llo:wondzorg)")
    accepted = taxonomy_accept_term(
        settings.synonyms, spellings, concept_id=concept_id, label=label or spellings[0], concept_type=concept_type
    )
    return accepted, spellings


def scrape_item(url: str, kind: str, extraction: str = "auto", contact_url: str | None = None) -> dict[str, Any]:
    """Fetch one page as a crawl would and extract its item (as exported); one sentence when none is found."""
    from crawlers.runner import scrape_url

    item, problems = scrape_url(url, kind, extraction, **({"contact_url": contact_url} if contact_url else {}))
    if item is None:
        reasons = "; ".join(f"{p['reason']} ({p['detail']})" for p in problems) or "no page was fetched"
        raise LloRadarError(f"No {kind} found at {url}: {reasons}")
    return item


def analyse_one(settings: Settings, source: str, kind: str) -> dict[str, Any]:
    """Everything the configured pipeline finds in one text: a plain text file, ``-`` for standard input, or the
    page at a URL (``nlp/text_report.py``)."""
    nlp = analysis_pipeline(settings)
    if source.startswith(("http://", "https://")):
        item = item_from_dict(kind, scrape_item(source, kind))
        return {"source": source, **item_report(text_input(item), nlp)}
    return {"source": source, **file_report(read_text(source), kind, nlp)}


def read_text(source: str) -> str:
    """The text of a file, or of standard input for ``-``; one sentence when it cannot be read."""
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise LloRadarError(f"Cannot read {source}: {exc.strerror}") from exc


def export_view(
    settings: Settings, view: str, filters: dict[str, str], fmt: ExportFormat = "csv", output: Path | None = None
) -> int:
    """Write a view, rows filtered on ``column = value``, as CSV or JSON (to ``output`` or standard output) or
    Parquet (to ``output``); returns the number of rows."""
    if view not in VIEWS:
        raise LloRadarError(f"Unknown view {view!r}; the views are: {', '.join(VIEWS)}")
    if fmt == "parquet" and output is None:
        raise LloRadarError("Parquet export needs a file: add --output FILE.parquet")
    engine = warehouse_engine(settings)
    table = Table(view, MetaData(), autoload_with=engine)
    unknown = sorted(set(filters) - set(table.columns.keys()))
    if unknown:
        raise LloRadarError(
            f"View {view} has no column {', '.join(unknown)}; it has: {', '.join(table.columns.keys())}"
        )
    values = {name: filter_value(table.columns[name], value) for name, value in filters.items()}
    query = select(table).where(*(table.columns[name] == value for name, value in values.items()))
    columns = list(table.columns)
    protect = settings.csv_protect_formulas
    with engine.connect() as connection:
        rows = connection.execution_options(yield_per=ROW_GROUP).execute(query)
        if fmt == "parquet":
            assert output is not None  # checked above, before the warehouse was opened
            return write_parquet(columns, rows, output)
        write = write_json if fmt == "json" else partial(write_csv, protect_formulas=protect)
        if output is None:
            return write(columns, rows, sys.stdout)
        with replaced_whole(output, newline="") as handle:
            return write(columns, rows, handle)


def dedupe(settings: Settings) -> DedupeResult:
    """Group the warehouse's vacancies into unique jobs and rebuild the jobs tables."""
    engine = warehouse_engine(settings)
    with stage_lock(engine, "dedupe"), session_maker(engine).begin() as session:
        return deduplicate(session)


def aggregate(
    settings: Settings,
    periods: list[str] | None = None,
    *,
    every: PeriodKind | None = None,
    levels: list[str] | None = None,
) -> list[IndicatorRun]:
    """Recompute every indicator (the skill gap, the occupation profile) of the given periods (default: the latest
    week, month and quarter; ``every``: all periods of that kind in the data) for the built-in region levels, the
    configured groupings and ``levels``, in one transaction."""
    asked = [parse_period(label) for label in periods or []]
    engine = warehouse_engine(settings)
    with stage_lock(engine, "aggregate"), session_maker(engine).begin() as session:
        known = set(session.scalars(select(Region.level).distinct()))
        if unknown := [level for level in levels or [] if level not in known]:
            raise LloRadarError(
                f"Unknown region level {', '.join(map(repr, unknown))}; the levels are: {', '.join(sorted(known))}"
            )
        if session.scalar(select(Job.id).limit(1)) is None:
            raise NoData("The warehouse holds no jobs yet; run 'llo-radar extract' and 'llo-radar dedupe' first")
        selected = asked or (all_periods(session, every) if every else latest_periods(session))
        wanted = [*DEFAULT_LEVELS, *region_levels(session), *(levels or [])]
        levels = list(dict.fromkeys(wanted))
        return [indicator.recompute(session, selected, levels) for indicator in INDICATORS.values()]


def trace(settings: Settings, cell_id: str) -> Evidence:
    """The cell (``v_skill_gap.cell_id``) with its figures and the jobs, vacancies and offers behind it, small
    cells included."""
    sessions = open_warehouse(settings)
    with sessions() as session:
        return evidence(session, cell_id, small="keep")


def report(settings: Settings, period: str | None = None, output: Path | None = None) -> tuple[GapReport, Path]:
    """Build the gap report of ``period`` (default: the latest month) and write it as HTML; returns it and the
    path. A period that is no period label, or that was never aggregated, is refused and nothing is written."""
    label = parse_period(period).label if period is not None else None  # a label is also a safe file name
    sessions = open_warehouse(settings)
    with sessions() as session:
        if label is None:
            latest = latest_periods(session, ("month",))
            if not latest:
                raise NoData("The warehouse holds no jobs yet; run the pipeline first")
            label = latest[0].label
        gap_report = build_report(session, label, limit=settings.report_limit)
    if gap_report.cells == 0:
        raise NoData(f"No indicator cells of {label} are stored: run 'llo-radar aggregate --period {label}' first")
    output = output or settings.reports_dir / f"skill-gaps-{label}.html"
    write_html(gap_report, output)
    return gap_report, output


def add_subscription(settings: Settings, config: SubscriptionConfig) -> Subscription:
    """Store a subscription (replacing one of the same name)."""
    with open_warehouse(settings).begin() as session:
        _sync_taxonomy(session, settings)
        return save_subscription(session, config, allow_private_webhooks=settings.webhook_allow_private)


def load_subscription_file(settings: Settings, path: Path) -> list[Subscription]:
    """Store every subscription of a YAML file; loading it again changes nothing."""
    with open_warehouse(settings).begin() as session:
        _sync_taxonomy(session, settings)
        return load_subscriptions(session, path, allow_private_webhooks=settings.webhook_allow_private)


def _sync_taxonomy(session: Session, settings: Settings) -> None:
    """The configured taxonomy's skills in the warehouse, so subscriptions can name them before any extraction."""
    sync_skills(session, taxonomy_with_synonyms(settings.taxonomy, settings.synonyms).concepts.values())


def subscriptions(settings: Settings) -> list[Subscription]:
    """All subscriptions with their interests."""
    with open_warehouse(settings)() as session:
        return list_subscriptions(session)


def remove_subscription(settings: Settings, name: str) -> None:
    """Delete a subscription and its alerts."""
    with open_warehouse(settings).begin() as session:
        delete_subscription(session, name)


def alert_rule(settings: Settings) -> AlertRule:
    """The alert rule of the settings ``alert_*``."""
    return AlertRule(**{name: getattr(settings, f"alert_{name}") for name in AlertRule.__dataclass_fields__})


def channel_config(settings: Settings) -> ChannelConfig:
    """The SMTP server, timeout and webhook rule of the settings."""
    return ChannelConfig(**{name: getattr(settings, name) for name in ChannelConfig.__dataclass_fields__})


def send_alerts(settings: Settings) -> tuple[Evaluation, DeliveryRun]:
    """Evaluate the alert rule on the latest aggregation, then deliver new alerts (retrying failed channels)."""
    engine = warehouse_engine(settings)
    sessions = session_maker(engine)
    with stage_lock(engine, "alerts"):  # two runs at once would deliver the same alerts twice
        with sessions.begin() as session:
            evaluation = evaluate(session, alert_rule(settings))
        return evaluation, deliver_pending(
            sessions, channel_config(settings), dashboard_url=settings.dashboard_base_url
        )


def alerts(settings: Settings, state: State | None = None) -> list[AlertStatus]:
    """Stored alerts (of one state, or all), newest first."""
    with open_warehouse(settings)() as session:
        return list_alerts(session, state)


def change_alert(settings: Settings, alert_id: int, state: UserState) -> None:
    """Acknowledge or mute an alert."""
    with open_warehouse(settings).begin() as session:
        set_state(session, alert_id, state)
