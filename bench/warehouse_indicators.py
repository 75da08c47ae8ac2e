"""Indicator recompute on a synthetic warehouse: SQLite and PostgreSQL, with DuckDB as the reference.

A generator makes a warehouse of 1,000,000 vacancies (about 8 skills each, 5% of them duplicates of another
vacancy's job, 80% with an occupation) and 50,000 offers (5 skills each; online, in person in one to three
gemeenten, or unplaced; 60% for an occupation),
spread over all 342 gemeenten, 21 sectors, the education levels and the 12 months from December 2025 to
November 2026, with publication and closing dates, open and closed vacancies. It is written once as Parquet
and bulk-loaded into each database; then the full recompute is timed: rebuilding the jobs tables from the
vacancies and the skill gap of all 12 months for every built-in region level and the bundled groupings.

The same code runs on all three: ``warehouse.dedupe.rebuild_jobs`` and ``recompute_skill_gap`` (SQLAlchemy
Core, run on DuckDB through duckdb-engine). DuckDB gets the tables with their primary keys and unique
constraints but without foreign keys (it has no SERIAL and no ON DELETE CASCADE); SQLite and PostgreSQL get the
real schema from the migrations. PostgreSQL is a
throwaway server started here with ``work_mem=256MB`` and ``shared_buffers=1GB``, as a deployment would tune
it for analytics. Each engine runs in its own process, so its peak memory is its own (PostgreSQL: the client
plus the largest server process). Target (issue 5): PostgreSQL within 3x of DuckDB.

With ``--increment`` it times a weekly increment instead, on SQLite and PostgreSQL (``run_increment``): the last
week's vacancies are held back, the rest loaded, deduplicated and aggregated in full (``refresh_indicators`` with
``full``: both indicators, every month, the weeks of November and the quarters); then the week is loaded, one in 50
open older vacancies closed, the jobs rebuilt and the aggregate run incrementally. Target (issue 17): the
incremental aggregate at most a tenth of the full one.

    .venv/bin/python -m bench.warehouse_indicators [--vacancies 1000000] [--offers 50000] [--increment]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute
import pyarrow.parquet as pq
from sqlalchemy import (
    Column,
    DefaultClause,
    Engine,
    MetaData,
    Table,
    UniqueConstraint,
    create_engine,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from core.dutch.places import gemeenten
from nlp.taxonomy import load_taxonomy
from warehouse.db import init_warehouse, make_engine
from warehouse.dedupe import rebuild_jobs
from warehouse.indicators.incremental import refresh_indicators
from warehouse.indicators.skill_gap import DEFAULT_LEVELS, recompute_skill_gap
from warehouse.load import sync_skills
from warehouse.models import Base, Job, JobSkill, MismatchResult, Region, RegionMembership, Sector, Source, Vacancy
from warehouse.periods import periods_between
from warehouse.reference import read_table

FIRST_DAY, LAST_DAY = dt.date(2025, 12, 1), dt.date(2026, 11, 30)
TABLES = ("vacancies", "vacancy_skills", "offers", "offer_locations", "offer_skills")
LEVELS = [*DEFAULT_LEVELS, "grouping"]
LEVEL_CODES = [row["code"] for row in read_table("education_levels.csv")]
OCCUPATIONS = [row["code"] for row in read_table("isco_groups.csv") if row["level"] == "4"]


def _days(rng: np.random.Generator, low: int, high: int, size: int) -> np.ndarray:
    return rng.integers(low, high, size).astype("timedelta64[D]")


def _zipf_choice(rng: np.random.Generator, count: int, size: tuple[int, ...], exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return rng.choice(count, size=size, p=weights / weights.sum())


def _sometimes(rng: np.random.Generator, share: float, values: np.ndarray, size: int) -> np.ndarray:
    """A Zipf-like choice of ``values`` for a ``share`` of ``size`` rows, None for the others."""
    return np.where(rng.random(size) < share, values[_zipf_choice(rng, len(values), (size,), 1.0)], None)


def _unique_per_row(choices: np.ndarray, keep: int) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers and values of the first ``keep`` distinct values of each row."""
    ordered = np.sort(choices, axis=1)
    fresh = np.ones_like(ordered, dtype=bool)
    fresh[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    fresh &= np.cumsum(fresh, axis=1) <= keep
    rows = np.repeat(np.arange(len(choices)), fresh.sum(axis=1))
    return rows, ordered[fresh]


def _moments(days: np.ndarray, hour: int) -> list[dt.datetime | None]:
    """Days (NaT: none) as UTC moments at ``hour`` o'clock."""
    return [None if np.isnat(day) else dt.datetime.combine(day.item(), dt.time(hour), dt.UTC) for day in days]


def _listed(ids: np.ndarray, source: int, word: str, seen: np.ndarray, closed: np.ndarray) -> dict[str, object]:
    """The columns vacancies and offers share: keys, placeholder texts and when they were seen and closed."""
    first_seen = _moments(seen, 9)
    return {
        "id": ids,
        "source_id": np.full(len(ids), source, dtype=np.int64),
        "source_key": [f"{word}-{n}" for n in ids],
        "url": [f"https://{word}.example/{n}" for n in ids],
        "title": [word.capitalize()] * len(ids),
        "description": [f"Synthetische {word}"] * len(ids),
        "first_seen": first_seen,
        "last_seen": first_seen,
        "closed_at": _moments(closed, 6),
        "content_hash": [f"{n:064x}" for n in ids],
    }


def generate(folder: Path, vacancies: int, offers: int, seed: int = 2026) -> dict[str, int]:
    """Write the synthetic warehouse as one Parquet file per table; returns the row counts."""
    rng = np.random.default_rng(seed)
    skills = np.array(sorted(load_taxonomy().concepts))
    places = np.array([g.code for g in gemeenten()])
    sectors = np.array([row["code"] for row in read_table("sbi_sections.csv")])
    span = (LAST_DAY - FIRST_DAY).days
    ids = np.arange(1, vacancies + 1)
    posted = np.datetime64(FIRST_DAY) + _days(rng, 0, span, vacancies)
    first_seen = posted + _days(rng, 0, 3, vacancies)
    valid = np.where(rng.random(vacancies) < 0.7, posted + _days(rng, 14, 75, vacancies), np.datetime64("NaT"))
    closed = first_seen + _days(rng, 5, 90, vacancies)
    closed = np.where(closed <= np.datetime64(LAST_DAY), closed, np.datetime64("NaT"))
    duplicate = (rng.random(vacancies) < 0.05) & (ids > 1)
    job = np.where(duplicate, (rng.random(vacancies) * (ids - 1)).astype(np.int64) + 1, ids)
    sector = np.where(rng.random(vacancies) < 0.9, sectors[_zipf_choice(rng, len(sectors), (vacancies,), 0.8)], None)
    level = np.where(rng.random(vacancies) < 0.7, rng.choice(LEVEL_CODES, vacancies), None)
    occupations = np.array(OCCUPATIONS)
    isco = np.where(
        rng.random(vacancies) < 0.8, occupations[_zipf_choice(rng, len(occupations), (vacancies,), 1.0)], None
    )
    tables = {
        "vacancies": {
            **_listed(ids, 1, "vacature", first_seen, closed),
            "gemeente_code": places[_zipf_choice(rng, len(places), (vacancies,), 0.9)],
            "sector_code": sector,
            "education_level": level,
            "isco_code": isco,
            "date_posted": posted,
            "valid_through": valid,
            "job_id": job,
        }
    }
    rows, skill = _unique_per_row(_zipf_choice(rng, len(skills), (vacancies, 10), 1.0), keep=8)
    tables["vacancy_skills"] = {
        "vacancy_id": ids[rows],
        "skill_id": skills[skill],
        "mentions": np.ones(len(rows), dtype=np.int64),
        "matched_text": skills[skill],
        "nice_to_have": rng.random(len(rows)) < 0.1,
    }
    offer_ids = np.arange(1, offers + 1)
    mode = rng.choice(np.array(["online", "classroom", "blended", None], dtype=object), offers, p=[0.3, 0.5, 0.1, 0.1])
    offer_seen = np.datetime64(FIRST_DAY) - 60 + _days(rng, 0, span + 60, offers)
    offer_closed = np.where(rng.random(offers) < 0.2, offer_seen + _days(rng, 30, 300, offers), np.datetime64("NaT"))
    offer_closed = np.where(offer_closed <= np.datetime64(LAST_DAY), offer_closed, np.datetime64("NaT"))
    offer_isco = np.where(
        rng.random(offers) < 0.6, occupations[_zipf_choice(rng, len(occupations), (offers,), 1.0)], None
    )
    tables["offers"] = {
        **_listed(offer_ids, 2, "opleiding", offer_seen, offer_closed),
        "mode": mode,
        "isco_code": offer_isco,
    }
    placed = offer_ids[mode != "online"]
    location_rows, location = _unique_per_row(_zipf_choice(rng, len(places), (len(placed), 3), 0.9), keep=3)
    wanted = rng.integers(1, 4, len(placed))[location_rows]
    rank = np.arange(len(location_rows)) - np.searchsorted(location_rows, location_rows)
    tables["offer_locations"] = {
        "offer_id": placed[location_rows][rank < wanted],
        "gemeente_code": places[location][rank < wanted],
    }
    rows, skill = _unique_per_row(_zipf_choice(rng, len(skills), (offers, 6), 0.6), keep=5)
    tables["offer_skills"] = {
        "offer_id": offer_ids[rows],
        "skill_id": skills[skill],
        "mentions": np.ones(len(rows), dtype=np.int64),
        "matched_text": skills[skill],
    }
    for name, columns in tables.items():
        pq.write_table(pa.table({key: pa.array(value) for key, value in columns.items()}), folder / f"{name}.parquet")
    return {name: len(next(iter(columns.values()))) for name, columns in tables.items()}


def _prepare(engine: Engine) -> None:
    """Schema, reference data, the taxonomy's skills and the two sources."""
    init_warehouse(engine)
    with Session(engine) as session, session.begin():
        sync_skills(session, load_taxonomy().concepts.values())
        session.add_all([Source(id=1, name="banen", kind="vacancy"), Source(id=2, name="opleiders", kind="offer")])


def load_sqlite(engine: Engine, folder: Path, files: tuple[str, ...] = TABLES, *, prepare: bool = True) -> None:
    """Schema and reference data (``prepare``), then the Parquet ``files`` into their tables (a name's part before
    ``+`` names the table)."""
    if prepare:
        _prepare(engine)
    with engine.begin() as connection:
        for file in files:
            name = file.split("+")[0]
            table = pq.read_table(folder / f"{file}.parquet")
            columns = ", ".join(table.column_names)
            marks = ", ".join("?" * table.num_columns)
            cursor = connection.connection.cursor()
            for batch in table.to_batches(200_000):
                values = [column.to_pylist() for column in batch.columns]
                cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", zip(*values, strict=True))


def load_postgres(engine: Engine, folder: Path, files: tuple[str, ...] = TABLES, *, prepare: bool = True) -> None:
    """As ``load_sqlite``, by COPY."""
    if prepare:
        _prepare(engine)
    with engine.begin() as connection:
        cursor = connection.connection.cursor()
        for file in files:
            name = file.split("+")[0]
            table = pq.read_table(folder / f"{file}.parquet")
            with cursor.copy(f"COPY {name} ({', '.join(table.column_names)}) FROM STDIN") as copy:
                for batch in table.to_batches(200_000):
                    for row in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                        copy.write_row(row)
        for file in files:
            cursor.execute(f"ANALYZE {file.split('+')[0]}")


def load_duckdb(engine: Engine, folder: Path, reference: Engine) -> None:
    """The warehouse's tables without constraints, filled from the Parquet files and from the reference data of
    an initialised SQLite warehouse."""
    plain = MetaData()
    for table in Base.metadata.sorted_tables:
        columns = [Column(c.name, c.type, primary_key=c.primary_key, autoincrement=False) for c in table.columns]
        unique = [UniqueConstraint(*c.columns.keys()) for c in table.constraints if isinstance(c, UniqueConstraint)]
        if table.name == MismatchResult.__tablename__:  # ids come from a sequence, as PostgreSQL's SERIAL
            columns[0].server_default = DefaultClause(text("nextval('mismatch_results_id')"))
        Table(table.name, plain, *columns, *unique)
    with engine.begin() as connection:
        connection.execute(text("CREATE SEQUENCE mismatch_results_id"))
        plain.create_all(connection)
        with reference.connect() as source:
            for model in (Region, RegionMembership, Sector):
                rows = [dict(row._mapping) for row in source.execute(select(model.__table__))]
                connection.execute(insert(plain.tables[model.__tablename__]), rows)
        for name in TABLES:
            parquet = folder / f"{name}.parquet"
            connection.execute(text(f"INSERT INTO {name} BY NAME SELECT * FROM read_parquet('{parquet}')"))


def recompute(engine: Engine) -> tuple[float, float, int]:
    """Rebuild the jobs tables and the skill gap of all months; returns both durations and the cell count."""
    months = periods_between(FIRST_DAY, LAST_DAY, "month")
    with Session(engine) as session, session.begin():
        started = time.perf_counter()
        rebuild_jobs(session)
        jobs_done = time.perf_counter()
        run = recompute_skill_gap(session, months, LEVELS)
        finished = time.perf_counter()
    return jobs_done - started, finished - jobs_done, run.cells


def one_aggregate(engine: Engine) -> float:
    """Seconds for one plain statement of the kind the recompute is made of: jobs × skills grouped by skill,
    gemeente, sector and level, with a count and two sums, written to a new table. It shows how far apart the
    engines are on a single aggregate, before any choice of how the recompute is arranged."""
    grouped = (
        select(
            JobSkill.skill_id,
            Job.gemeente_code,
            Job.sector_code,
            Job.education_level,
            func.count().label("jobs"),
            func.sum(Job.members).label("members"),
            func.sum(Job.open_days).label("open_days"),
        )
        .join(Job, Job.id == JobSkill.job_id)
        .group_by(JobSkill.skill_id, Job.gemeente_code, Job.sector_code, Job.education_level)
    )
    statement = grouped.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.begin() as connection:
        started = time.perf_counter()
        connection.execute(text(f"CREATE TEMPORARY TABLE one_aggregate AS {statement}"))
        return time.perf_counter() - started


def checksum(engine: Engine) -> list[int]:
    """Cells and total demand, supply and closed jobs: the same on every engine when the SQL agrees."""
    with engine.connect() as connection:
        r = MismatchResult.__table__.c
        row = connection.execute(select(func.count(), func.sum(r.demand), func.sum(r.supply), func.sum(r.closed))).one()
    return [int(value) for value in row]


def run_engine(engine_name: str, url: str, folder: Path) -> dict:
    """Load and recompute on one engine (in this process); returns the figures."""
    started = time.perf_counter()
    if engine_name == "duckdb":
        engine = create_engine(url)
        reference = make_engine(f"sqlite:///{folder / 'reference.sqlite'}")
        init_warehouse(reference)
        load_duckdb(engine, folder, reference)
    else:
        engine = make_engine(url)
        (load_sqlite if engine_name == "sqlite" else load_postgres)(engine, folder)
    loaded = time.perf_counter() - started
    jobs_s, gap_s, cells = recompute(engine)
    return {
        "one_aggregate_s": one_aggregate(engine),
        "engine": engine_name,
        "load_s": loaded,
        "jobs_s": jobs_s,
        "skill_gap_s": gap_s,
        "recompute_s": jobs_s + gap_s,
        "cells": cells,
        "checksum": checksum(engine),
        "client_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "server_peak_mb": _backend_peak_mb(engine) if engine_name == "postgres" else 0.0,
    }


INCREMENT_WEEK = dt.date(2026, 11, 23)
"""The weekly increment: the vacancies first seen in the last week of the data (23-30 November 2026)."""


def hold_back_increment(folder: Path) -> int:
    """Move the vacancies first seen in ``INCREMENT_WEEK`` and their skills to files of their own
    (``vacancies+increment``, ``vacancy_skills+increment``); returns how many. The generator makes duplicates of
    any earlier vacancy, whenever seen; here a new week's vacancy is a job of its own, as is an older one whose
    job it was, so the increment does not reopen jobs closed months ago."""
    vacancies = pq.read_table(folder / "vacancies.parquet")
    start = pa.scalar(dt.datetime.combine(INCREMENT_WEEK, dt.time(), dt.UTC), vacancies.schema.field("first_seen").type)
    late = pa.compute.greater_equal(vacancies["first_seen"], start)
    own = pa.compute.or_(late, pa.compute.is_in(vacancies["job_id"], value_set=vacancies.filter(late)["id"]))
    job = pa.compute.if_else(own, vacancies["id"], vacancies["job_id"])
    vacancies = vacancies.set_column(vacancies.schema.get_field_index("job_id"), "job_id", job)
    skills = pq.read_table(folder / "vacancy_skills.parquet")
    held = pa.compute.is_in(skills["vacancy_id"], value_set=vacancies.filter(late)["id"])
    for name, table, mask in (("vacancies", vacancies, late), ("vacancy_skills", skills, held)):
        pq.write_table(table.filter(mask), folder / f"{name}+increment.parquet")
        pq.write_table(table.filter(pa.compute.invert(mask)), folder / f"{name}.parquet")
    return int(pa.compute.sum(late).as_py())


def _aggregate(engine: Engine, periods: list, *, full: bool) -> tuple[float, int]:
    """Seconds of one aggregate of ``periods`` (both indicators, as ``llo-radar aggregate``) and cells written."""
    with Session(engine) as session, session.begin():
        started = time.perf_counter()
        runs = refresh_indicators(session, periods, LEVELS, full=full)
        return time.perf_counter() - started, sum(run.cells for run in runs)


def _rebuild(engine: Engine) -> float:
    with Session(engine) as session, session.begin():
        started = time.perf_counter()
        rebuild_jobs(session)
        return time.perf_counter() - started


def run_increment(engine_name: str, url: str, folder: Path) -> dict:
    """The weekly increment on one engine: everything but the last week loaded, deduplicated and aggregated in
    full (every month, every week of November, the quarters); then the last week's vacancies loaded, one in 50 of
    the open older vacancies closed by that week's crawl, deduplicated again, and aggregated incrementally."""
    engine = make_engine(url)
    load = load_sqlite if engine_name == "sqlite" else load_postgres
    started = time.perf_counter()
    load(engine, folder)
    loaded = time.perf_counter() - started
    periods = [
        *periods_between(FIRST_DAY, LAST_DAY, "month"),
        *periods_between(dt.date(2026, 11, 1), LAST_DAY, "week"),
        *periods_between(FIRST_DAY, LAST_DAY, "quarter"),
    ]
    first_rebuild = _rebuild(engine)
    full_s, full_cells = _aggregate(engine, periods, full=True)
    load(engine, folder, ("vacancies+increment", "vacancy_skills+increment"), prepare=False)
    crawled = dt.datetime.combine(INCREMENT_WEEK, dt.time(6), dt.UTC)
    with engine.begin() as connection:
        closed = connection.execute(
            update(Vacancy)
            .where(Vacancy.closed_at.is_(None), Vacancy.first_seen < crawled, Vacancy.id % 50 == 0)
            .values(closed_at=crawled)
        ).rowcount
    rebuild_s = _rebuild(engine)
    incremental_s, incremental_cells = _aggregate(engine, periods, full=False)
    return {
        "engine": engine_name,
        "load_s": loaded,
        "first_rebuild_s": first_rebuild,
        "periods": len(periods),
        "full_s": full_s,
        "full_cells": full_cells,
        "closed": closed,
        "rebuild_s": rebuild_s,
        "incremental_s": incremental_s,
        "incremental_cells": incremental_cells,
        "ratio": incremental_s / full_s,
    }


def _backend_peak_mb(engine: Engine) -> float:
    """Peak memory (VmHWM) of the PostgreSQL server process that served this client's connection."""
    with engine.connect() as connection:
        pid = connection.scalar(text("SELECT pg_backend_pid()"))
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vacancies", type=int, default=1_000_000)
    parser.add_argument("--offers", type=int, default=50_000)
    parser.add_argument(
        "--increment", action="store_true", help="Time a weekly increment against a full aggregate (SQLite, PostgreSQL)"
    )
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:  # a child process: one engine
        run = run_increment if args.increment else run_engine
        print(json.dumps(run(args.engine, args.url, args.data)))
        return

    from tests.postgres import ThrowawayPostgres, find_pg_bin

    with tempfile.TemporaryDirectory(prefix="llo-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        counts = generate(folder, args.vacancies, args.offers)
        print(f"generated in {time.perf_counter() - started:.0f} s: {counts}", flush=True)
        if args.increment:
            print(f"held back for the increment: {hold_back_increment(folder)} vacancies", flush=True)
        server = ThrowawayPostgres(find_pg_bin(), options="-c work_mem=256MB -c shared_buffers=1GB")
        urls = {
            "duckdb": f"duckdb:///{folder / 'warehouse.duckdb'}",
            "sqlite": f"sqlite:///{folder / 'warehouse.sqlite'}",
            "postgres": server.start(),
        }
        if args.increment:
            del urls["duckdb"]
        results = []
        try:
            for name, url in urls.items():
                command = [sys.executable, "-m", "bench.warehouse_indicators", "--engine", name, "--url", url]
                command += ["--increment"] if args.increment else []
                output = subprocess.run([*command, "--data", str(folder)], capture_output=True, text=True, check=True)
                result = json.loads(output.stdout.strip().splitlines()[-1])
                results.append(result)
                print(json.dumps(result), flush=True)
        finally:
            server.stop()
    if args.increment:
        print("\n| engine | full aggregate | cells | jobs rebuild | incremental aggregate | cells | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for r in results:
            print(
                f"| {r['engine']} | {r['full_s']:.1f} s | {r['full_cells']:,} | {r['rebuild_s']:.1f} s | "
                f"{r['incremental_s']:.1f} s | {r['incremental_cells']:,} | {r['ratio']:.3f} |"
            )
        return
    reference = results[0]
    print(f"\n{args.vacancies:,} vacancies, {args.offers:,} offers, 12 months, levels {', '.join(LEVELS)}")
    print(
        "| engine | load | rebuild jobs | skill gap, 12 months | recompute | x DuckDB | cells | peak memory "
        "| one aggregate | x DuckDB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        peak = r["client_peak_mb"] + r["server_peak_mb"]
        print(
            f"| {r['engine']} | {r['load_s']:.0f} s | {r['jobs_s']:.1f} s | {r['skill_gap_s']:.1f} s | "
            f"{r['recompute_s']:.1f} s | {r['recompute_s'] / reference['recompute_s']:.2f} | {r['cells']:,} | "
            f"{peak:,.0f} MB | {r['one_aggregate_s']:.1f} s | "
            f"{r['one_aggregate_s'] / reference['one_aggregate_s']:.2f} |"
        )
    same = all(r["checksum"] == reference["checksum"] for r in results)
    print(f"\nSame cells and totals on every engine: {same} ({reference['checksum']})")


if __name__ == "__main__":
    main()
