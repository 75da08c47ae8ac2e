"""Vacancies (demand) and the skills they ask for."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.dutch.contracts import ContractType
from core.dutch.education import EducationLevelCode
from crawlers.items import Confidence, EmployerType, SalaryPeriod

from ..bounds import RANGE
from ..codes import Code
from .base import Base


class Vacancy(Base):
    """An online vacancy as published by one source. Natural key: (source, source_key)."""

    __tablename__ = "vacancies"
    __table_args__ = (UniqueConstraint("source_id", "source_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    source_key: Mapped[str] = mapped_column(String(200), comment="The source's own id, else a hash of the URL")
    url: Mapped[str] = mapped_column(String(1000))
    title: Mapped[str] = mapped_column(String(300))
    employer: Mapped[str | None] = mapped_column(String(300))
    employer_type: Mapped[EmployerType | None] = mapped_column(Code(EmployerType, 20), comment="direct or agency")
    description: Mapped[str] = mapped_column(Text)
    location_raw: Mapped[str | None] = mapped_column(String(300))
    gemeente_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    sector_code: Mapped[str | None] = mapped_column(ForeignKey("sectors.code"), index=True)
    occupation_id: Mapped[str | None] = mapped_column(String(80), comment="Occupation id (llo:occ:..., esco-occ:...)")
    isco_code: Mapped[str | None] = mapped_column(String(4), index=True, comment="ISCO-08 unit group")
    education_level: Mapped[EducationLevelCode | None] = mapped_column(Code(EducationLevelCode, 40))
    employment_type: Mapped[str | None] = mapped_column(String(40))
    contract_type: Mapped[ContractType | None] = mapped_column(
        Code(ContractType, 20), comment="permanent, temporary, agency_work, freelance or internship"
    )
    hours_min: Mapped[float | None] = mapped_column(info={RANGE: (0, 7 * 24)})  # per week
    hours_max: Mapped[float | None] = mapped_column(info={RANGE: (0, 7 * 24)})  # per week
    salary_min: Mapped[float | None] = mapped_column(Numeric(12, 2))
    salary_max: Mapped[float | None] = mapped_column(Numeric(12, 2))
    salary_period: Mapped[SalaryPeriod | None] = mapped_column(
        Code(SalaryPeriod, 10), comment="hour, day, week, month or year"
    )
    date_posted: Mapped[dt.date | None] = mapped_column(Date)
    valid_through: Mapped[dt.date | None] = mapped_column(Date)
    first_seen: Mapped[dt.datetime]
    last_seen: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None] = mapped_column(
        comment="Start of the first complete crawl of the source that no longer found it"
    )
    content_hash: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the analysed text")
    text_flags: Mapped[str | None] = mapped_column(
        String(200), comment="What was odd about the text: html_removed, truncated, empty, not_dutch, ..."
    )
    confidence: Mapped[Confidence | None] = mapped_column(
        Code(Confidence, 10), comment="high: schema.org data or selectors; low: main-text heuristics"
    )
    job_id: Mapped[int | None] = mapped_column(index=True, comment="The job (jobs.id) this vacancy publishes")
    duplicate_reason: Mapped[str | None] = mapped_column(
        String(20), comment="Why it joined another vacancy's job: url, text or similar; NULL for representatives"
    )


class VacancySkill(Base):
    """A skill a vacancy asks for."""

    __tablename__ = "vacancy_skills"

    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id"), primary_key=True, index=True)
    mentions: Mapped[int] = mapped_column(comment="How often the text names the skill")
    matched_text: Mapped[str] = mapped_column(String(300), comment="The first mention as written")
    nice_to_have: Mapped[bool] = mapped_column(default=False, comment="Asked as a plus, not as a requirement")
