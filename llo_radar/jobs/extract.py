"""Extraction and load: the analysis of a crawl run's items, their load into the warehouse and the closing of what
a complete crawl no longer found; one text analysed on its own."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawlers.items import item_from_dict
from crawlers.run_folder import CrawlOutcome, CrawlRun
from crawlers.sources import load_sources
from nlp.extract import ExtractStats, extract_file, read_records, text_input
from nlp.parallel import kept_pool
from nlp.pipeline import default_pipeline, taxonomy_concepts
from nlp.text_report import file_report, item_report
from warehouse.closing import close_after_crawl
from warehouse.db import session_maker
from warehouse.load import (
    LoadStats,
    known_hashes,
    load_records,
    record_crawl_run,
    register_source,
    sync_skills,
)
from warehouse.locks import stage_lock
from warehouse.models import CrawlRun as StoredCrawlRun
from warehouse.models import Source

from ..exceptions import LloRadarError
from ..settings import Settings
from .crawl import latest_run, scrape_item
from .database import open_warehouse, warehouse_engine


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
    processes = analysis_processes(settings)
    return extract_file(crawl.raw_path, crawl.kind, run.analysed_path(crawl.source), nlp, hashes, processes=processes)


def analysis_processes(settings: Settings) -> int:
    """How many processes of this machine analyse: 1 on a Dask cluster, whose workers are the parallelism."""
    return 1 if settings.dask_address else settings.analysis_processes


def start_analysis(settings: Settings) -> None:
    """Load the analysis pipeline and start the worker processes that the extraction will use, without waiting for
    them: a flow run calls this before it crawls, so the workers load the pipeline during the crawl instead of
    after it."""
    processes = analysis_processes(settings)
    if processes > 1:
        kept_pool(analysis_pipeline(settings), processes).start()


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
