"""Idempotent loads: sources, crawl runs, skills, vacancies and offers with their skills.

Vacancies and offers are upserted on their natural key (source, source key); ``first_seen`` is kept,
``last_seen`` moves forward. Skill links and offer locations of a loaded item are replaced, so re-running a
load, or loading a re-analysed file, leaves exactly one link per item and skill. Items whose text did not
change since their last analysis are only marked as seen. Each batch is one transaction.

Items that a complete crawl of their source no longer finds get ``closed_at`` (``close_missing``); an item
that shows up again is open again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import CursorResult, bindparam, delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from core import clock
from core.dutch.places import gemeente_codes, resolve_gemeente
from crawlers.items import CourseOfferItem, OfferMode, VacancyItem, item_key
from crawlers.run_folder import CrawlOutcome
from crawlers.sources import SourceConfig
from nlp.esco_linking import link_mentions
from nlp.extract import AnalysedRecord
from nlp.taxonomy import Concept
from nlp.types import SkillMention, TextAnalysis

from .bounds import fit_row
from .models import CrawlRun, Offer, OfferLocation, OfferSkill, Skill, Source, Vacancy, VacancySkill
from .upsert import upsert, upsert_statement

BATCH_SIZE = 200


@dataclass
class LoadStats:
    """Counts of one load."""

    loaded: int = 0
    """Items inserted or updated with a new analysis."""
    unchanged: int = 0
    """Items seen again with the same text: only last_seen moved."""
    skill_links: int = 0
    unresolved_places: int = 0
    """Items whose place names match no gemeente (kept, without region)."""
    refused: int = 0
    """Items not loaded because a value their table requires is missing."""
    repaired: Counter[str] = field(default_factory=Counter)
    """Values cleaned, cut or dropped to fit their columns, and refused items, per reason and column
    (``warehouse/bounds.py``)."""


def register_source(session: Session, source: SourceConfig) -> int:
    """Upsert a configured source; returns its id."""
    row = {
        "name": source.name,
        "kind": source.kind,
        "publisher_name": source.publisher.name,
        "publisher_type": source.publisher.type,
    }
    upsert(session, Source, [row], key=["name"], update=["kind", "publisher_name", "publisher_type"])
    return session.scalars(select(Source.id).where(Source.name == source.name)).one()


def record_crawl_run(session: Session, source_id: int, run_key: str, outcome: CrawlOutcome) -> int:
    """Store how a crawl went; returns the crawl run id."""
    run = CrawlRun(
        source_id=source_id,
        run_key=run_key,
        started_at=outcome.started_at,
        finished_at=outcome.finished_at,
        status=outcome.status,
        items_scraped=outcome.items_scraped,
        items_dropped=outcome.items_dropped,
        pages_fetched=outcome.pages_fetched,
        errors=outcome.errors,
        raw_path=str(Path(outcome.raw_path).resolve()),
    )
    session.add(run)
    session.flush()
    return run.id


def sync_skills(session: Session, concepts: Iterable[Concept]) -> None:
    """Upsert taxonomy concepts into the skills table."""
    rows = [
        {
            "id": c.id,
            "label": c.label,
            "type": c.type,
            "group": c.group,
            "esco_uri": c.esco_uri,
            "digital": c.digital,
            "green": c.green,
        }
        for c in concepts
    ]
    for batch in _batches(rows, 500):
        upsert(session, Skill, batch, key=["id"], update=["label", "type", "group", "esco_uri", "digital", "green"])


def load_records(
    sessions: sessionmaker[Session], source_id: int, records: Iterable[AnalysedRecord], *, batch_size: int = BATCH_SIZE
) -> LoadStats:
    """Upsert analysed vacancies or offers of one source, one transaction per batch."""
    stats = LoadStats()
    for batch in _batches(records, batch_size):
        with sessions.begin() as session:
            by_key = {item_key(record.item): record for record in batch}  # last one wins within a batch
            changed = {key: record for key, record in by_key.items() if record.analysis is not None}
            unchanged = {key: record for key, record in by_key.items() if record.analysis is None}
            if changed and batch[0].kind == "vacancy":
                _load_vacancies(session, source_id, changed, stats)
            elif changed:
                _load_offers(session, source_id, changed, stats)
            stats.unchanged += _mark_seen(session, MODELS[batch[0].kind], source_id, unchanged)
    return stats


MODELS: dict[str, type[Vacancy] | type[Offer]] = {"vacancy": Vacancy, "offer": Offer}
"""Source kind → table of its items."""


def known_hashes(session: Session, kind: str, source_id: int) -> dict[str, str]:
    """Item key → text hash of every stored item of a source, to skip analysing unchanged texts."""
    model = MODELS[kind]
    query = select(model.source_key, model.content_hash).where(model.source_id == source_id)
    return dict(session.execute(query).tuples().all())


def close_missing(session: Session, kind: str, source_id: int, crawl_started: dt.datetime) -> int:
    """Close the open items of a source not seen since ``crawl_started``: call only after a complete crawl."""
    model = MODELS[kind]
    result = session.execute(
        update(model)
        .where(model.source_id == source_id, model.closed_at.is_(None), model.last_seen < crawl_started)
        .values(closed_at=crawl_started)
    )
    assert isinstance(result, CursorResult)  # what an UPDATE returns; Session.execute is typed for any statement
    return result.rowcount


def _mark_seen(
    session: Session, model: type[Vacancy] | type[Offer], source_id: int, records: dict[str, AnalysedRecord]
) -> int:
    """Move last_seen of unchanged items (and reopen them when they had been closed)."""
    if not records:
        return 0
    statement = (
        update(model)
        .where(model.source_id == source_id, model.source_key == bindparam("key"))
        .values(last_seen=bindparam("seen"), closed_at=None)
    )
    params = [{"key": key, "seen": _seen(record.item)} for key, record in records.items()]
    session.connection().execute(statement, params)  # Core executemany: not an ORM bulk update by primary key
    return len(params)


def _batches(values: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch


def _seen(item: VacancyItem | CourseOfferItem) -> dt.datetime:
    """When the item was fetched; now, when its fetch time is missing or unreadable."""
    try:
        return dt.datetime.fromisoformat(item.fetched_at) if item.fetched_at else clock.now()
    except ValueError:
        return clock.now()


def _common_row(source_id: int, key: str, record: AnalysedRecord) -> dict[str, Any]:
    """Columns vacancies and offers share."""
    item, analysis, seen = record.item, _analysis(record), _seen(record.item)
    return {
        "source_id": source_id,
        "source_key": key,
        "url": item.url,
        "title": item.title,
        "description": item.description,
        "sector_code": analysis.sector,
        # What a vacancy is a job in; what a course prepares for, as its page names it.
        "occupation_id": analysis.occupation.id if analysis.occupation else None,
        "isco_code": analysis.occupation.isco if analysis.occupation else None,
        "first_seen": seen,
        "last_seen": seen,
        "closed_at": None,
        "content_hash": record.text_hash,
        "confidence": item.confidence,
        "text_flags": ",".join(analysis.flags) or None,
    }


def _analysis(record: AnalysedRecord) -> TextAnalysis:
    """The record's analysis: the loaders below are handed only records whose text was analysed (``load_records``)."""
    assert record.analysis is not None
    return record.analysis


def _load_vacancies(session: Session, source_id: int, records: dict[str, AnalysedRecord], stats: LoadStats) -> None:
    rows = {}
    for key, record in records.items():
        item, analysis = record.item, _analysis(record)
        assert isinstance(item, VacancyItem)
        # The page's structured location wins when it resolves; else the place the text names for the job
        # ("Standplaats: Tilburg", "Developer (Utrecht)", "gevestigd in Purmerend"), never the company's address.
        text_place = analysis.job_place
        gemeente = resolve_gemeente(item.place) or (text_place.gemeente_code if text_place else None)
        stats.unresolved_places += gemeente is None
        rows[key] = {
            **_common_row(source_id, key, record),
            "employer": item.employer,
            "employer_type": item.employer_type,
            "location_raw": item.location_raw or (text_place.text if text_place else None),
            "gemeente_code": gemeente,
            # The page's structured data wins; the text fills what it did not give.
            "education_level": item.education_level or analysis.education_level,
            "employment_type": item.employment_type,
            "contract_type": item.contract_type or analysis.contract_type,
            "hours_min": item.hours_min if item.hours_min is not None else analysis.hours_min,
            "hours_max": item.hours_max if item.hours_max is not None else analysis.hours_max,
            "salary_min": item.salary_min,
            "salary_max": item.salary_max,
            "salary_period": item.salary_period,
            "date_posted": item.date_posted or None,
            "valid_through": item.valid_through or None,
        }
    ids = _upsert_returning_ids(session, Vacancy, rows, stats)
    stats.skill_links += _replace_skill_links(session, VacancySkill, "vacancy_id", ids, records, stats, with_nice=True)


def _load_offers(session: Session, source_id: int, records: dict[str, AnalysedRecord], stats: LoadStats) -> None:
    rows, places = {}, {}
    for key, record in records.items():
        item, analysis = record.item, _analysis(record)
        assert isinstance(item, CourseOfferItem)
        # The page's locations win; else the places the text names for where the course is given.
        gemeenten = (
            {resolve_gemeente(place) for place in item.locations if isinstance(place, str)}
            if item.locations
            else set(gemeente_codes(analysis.places))
        )
        stats.unresolved_places += None in gemeenten and item.mode != OfferMode.ONLINE
        places[key] = sorted(g for g in gemeenten if g)
        rows[key] = {
            **_common_row(source_id, key, record),
            "provider": item.provider,
            "level": item.level,
            "mode": item.mode,
            "price": item.price,
            "duration_raw": item.duration_raw,
            "study_load_hours": item.study_load_hours,
            "credential": item.credential,
        }
    ids = _upsert_returning_ids(session, Offer, rows, stats)
    stats.skill_links += _replace_skill_links(session, OfferSkill, "offer_id", ids, records, stats)
    session.execute(delete(OfferLocation).where(OfferLocation.offer_id.in_(ids.values())))
    locations = [{"offer_id": ids[key], "gemeente_code": code} for key, codes in places.items() if key in ids
                 for code in codes]  # fmt: skip
    upsert(session, OfferLocation, locations, key=["offer_id", "gemeente_code"], update=[])


def _replace_skill_links(
    session: Session,
    model: type[VacancySkill] | type[OfferSkill],
    owner: str,
    ids: dict[str, int],
    records: dict[str, AnalysedRecord],
    stats: LoadStats,
    *,
    with_nice: bool = False,
) -> int:
    """Replace the loaded items' skill links with those of their latest analysis; returns the link count.

    Only mentions that count (demand in requirement sections, supply in learning outcomes) become links.
    """
    session.execute(delete(model).where(getattr(model, owner).in_(ids.values())))
    _upsert_terms(session, [mention for record in records.values() for mention in _analysis(record).skills])
    fitted = (
        fit_row(model, {owner: ids[key], **link}, stats.repaired)
        for key, record in records.items()
        if key in ids
        for link in _skill_links(_analysis(record).skills, with_nice=with_nice)
    )
    links = [link for link in fitted if link is not None]
    update = ["mentions", "matched_text", *(["nice_to_have"] if with_nice else [])]
    upsert(session, model, links, key=[owner, "skill_id"], update=update)
    return len(links)


_KEEP_ON_UPDATE = {"source_id", "source_key", "first_seen"}


def _upsert_returning_ids(
    session: Session, model: type[Vacancy] | type[Offer], rows: dict[str, dict[str, Any]], stats: LoadStats
) -> dict[str, int]:
    """Fit the rows (source key → row) into their columns and upsert them on (source_id, source_key); returns
    source_key → id of the rows loaded (a refused row is counted, not loaded)."""
    fitted = [row for row in (fit_row(model, row, stats.repaired) for row in rows.values()) if row is not None]
    stats.refused += len(rows) - len(fitted)
    stats.loaded += len(fitted)
    if not fitted:
        return {}
    update = [column for column in fitted[0] if column not in _KEEP_ON_UPDATE]
    stmt = upsert_statement(session, model, fitted, key=["source_id", "source_key"], update=update)
    result = session.execute(stmt.returning(model.source_key, model.id))
    return dict(result.tuples().all())


TERM_GROUP = "term"
"""The group of unlinked terms in the skills table."""


def _upsert_terms(session: Session, mentions: list[SkillMention]) -> None:
    """Add the unlinked terms that count among ``mentions`` to the skills table (``linked`` false), so that items
    link to them as to concepts; a term is linked to ESCO once, when first stored (``nlp.esco_linking``), and a
    term met again keeps its row."""
    counted = [mention for mention in mentions if mention.counted and not mention.linked]
    known = set(session.scalars(select(Skill.id).where(Skill.id.in_({m.concept_id for m in counted}))))
    new = [mention for mention in counted if mention.concept_id not in known]
    link_mentions(new)
    rows = {
        mention.concept_id: {
            "id": mention.concept_id,
            "label": mention.label[:200],
            "type": mention.type or "skill",
            "group": TERM_GROUP,
            "esco_uri": mention.esco_uri,
            "digital": False,
            "green": False,
            "linked": False,
        }
        for mention in new
    }
    for batch in _batches(list(rows.values()), 500):
        upsert(session, Skill, batch, key=["id"], update=[])


def _skill_links(mentions: list[SkillMention], *, with_nice: bool) -> list[dict[str, Any]]:
    counted = [mention for mention in mentions if mention.counted]
    counts = Counter(mention.concept_id for mention in counted)
    first: dict[str, str] = {}
    required: set[str] = set()
    for mention in counted:
        first.setdefault(mention.concept_id, mention.text[:300])
        if not mention.nice_to_have:
            required.add(mention.concept_id)
    links = [{"skill_id": cid, "mentions": count, "matched_text": first[cid]} for cid, count in counts.items()]
    if with_nice:  # a skill is a nice-to-have only when every mention of it says so
        for link in links:
            link["nice_to_have"] = link["skill_id"] not in required
    return links
