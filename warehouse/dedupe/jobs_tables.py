"""The ``jobs`` and ``job_skills`` tables, derived in SQL from the vacancies and their grouping into jobs."""

from __future__ import annotations

from sqlalchemy import Float, case, delete, func, insert, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

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


def rebuild_jobs(session: Session) -> int:
    """Derive the ``jobs`` and ``job_skills`` tables from the vacancies and their grouping (a vacancy not yet
    grouped is a job of its own). Returns the number of jobs."""
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
    rows = select(
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
    session.execute(delete(JobSkill))
    session.execute(delete(Job))
    columns = [
        "id",
        "members",
        "gemeente_code",
        "sector_code",
        "education_level",
        "isco_code",
        "date_posted",
        "valid_through",
        "first_seen",
        "closed_at",
        "open_days",
    ]
    session.execute(insert(Job).from_select(columns, rows))
    required = func.sum(case((VacancySkill.nice_to_have, 0), else_=1))
    skills = (
        select(job, VacancySkill.skill_id, required == 0)
        .join(Vacancy, Vacancy.id == VacancySkill.vacancy_id)
        .group_by(job, VacancySkill.skill_id)
    )
    session.execute(insert(JobSkill).from_select(["job_id", "skill_id", "nice_to_have"], skills))
    return session.scalar(select(func.count()).select_from(Job)) or 0
