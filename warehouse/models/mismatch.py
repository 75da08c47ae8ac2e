"""Computed skill gap cells: period × skill × region × sector × education level (formulas in docs/indicators.md)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class CellKey(NamedTuple):
    """What identifies a skill gap cell, kept across recomputes; written ``period/region/sector/level/skill``
    (``2026-11/AM18/*/MBO 4/llo:wondzorg``; the skill comes last since its id may hold any character).

    >>> key = CellKey.parse("2026-11/AM18/*/MBO 4/llo:wondzorg")
    >>> key.education_level, str(key)
    ('MBO 4', '2026-11/AM18/*/MBO 4/llo:wondzorg')
    """

    period: str
    region_code: str
    sector_code: str
    education_level: str
    skill_id: str

    def __str__(self) -> str:
        return "/".join(self)

    @classmethod
    def parse(cls, text: str) -> CellKey:
        """The key a cell id names; ValueError when it has fewer than five parts."""
        parts = text.strip().split("/", 4)
        if len(parts) != 5 or not all(parts):
            raise ValueError(f"{text!r} is not a cell id: write period/region/sector/level/skill (v_skill_gap.cell_id)")
        return cls(*parts)


class MismatchResult(Base):
    """One cell of the skill gap indicator. Sector and education level ``*`` stand for all. A cell is known by
    its key ``period/region/sector/level/skill`` (``cell_key``), which recomputes keep.

    Derived data, rewritten per period by ``recompute_skill_gap`` (one at a time) from tables whose keys are
    checked, and unique per period × skill × region × sector × level by construction. Checking foreign keys and
    a five-column unique key on millions of rows cost more than computing them, so the table has one index,
    on the usual question: a period, a region, a sector and a level (the dashboard asks for the cells of all
    sectors and levels of 35 regions at once; bench/warehouse_indicators.py, bench/dashboard_pages.py)."""

    __tablename__ = "mismatch_results"
    __table_args__ = (
        Index(
            "ix_mismatch_results_period_region_sector_level", "period", "region_code", "sector_code", "education_level"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8), comment="Week 2026-W47, month 2026-11 or quarter 2026-Q4")
    period_kind: Mapped[str] = mapped_column(String(8), comment="week, month or quarter")
    skill_id: Mapped[str] = mapped_column(String(120), comment="skills.id")
    region_code: Mapped[str] = mapped_column(String(20), comment="regions.code")
    sector_code: Mapped[str] = mapped_column(String(4), comment="sectors.code, * for all sectors")
    education_level: Mapped[str] = mapped_column(String(40))
    demand: Mapped[int] = mapped_column(comment="Unique active jobs in the cell asking for the skill")
    supply: Mapped[int] = mapped_column(comment="Active offers teaching the skill available in the region")
    jobs: Mapped[int] = mapped_column(comment="Unique active jobs in the cell, any skill")
    offers: Mapped[int] = mapped_column(comment="Active offers available in the region, any skill")
    ratio: Mapped[float | None] = mapped_column(comment="demand / supply; NULL when supply is 0")
    ratio_low: Mapped[float | None] = mapped_column(
        comment="95% interval of the ratio, lower bound; defined when supply is 0 too"
    )
    ratio_high: Mapped[float | None] = mapped_column(comment="95% interval of the ratio, upper bound; NULL: unbounded")
    gap: Mapped[int] = mapped_column(comment="demand - supply; positive is a shortage")
    demand_share: Mapped[float | None] = mapped_column(comment="demand / jobs")
    supply_share: Mapped[float | None] = mapped_column(comment="supply / offers")
    share_gap: Mapped[float | None] = mapped_column(comment="demand_share - supply_share")
    share_gap_low: Mapped[float | None] = mapped_column(comment="95% interval of share_gap, lower bound")
    share_gap_high: Mapped[float | None] = mapped_column(comment="95% interval of share_gap, upper bound")
    demand_previous: Mapped[int] = mapped_column(comment="demand in the previous period of the same kind")
    comparable: Mapped[bool] = mapped_column(
        comment="The previous period was observed from its start, so demand_previous and trend compare like with like"
    )
    trend: Mapped[float | None] = mapped_column(
        comment="(demand - demand_previous) / demand_previous; NULL when not comparable or no demand before"
    )
    closed: Mapped[int] = mapped_column(comment="Jobs in the cell asking for the skill that closed in the period")
    open_days_mean: Mapped[float | None] = mapped_column(comment="Mean days from first seen to closed of those")
    small_cell: Mapped[bool] = mapped_column(comment="demand + supply < 10: left out of published outputs")
    computed_at: Mapped[dt.datetime]

    @property
    def key(self) -> CellKey:
        """The cell's lasting identity."""
        return CellKey(self.period, self.region_code, self.sector_code, self.education_level, self.skill_id)
