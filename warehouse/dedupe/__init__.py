"""Deduplication: vacancies that publish the same job are grouped into one job, so demand counts unique jobs.

The same job appears on the employer's site and on several boards, and agencies repost it, often rewritten or
anonymised ("onze opdrachtgever"). Three parts: the rules that tell when two vacancies are the same job
(``similarity.py``), the grouping of all vacancies into jobs (``grouping.py``) and the rebuild of the ``jobs`` and
``job_skills`` tables in SQL (``jobs_tables.py``). Precision and recall are measured on labelled pairs in
``tests/warehouse/dedup_pairs.yaml`` (see docs/warehouse.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ..models import Vacancy
from .grouping import group_duplicates
from .jobs_tables import rebuild_jobs
from .similarity import Posting, duplicate_reason

__all__ = ["DedupeResult", "Posting", "deduplicate", "duplicate_reason", "group_duplicates", "rebuild_jobs"]


def read_postings(session: Session) -> list[Posting]:
    """Every vacancy as a posting, in id order."""
    rows = session.execute(
        select(
            Vacancy.id,
            Vacancy.url,
            Vacancy.title,
            Vacancy.description,
            Vacancy.employer,
            Vacancy.employer_type,
            Vacancy.gemeente_code,
            Vacancy.location_raw,
            Vacancy.content_hash,
        ).order_by(Vacancy.id)
    )
    return [Posting(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """What a deduplication run found."""

    vacancies: int
    jobs: int
    changed: int
    by_reason: dict[str, int]


def deduplicate(session: Session) -> DedupeResult:
    """Group all vacancies into jobs, store the grouping on the vacancies and rebuild ``jobs``/``job_skills``.

    Idempotent: the same vacancies give the same jobs. Runs in the caller's transaction."""
    postings = read_postings(session)
    groups = group_duplicates(postings)
    stored = {
        vacancy_id: (job_id, reason)
        for vacancy_id, job_id, reason in session.execute(select(Vacancy.id, Vacancy.job_id, Vacancy.duplicate_reason))
    }
    changes = [
        {"vacancy": vacancy_id, "job": job_id, "reason": reason}
        for vacancy_id, (job_id, reason) in groups.items()
        if stored.get(vacancy_id) != (job_id, reason)
    ]
    if changes:
        statement = (
            update(Vacancy)
            .where(Vacancy.id == bindparam("vacancy"))
            .values(job_id=bindparam("job"), duplicate_reason=bindparam("reason"))
        )
        session.connection().execute(statement, changes)
    jobs = rebuild_jobs(session)
    by_reason = Counter(reason for _, reason in groups.values() if reason)
    return DedupeResult(len(postings), jobs, len(changes), dict(by_reason))
