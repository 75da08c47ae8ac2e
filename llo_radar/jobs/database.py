"""The warehouse as the jobs open it, and the only job that changes its schema; the taxonomy's skills in it."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from nlp.taxonomy import taxonomy_with_synonyms
from warehouse.db import init_warehouse, make_engine, open_engine, session_maker, sqlite_file
from warehouse.load import (
    sync_skills,
)
from warehouse.locks import stage_lock
from warehouse.migrate import current_revision

from ..settings import Settings


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


def sync_taxonomy(settings: Settings) -> None:
    """The configured taxonomy's skills in the warehouse: before loading, and so subscriptions can name them."""
    with open_warehouse(settings).begin() as session:
        sync_taxonomy_in(session, settings)


def sync_taxonomy_in(session: Session, settings: Settings) -> None:
    """The configured taxonomy's skills in the warehouse, so subscriptions can name them before any extraction."""
    sync_skills(session, taxonomy_with_synonyms(settings.taxonomy, settings.synonyms).concepts.values())
