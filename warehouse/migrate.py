"""Bring a warehouse's schema up to date with Alembic, on SQLite and PostgreSQL alike.

Revisions live in ``warehouse/migrations/versions/``; ``upgrade`` applies the missing ones. The analyst views
are repeatable: dropped before every upgrade and created again at the newest revision from
``warehouse/views/*.sql``, so a migration may change the tables under them and a view always matches the code.
A warehouse made before migrations existed (tables, no ``alembic_version``) cannot be upgraded safely and is
reported.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from .exceptions import OutdatedSchema, WarehouseError
from .views import VIEWS, view_sql

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic configuration pointing at the project's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision the warehouse is at, or None when it has never been migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision of the code."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise WarehouseError(f"No migrations in {MIGRATIONS}: the installation of LLO Radar is incomplete")
    return head


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the missing revisions (all up to ``revision``)."""
    tables = set(inspect(engine).get_table_names())
    if tables - {"alembic_version"} and current_revision(engine) is None:
        raise OutdatedSchema(
            f"The warehouse at {engine.url.render_as_string(hide_password=True)} has tables but no migration "
            "history: it was made before migrations existed. Start a new warehouse (for the demo: remove "
            "var/warehouse.sqlite) and load it again."
        )
    config = alembic_config(engine)
    with engine.begin() as connection:
        for name in reversed(VIEWS):
            connection.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        if MigrationContext.configure(connection).get_current_revision() == head_revision():
            for name in VIEWS:
                connection.execute(text(view_sql(name)))
