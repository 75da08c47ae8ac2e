"""Connecting to the warehouse and creating its schema."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from .exceptions import NoWarehouse, OutdatedSchema
from .migrate import upgrade
from .models import Base
from .reference import BUNDLED_GROUPINGS, load_reference


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and foreign keys switched on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
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


def init_warehouse(engine: Engine, groupings: Path | None = BUNDLED_GROUPINGS) -> None:
    """Bring the schema up to date (Alembic), check it against the models and (re)load the reference data with
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
            f"The warehouse at {engine.url.render_as_string(hide_password=True)} was made by an older version and "
            f"lacks {', '.join(missing[:5])}{' and more' if len(missing) > 5 else ''}. Run 'llo-radar db upgrade'; "
            "if that does not help, start a new warehouse (for the demo: remove var/warehouse.sqlite)."
        )


def read_only_engine(url: str) -> Engine:
    """An engine that only reads an existing warehouse: a SQLite file is opened read-only (and never created), a
    PostgreSQL connection runs read-only transactions, so it also works as the ``llo_reader`` role. Raises
    ``NoWarehouse`` when the SQLite file is missing and ``OutdatedSchema`` when tables lack columns of the models."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not path.is_file():
            raise NoWarehouse(f"No warehouse at {path}: run the pipeline ('make demo') or point --db at one")
        # SQLite's URI filename: mode=ro refuses every write and never creates the file.
        engine = create_engine(f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&uri=true")
    else:
        engine = create_engine(url, execution_options={"postgresql_readonly": True})
    check_schema(engine)
    return engine


def session_maker(engine: Engine) -> sessionmaker[Session]:
    """Session factory bound to ``engine``."""
    return sessionmaker(engine, expire_on_commit=False)
