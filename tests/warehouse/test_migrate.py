"""Tests of warehouse/migrate.py: migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from typer.testing import CliRunner

from cli.app import app
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


def test_commands_other_than_db_upgrade_leave_the_schema_alone_and_say_what_to_run(warehouse_url):
    engine = make_engine(warehouse_url)
    upgrade(engine, "0007")
    runner = CliRunner()

    behind = runner.invoke(app, ["aggregate", "--db", warehouse_url])

    assert behind.exit_code == 1 and current_revision(engine) == "0007"
    assert f"is at schema revision 0007, this code needs {head_revision()}: run 'llo-radar db upgrade'" in str(
        behind.exception
    )
    assert runner.invoke(app, ["db", "upgrade", "--db", warehouse_url]).exit_code == 0
    assert current_revision(engine) == head_revision()
    engine.dispose()


@pytest.mark.postgres
def test_commands_take_no_ddl_locks_the_views_stay_as_they_are(postgres_server, tmp_path):
    from sqlalchemy import text

    engine = make_engine(postgres_server)
    init_warehouse(engine)
    views = text("select relname, oid from pg_class where relkind = 'v' order by relname")
    try:
        with engine.connect() as connection:
            before = connection.execute(views).all()
        for command in (["dedupe"], ["alerts", "send"], ["export", "v_skill_gap", "-o", str(tmp_path / "x.csv")]):
            assert CliRunner().invoke(app, [*command, "--db", postgres_server]).exit_code == 0, command
        with engine.connect() as connection:
            assert connection.execute(views).all() == before  # not dropped and created again
    finally:
        _empty(engine)
        engine.dispose()


@pytest.mark.postgres
def test_read_only_commands_work_as_the_documented_reader_role(postgres_server, tmp_path):
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from alerts.rules import evaluate
    from alerts.subscriptions import SubscriptionConfig, save_subscription
    from tests.alerts.conftest import RULE, GapWarehouse
    from tests.records import CONCEPTS
    from warehouse.db import session_maker
    from warehouse.load import sync_skills

    engine = make_engine(postgres_server)
    init_warehouse(engine)
    sessions = session_maker(engine)
    with sessions.begin() as session:
        sync_skills(session, CONCEPTS)
    GapWarehouse(sessions)
    with sessions.begin() as session:
        save_subscription(session, SubscriptionConfig(name="Vakacademie", file=str(tmp_path / "a.txt")))
        evaluate(session, RULE)
    with engine.begin() as connection:
        connection.execute(text("drop role if exists analist"))
        connection.execute(text("create role analist login in role llo_reader"))
    reader = make_url(postgres_server).set(username="analist").render_as_string(hide_password=False)
    runner = CliRunner()
    try:
        for command in (
            ["trace", "2026-11/AM18/*/*/llo:wondzorg"],
            ["report", "--period", "2026-11", "-o", str(tmp_path / "rapport.html")],
            ["export", "v_skill_gap", "--where", "region_code=AM18", "-o", str(tmp_path / "gaps.csv")],
            ["alerts", "list"],
            ["subscribe", "list"],
            ["skills", "emerging", "--min-count", "1"],
        ):
            result = runner.invoke(app, [*command, "--db", reader])
            assert result.exit_code == 0, (command, result.output, result.exception)
        writing = runner.invoke(app, ["dedupe", "--db", reader])
        assert writing.exit_code == 1 and "permission denied" in str(writing.exception)
    finally:
        _empty(engine)
        with engine.begin() as connection:
            connection.execute(text("drop role analist"))
        engine.dispose()


def _empty(engine) -> None:
    """Leave the shared PostgreSQL server without the warehouse's tables and views."""
    from sqlalchemy import text

    with engine.begin() as connection:
        for view in VIEWS:
            connection.execute(text(f"drop view if exists {view}"))
        Base.metadata.drop_all(connection)
        connection.execute(text("drop table if exists alembic_version"))
