"""Tests of warehouse/migrate.py: migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from warehouse.db import init_warehouse, make_engine
from warehouse.migrate import current_revision, head_revision, upgrade
from warehouse.models import Base


def test_migrations_match_the_models_and_rerun_as_no_op(warehouse_url):
    engine = make_engine(warehouse_url)
    assert current_revision(engine) is None
    init_warehouse(engine)
    init_warehouse(engine)  # idempotent
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == [], "a model changed without a migration: run alembic revision --autogenerate"
    upgrade(engine)
    engine.dispose()
