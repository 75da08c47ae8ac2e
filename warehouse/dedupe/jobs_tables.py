"""The ``jobs`` and ``job_skills`` tables, derived in SQL from the vacancies and their grouping into jobs.

The rebuild derives every job into temporary tables, compares them with the stored ones and rewrites only the jobs
that differ, logging them as changed indicator inputs (``warehouse/changes.py``): a week's load rewrites and logs
that week's jobs, not a million.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Column, Float, MetaData, Table, case, delete, exists, func, insert, select, text, union
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from core import clock

from ..changes import NO_PLACE, CountedState, log_changes
from ..models import Job, JobSkill, Vacancy, VacancySkill


class days_between(FunctionElement):
    """Days from the first to the second timestamp, as a real number, on every supported database."""

    type = Float()
    inherit_cache = True


@compiles(days_between)
def _days_between(element, compiler, **kw) -> str:
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


_WORK = MetaData()


def _copy(table: Table, name: str) -> Table:
    """A temporary table with the columns and primary key of ``table``."""
    columns = [Column(c.name, c.type, primary_key=c.primary_key, autoincrement=False) for c in table.columns]
    return Table(name, _WORK, *columns, prefixes=["TEMPORARY"])


_JOBS = Job.metadata.tables[Job.__tablename__]  # the Table itself (``__table__`` is typed as any FROM clause)
_JOB_SKILLS = JobSkill.metadata.tables[JobSkill.__tablename__]
_new_jobs = _copy(_JOBS, "llo_rebuilt_jobs")
_new_skills = _copy(_JOB_SKILLS, "llo_rebuilt_job_skills")
_changed = Table("llo_changed_jobs", _WORK, Column("id", Job.id.type, primary_key=True), prefixes=["TEMPORARY"])


def rebuild_jobs(session: Session) -> int:
    """Derive the ``jobs`` and ``job_skills`` tables from the vacancies and their grouping (a vacancy not yet
    grouped is a job of its own), rewriting and logging the jobs that changed. Returns the number of jobs."""
    connection = session.connection()
    _WORK.drop_all(connection, checkfirst=True)
    _WORK.create_all(connection)
    session.execute(insert(_new_jobs).from_select(list(_new_jobs.c.keys()), _derived_jobs()))
    session.execute(insert(_new_skills).from_select(list(_new_skills.c.keys()), _derived_skills()))
    if connection.dialect.name == "postgresql":  # autovacuum never analyses temporary tables
        for table in (_new_jobs, _new_skills):
            session.execute(text(f"ANALYZE {table.name}"))
    session.execute(insert(_changed).from_select(["id"], _differing()))
    log_changes(session, _changed_states(session))
    changed = select(_changed.c.id)
    session.execute(delete(JobSkill).where(JobSkill.job_id.in_(changed)))
    session.execute(delete(Job).where(Job.id.in_(changed)))
    session.execute(
        insert(Job).from_select(list(_new_jobs.c.keys()), select(_new_jobs).where(_new_jobs.c.id.in_(changed)))
    )
    session.execute(
        insert(JobSkill).from_select(
            list(_new_skills.c.keys()), select(_new_skills).where(_new_skills.c.job_id.in_(changed))
        )
    )
    _WORK.drop_all(connection)
    return session.scalar(select(func.count()).select_from(Job)) or 0


def _derived_jobs():
    """Every job as the vacancies make it now, in the columns of ``jobs``."""
    job = func.coalesce(Vacancy.job_id, Vacancy.id)
    all_members = func.count()
    groups = (
        select(
            job.label("job_id"),
            all_members.label("members"),
            func.min(Vacancy.date_posted).label("date_posted"),
            case((func.count(Vacancy.valid_through) == all_members, func.max(Vacancy.valid_through))).label(
                "valid_through"
            ),
            func.min(Vacancy.first_seen).label("first_seen"),
            case((func.count(Vacancy.closed_at) == all_members, func.max(Vacancy.closed_at))).label("closed_at"),
        )
        .group_by(job)
        .subquery("groups")
    )
    representative = Vacancy.__table__.alias("representative")
    return select(
        groups.c.job_id,
        groups.c.members,
        representative.c.gemeente_code,
        representative.c.sector_code,
        representative.c.education_level,
        representative.c.isco_code,
        groups.c.date_posted,
        groups.c.valid_through,
        groups.c.first_seen,
        groups.c.closed_at,
        days_between(groups.c.first_seen, groups.c.closed_at),
    ).join(representative, representative.c.id == groups.c.job_id)


def _derived_skills():
    """Every job's skills as its vacancies ask them now: required when any member requires it."""
    job = func.coalesce(Vacancy.job_id, Vacancy.id)
    required = func.sum(case((VacancySkill.nice_to_have, 0), else_=1))
    return (
        select(job, VacancySkill.skill_id, required == 0)
        .join(Vacancy, Vacancy.id == VacancySkill.vacancy_id)
        .group_by(job, VacancySkill.skill_id)
    )


def _missing_from(rows: Table, other: Table, key: str):
    """The ``key`` of the rows of ``rows`` that ``other`` lacks: no row of ``other`` has all their values."""
    same = [
        other.c[name] == column if column.primary_key else other.c[name].is_not_distinct_from(column)
        for name, column in rows.c.items()
    ]
    return select(rows.c[key]).where(~exists().where(*same))


def _differing():
    """Ids of the jobs that are new, gone, or differ in any column or skill."""
    stored_jobs, stored_skills = _JOBS, _JOB_SKILLS
    return union(
        _missing_from(_new_jobs, stored_jobs, "id"),
        _missing_from(stored_jobs, _new_jobs, "id"),
        _missing_from(_new_skills, stored_skills, "job_id"),
        _missing_from(stored_skills, _new_skills, "job_id"),
    )


def _changed_states(session: Session) -> Iterator[tuple[CountedState | None, CountedState | None]]:
    """The stored and the rebuilt state of every changed job (None where it does not exist)."""
    states = [_states(session, _JOBS, _JOB_SKILLS), _states(session, _new_jobs, _new_skills)]
    for job_id in session.scalars(select(_changed.c.id)):
        yield states[0].get(job_id), states[1].get(job_id)


def _states(session: Session, jobs: Table, skills: Table) -> dict[int, CountedState]:
    """The counted state of the changed jobs in ``jobs`` (stored or rebuilt). Skills are read only for jobs both
    stored and rebuilt: a new or gone job changes whatever its skills (the first rebuild reads no skills)."""
    asked: dict[int, list[str]] = {}
    in_both = (
        select(skills.c.job_id, skills.c.skill_id)
        .join(_changed, _changed.c.id == skills.c.job_id)
        .join(Job, Job.id == skills.c.job_id)
        .join(_new_jobs, _new_jobs.c.id == skills.c.job_id)
    )
    for job_id, skill in session.execute(in_both):
        asked.setdefault(job_id, []).append(skill)
    c = jobs.c
    rows = select(
        c.id, c.gemeente_code, c.sector_code, c.education_level, c.isco_code, c.first_seen, c.closed_at, c.valid_through
    ).join(_changed, _changed.c.id == c.id)
    return {
        job_id: CountedState(
            frozenset({gemeente or NO_PLACE}),
            clock.as_utc(first_seen),
            clock.as_utc(closed_at) if closed_at else None,
            valid_through,
            repr((sector, level, isco, sorted(asked.get(job_id, ())))),
        )
        for job_id, gemeente, sector, level, isco, first_seen, closed_at, valid_through in session.execute(rows)
    }
