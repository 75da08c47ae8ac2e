"""Connecting to the warehouse, creating its schema, and checking that a warehouse is ready for this code.

Only ``init_warehouse`` changes the schema (``llo-radar db upgrade``, the demo's setup and the tests' fixtures);
every other command opens the warehouse with ``open_engine``, which reads the schema revision and says what to
run when it is behind, so commands never take DDL locks and read-only roles can use them.
"""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from .exceptions import BadDatabaseUrl, NoWarehouse, OutdatedSchema
from .migrate import current_revision, head_revision, upgrade
from .models import Base
from .reference import BUNDLED_GROUPINGS, load_reference

BACKENDS = ("sqlite", "postgresql")
"""Databases the warehouse runs on (the upserts and locks are written for both)."""
URL_EXAMPLES = "sqlite:///var/warehouse.sqlite or postgresql+psycopg://user@host/llo"


def parse_url(url: str) -> URL:
    """``url`` parsed; ``BadDatabaseUrl`` when it is no URL of a supported database (never repeating a password)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadDatabaseUrl(f"The warehouse URL is not a database URL: write {URL_EXAMPLES}") from None
    if parsed.get_backend_name() not in BACKENDS:
        raise BadDatabaseUrl(
            f"The warehouse URL {display_url(parsed)} names the database {parsed.get_backend_name()!r}; LLO Radar "
            f"runs on SQLite or PostgreSQL: write {URL_EXAMPLES}"
        )
    return parsed


def display_url(url: str | URL) -> str:
    """A warehouse URL as it may be shown: its password masked.

    >>> display_url("postgresql+psycopg://llo:geheim@db.example/llo")
    'postgresql+psycopg://llo:***@db.example/llo'
    >>> display_url("geen url")
    '(not a database URL)'
    """
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"


def sqlite_file(engine_or_url: Engine | URL) -> Path | None:
    """The file of a SQLite warehouse; None for PostgreSQL and in-memory SQLite."""
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else engine_or_url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def make_engine(url: str) -> Engine:
    """An engine for ``url``, without connecting; SQLite gets foreign keys switched on. ``BadDatabaseUrl`` names
    what is wrong with the URL."""
    parsed = parse_url(url)
    try:
        engine = create_engine(parsed)
    except (NoSuchModuleError, ImportError) as exc:
        where = display_url(parsed)
        raise BadDatabaseUrl(
            f"The warehouse URL {where} names a database driver that is not installed: {exc}"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    try:
        cursor.execute("SELECT sqrt(1)")
    except sqlite3.OperationalError:  # SQLite built without its math functions: the indicators' intervals need it
        dbapi_connection.create_function("sqrt", 1, math.sqrt, deterministic=True)
    cursor.close()


def open_engine(url: str) -> Engine:
    """An engine on an existing warehouse whose schema is at this code's revision. ``NoWarehouse`` when a SQLite
    file is missing (nothing is created), ``OutdatedSchema`` saying to run ``llo-radar db upgrade`` when the schema
    is behind (or ahead of) the code."""
    engine = make_engine(url)
    path = sqlite_file(engine)
    if path is not None and not path.is_file():
        raise NoWarehouse(
            f"No warehouse at {path}: create it with 'llo-radar db upgrade', or point --db / LLO_RADAR_DATABASE_URL "
            "at an existing one"
        )
    revision, head = current_revision(engine), head_revision()
    if revision != head:
        where = display_url(engine.url)
        if revision is None:
            raise OutdatedSchema(f"The warehouse at {where} has no schema yet: run 'llo-radar db upgrade' first")
        raise OutdatedSchema(
            f"The warehouse at {where} is at schema revision {revision}, this code needs {head}: run "
            "'llo-radar db upgrade' (a revision newer than the code's needs a newer LLO Radar)"
        )
    return engine


def init_warehouse(engine: Engine, groupings: Path | None = BUNDLED_GROUPINGS) -> None:
    """Create or upgrade the schema (Alembic), check it against the models and (re)load the reference data with
    the region groupings of ``groupings`` (a YAML file; None: none)."""
    upgrade(engine)
    check_schema(engine)
    with Session(engine) as session, session.begin():
        load_reference(session, groupings)


def check_schema(engine: Engine) -> None:
    """Raise ``OutdatedSchema`` naming what is missing when tables lack columns of the models (a model changed
    without a migration, or the warehouse is older than its migration history says)."""
    inspector = inspect(engine)
    missing = []
    for table in Base.metadata.sorted_tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing += [f"{table.name}.{column.name}" for column in table.columns if column.name not in present]
    if missing:
        raise OutdatedSchema(
            f"The warehouse at {display_url(engine.url)} was made by an older version and "
            f"lacks {', '.join(missing[:5])}{' and more' if len(missing) > 5 else ''}. Run 'llo-radar db upgrade'; "
            "if that does not help, start a new warehouse (for the demo: remove var/warehouse.sqlite)."
        )


def read_only_engine(url: str) -> Engine:
    """An engine that only reads an existing warehouse at this code's revision (``open_engine``'s checks): a SQLite
    file is opened read-only, PostgreSQL connections run read-only transactions, so it also works as the
    ``llo_reader`` role."""
    engine = open_engine(url)
    path = sqlite_file(engine)
    if path is None:
        return engine.execution_options(postgresql_readonly=True)
    engine.dispose()
    # SQLite's URI filename: mode=ro refuses every write.
    return create_engine(f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&uri=true")


def session_maker(engine: Engine) -> sessionmaker[Session]:
    """Session factory bound to ``engine``."""
    return sessionmaker(engine, expire_on_commit=False)
