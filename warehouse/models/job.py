"""Unique jobs: groups of vacancies that publish the same job (deduplication), and the skills they ask for.

``llo-radar dedupe`` rebuilds both tables from the vacancies; demand indicators count jobs, not vacancies.
Derived data, rebuilt as a whole from checked tables: no foreign keys (they cost more than the rebuild).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Job(Base):
    """One job, however many boards publish it. Its id is the smallest id of its vacancies (the representative),
    its place, sector and level are the representative's; its dates span all members."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, comment="Id of the representative vacancy")
    members: Mapped[int] = mapped_column(comment="Number of vacancies in the group")
    gemeente_code: Mapped[str | None] = mapped_column(String(20), index=True, comment="regions.code")
    sector_code: Mapped[str | None] = mapped_column(String(4), comment="sectors.code")
    education_level: Mapped[str | None] = mapped_column(String(40))
    isco_code: Mapped[str | None] = mapped_column(String(4))
    date_posted: Mapped[dt.date | None] = mapped_column(Date, comment="Earliest publication date of the members")
    valid_through: Mapped[dt.date | None] = mapped_column(Date, comment="Latest closing date; NULL if any is open")
    first_seen: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None] = mapped_column(comment="When the last member closed; NULL while any is open")
    open_days: Mapped[float | None] = mapped_column(comment="Days from first seen to closed, once closed")


class JobSkill(Base):
    """A skill a job asks for: the union of its vacancies' skills."""

    __tablename__ = "job_skills"
    # By skill, in job order: a skill's jobs are read a page at a time (the evidence of a cell), without sorting
    # every job that asks for a common skill.
    __table_args__ = (Index("ix_job_skills_skill_id_job_id", "skill_id", "job_id"),)

    job_id: Mapped[int] = mapped_column(primary_key=True, comment="jobs.id")
    skill_id: Mapped[str] = mapped_column(String(120), primary_key=True, comment="skills.id")
    nice_to_have: Mapped[bool] = mapped_column(comment="Every member asks it only as a plus")
