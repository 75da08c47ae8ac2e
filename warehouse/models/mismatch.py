"""Computed supply and demand per period × skill × sector × region."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class MismatchResult(Base):
    """One cell of the skill gap indicator (see ``warehouse/indicators/skill_gap.py`` for formulas)."""

    __tablename__ = "mismatch_results"
    __table_args__ = (UniqueConstraint("period", "skill_id", "sector_code", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10), comment="Month, YYYY-MM")
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id"), index=True)
    sector_code: Mapped[str] = mapped_column(ForeignKey("sectors.code"))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    demand: Mapped[int] = mapped_column(comment="Active vacancies in the sector and region asking for the skill")
    supply: Mapped[int] = mapped_column(comment="Active offers teaching the skill available in the region")
    ratio: Mapped[float | None] = mapped_column(comment="demand / supply; NULL when supply is 0")
    gap: Mapped[int] = mapped_column(comment="demand - supply; positive is a shortage")
    computed_at: Mapped[dt.datetime]
