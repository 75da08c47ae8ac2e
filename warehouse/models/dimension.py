"""Classification dimensions for analysts: SBI 2008 divisions, ISCO-08 groups and education levels."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SbiDivision(Base):
    """A 2-digit SBI 2008 division within its section."""

    __tablename__ = "sbi_divisions"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    section_code: Mapped[str] = mapped_column(ForeignKey("sectors.code"))


class IscoGroup(Base):
    """An ISCO-08 group at any of its four levels (major, sub-major, minor, unit)."""

    __tablename__ = "isco_groups"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    level: Mapped[int] = mapped_column(comment="1 to 4: the number of digits")
    name: Mapped[str] = mapped_column(String(300))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("isco_groups.code"))


class EducationLevel(Base):
    """An education level as vacancies and offers state it (MBO 1-4, HBO, WO, ...)."""

    __tablename__ = "education_levels"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    nlqf: Mapped[int | None] = mapped_column(comment="Level in the Dutch qualifications framework (NLQF)")
    sort: Mapped[int]


class EducationLevelMatch(Base):
    """Which offers meet a job at an education level: an offer at ``offer_level`` counts as supply for jobs at
    ``job_level`` (an offer that states no level counts for every level). Compiled in
    ``warehouse/reference/education_level_matches.csv``; the rule is documented in docs/indicators.md."""

    __tablename__ = "education_level_matches"

    job_level: Mapped[str] = mapped_column(ForeignKey("education_levels.code"), primary_key=True)
    offer_level: Mapped[str] = mapped_column(ForeignKey("education_levels.code"), primary_key=True)
