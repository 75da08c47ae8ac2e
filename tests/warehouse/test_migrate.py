"""Tests of warehouse/migrate.py: migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from warehouse.db import init_warehouse, make_engine
from warehouse.migrate import current_revision, head_revision, upgrade
from warehouse.models import Base
from warehouse.views import VIEWS


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


@pytest.mark.postgres
def test_read_only_role_reads_views_and_cannot_write(postgres_server):
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ProgrammingError

    engine = make_engine(postgres_server)
    init_warehouse(engine)
    with engine.begin() as connection:
        connection.execute(text("drop role if exists analist"))
        connection.execute(text("create role analist login in role llo_reader"))
    reader = make_engine(make_url(postgres_server).set(username="analist").render_as_string(hide_password=False))
    try:
        with reader.connect() as connection:
            assert connection.execute(text("select count(*) from v_skill_gap")).scalar() == 0
            assert connection.execute(text("select count(*) from regions")).scalar() > 0
            with pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text("insert into sectors (code, name) values ('X', 'x')"))
    finally:
        reader.dispose()
        with engine.begin() as connection:
            for view in VIEWS:
                connection.execute(text(f"drop view if exists {view}"))
            Base.metadata.drop_all(connection)
            connection.execute(text("drop table if exists alembic_version"))
            connection.execute(text("drop role analist"))
        engine.dispose()
