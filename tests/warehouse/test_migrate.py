"""Tests of warehouse/migrate.py: migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from typer.testing import CliRunner

from cli.app import app
from core import clock
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


OLD_CODES = [  # a warehouse of revision 0010, holding every Dutch (or upper case) code it knew
    "INSERT INTO regions (code, name, level) VALUES ('GM0363', 'Amsterdam', 'gemeente'),"
    " ('AM18', 'Groot Amsterdam', 'arbeidsmarktregio'), ('PV27', 'Noord-Holland', 'provincie'),"
    " ('NL', 'Nederland', 'land'), ('RG-A', 'Brainport', 'regio'), ('RG-B', 'Stadsregio', 'stadsregio')",
    "INSERT INTO education_levels (code, name, nlqf, sort) VALUES ('geen', 'Geen opleiding vereist', NULL, 1),"
    " ('MBO 4', 'MBO niveau 4', 4, 5)",
    "INSERT INTO education_level_matches (job_level, offer_level) VALUES ('geen', 'geen'), ('MBO 4', 'geen'),"
    " ('MBO 4', 'MBO 4')",
    "INSERT INTO sources (id, name, kind) VALUES (1, 'bron', 'vacancy')",
    "INSERT INTO vacancies (id, source_id, source_key, url, title, description, first_seen, last_seen, content_hash,"
    " contract_type, salary_period, education_level, employer_type) VALUES"
    " (1, 1, 'a', 'u', 't', 'd', :now, :now, 'h', 'vast', 'MONTH', 'geen', 'agency'),"
    " (2, 1, 'b', 'u', 't', 'd', :now, :now, 'h', 'uitzend', 'HOUR', 'MBO 4', 'direct'),"
    " (3, 1, 'c', 'u', 't', 'd', :now, :now, 'h', 'stage', 'PER_SHIFT', NULL, NULL),"
    " (4, 1, 'd', 'u', 't', 'd', :now, :now, 'h', 'tijdelijk', 'YEAR', NULL, NULL)",
    "INSERT INTO offers (id, source_id, source_key, url, title, description, first_seen, last_seen, content_hash,"
    " mode, credential, level) VALUES"
    " (1, 1, 'a', 'u', 't', 'd', :now, :now, 'h', 'klassikaal', 'bewijs van deelname', 'geen'),"
    " (2, 1, 'b', 'u', 't', 'd', :now, :now, 'h', 'incompany', 'deelcertificaat', 'HBO'),"
    " (3, 1, 'c', 'u', 't', 'd', :now, :now, 'h', 'online', 'certificaat', NULL)",
    "INSERT INTO jobs (id, members, education_level, first_seen) VALUES (1, 1, 'geen', :now), (2, 1, 'MBO 4', :now)",
    "INSERT INTO subscriptions (id, name, created_at) VALUES (1, 'Vakacademie', :now)",
    "INSERT INTO subscription_interests (subscription_id, kind, value) VALUES (1, 'education_level', 'geen'),"
    " (1, 'region', 'AM18'), (1, 'skill', 'geen')",
]


def _rows(engine, query: str) -> list[tuple]:
    from sqlalchemy import text

    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


def test_upgrade_rewrites_the_old_codes_in_english_and_downgrade_restores_them(warehouse_url):
    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from core.dutch.contracts import ContractType
    from crawlers.items import Credential, OfferMode, SalaryPeriod
    from warehouse.migrate import alembic_config
    from warehouse.models import Offer, Vacancy

    engine = make_engine(warehouse_url)
    upgrade(engine, "0010")
    with engine.begin() as connection:
        for statement in OLD_CODES:
            connection.execute(text(statement), {"now": "2026-11-30 08:00:00"} if ":now" in statement else {})

    upgrade(engine)

    assert _rows(engine, "SELECT code, level FROM regions ORDER BY code") == [
        ("AM18", "labour_market_region"), ("GM0363", "municipality"), ("NL", "country"), ("PV27", "province"),
        ("RG-A", "grouping"), ("RG-B", "stadsregio"),
    ]  # fmt: skip
    assert _rows(
        engine, "SELECT id, contract_type, salary_period, education_level, employer_type FROM vacancies ORDER BY id"
    ) == [
        (1, "permanent", "month", "none_required", "agency"),
        (2, "agency_work", "hour", "MBO 4", "direct"),
        (3, "internship", None, None, None),  # no period the code knows: salary_raw keeps it
        (4, "temporary", "year", None, None),
    ]
    assert _rows(engine, "SELECT id, mode, credential, level FROM offers ORDER BY id") == [
        (1, "classroom", "certificate_of_participation", "none_required"),
        (2, "in_company", "partial_certificate", "HBO"),
        (3, "online", "certificate", None),
    ]
    assert _rows(engine, "SELECT code FROM education_levels ORDER BY sort") == [("none_required",), ("MBO 4",)]
    assert sorted(_rows(engine, "SELECT job_level, offer_level FROM education_level_matches")) == [
        ("MBO 4", "MBO 4"), ("MBO 4", "none_required"), ("none_required", "none_required"),
    ]  # fmt: skip
    assert _rows(engine, "SELECT id, education_level FROM jobs ORDER BY id") == [(1, "none_required"), (2, "MBO 4")]
    assert sorted(_rows(engine, "SELECT kind, value FROM subscription_interests")) == [
        ("education_level", "none_required"), ("region", "AM18"), ("skill", "geen"),  # a skill id is no code
    ]  # fmt: skip
    with Session(engine) as session:  # the models read the codes as their enumerations
        vacancy, offer = session.get(Vacancy, 1), session.get(Offer, 1)
        assert (vacancy.contract_type, vacancy.salary_period) == (ContractType.PERMANENT, SalaryPeriod.MONTH)
        assert (offer.mode, offer.credential) == (OfferMode.CLASSROOM, Credential.CERTIFICATE_OF_PARTICIPATION)
        assert type(offer.mode) is OfferMode

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")

    assert _rows(engine, "SELECT level FROM regions ORDER BY code") == [
        ("arbeidsmarktregio",), ("gemeente",), ("land",), ("provincie",), ("regio",), ("stadsregio",),
    ]  # fmt: skip
    assert _rows(engine, "SELECT contract_type, salary_period, education_level FROM vacancies ORDER BY id") == [
        ("vast", "MONTH", "geen"), ("uitzend", "HOUR", "MBO 4"), ("stage", None, None), ("tijdelijk", "YEAR", None),
    ]  # fmt: skip
    assert _rows(engine, "SELECT mode, credential, level FROM offers ORDER BY id") == [
        ("klassikaal", "bewijs van deelname", "geen"), ("incompany", "deelcertificaat", "HBO"),
        ("online", "certificaat", None),
    ]  # fmt: skip
    assert _rows(engine, "SELECT code FROM education_levels ORDER BY sort") == [("geen",), ("MBO 4",)]
    assert ("education_level", "geen") in _rows(engine, "SELECT kind, value FROM subscription_interests")
    engine.dispose()


def test_a_stored_value_that_is_no_code_is_refused_before_it_reaches_the_table(warehouse):
    from sqlalchemy.exc import StatementError

    from warehouse.models import Source, Vacancy

    with warehouse() as session:
        session.add(source := Source(name="bron", kind="vacancy"))
        session.flush()
        session.add(
            Vacancy(source_id=source.id, source_key="a", url="u", title="t", description="d", content_hash="h",
                    first_seen=clock.now(), last_seen=clock.now(), contract_type="vast")
        )  # fmt: skip
        with pytest.raises(StatementError, match="'vast' is not a valid ContractType"):
            session.flush()
