"""Computed occupation profile cells: period × region × occupation (ISCO-08 unit group) × skill (formulas in
docs/indicators.md, ``occupation_profile``)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class OccupationCellKey(NamedTuple):
    """What identifies an occupation profile cell, kept across recomputes; written ``period/region/isco/skill``
    (``2026-11/AM18/2221/llo:wondzorg``; the skill comes last since its id may hold any character).

    >>> key = OccupationCellKey.parse("2026-11/AM18/2221/llo:wondzorg")
    >>> key.isco_code, str(key)
    ('2221', '2026-11/AM18/2221/llo:wondzorg')
    """

    period: str
    region_code: str
    isco_code: str
    skill_id: str

    def __str__(self) -> str:
        return "/".join(self)

    @classmethod
    def parse(cls, text: str) -> OccupationCellKey:
        """The key a cell id names; ValueError when it has fewer than four parts."""
        parts = text.strip().split("/", 3)
        if len(parts) != 4 or not all(parts):
            raise ValueError(
                f"{text!r} is not an occupation cell id: write period/region/isco/skill (v_occupation_profile.cell_id)"
            )
        return cls(*parts)


class OccupationResult(Base):
    """One cell of the occupation profile: how many of an occupation's jobs ask for a skill and how many of the
    offers for that occupation teach it, in a period and region (all sectors and levels).

    Derived data, rewritten per period by ``recompute_occupation_profile`` (one at a time), unique per period ×
    region × occupation × skill by construction; like ``mismatch_results`` it has one index, on a period, a region
    and an occupation."""

    __tablename__ = "occupation_results"
    __table_args__ = (Index("ix_occupation_results_period_region_isco", "period", "region_code", "isco_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8), comment="Week 2026-W47, month 2026-11 or quarter 2026-Q4")
    period_kind: Mapped[str] = mapped_column(String(8), comment="week, month or quarter")
    region_code: Mapped[str] = mapped_column(String(20), comment="regions.code")
    isco_code: Mapped[str] = mapped_column(String(4), comment="isco_groups.code: the occupation's ISCO-08 unit group")
    skill_id: Mapped[str] = mapped_column(String(120), comment="skills.id")
    demand: Mapped[int] = mapped_column(comment="Unique active jobs of the occupation asking for the skill")
    jobs: Mapped[int] = mapped_column(comment="Unique active jobs of the occupation, any skill")
    demand_share: Mapped[float | None] = mapped_column(comment="demand / jobs: how often the occupation asks it")
    demand_share_low: Mapped[float | None] = mapped_column(comment="95% interval of demand_share, lower bound")
    demand_share_high: Mapped[float | None] = mapped_column(comment="95% interval of demand_share, upper bound")
    supply: Mapped[int] = mapped_column(comment="Active offers for the occupation available in the region teaching it")
    offers: Mapped[int] = mapped_column(comment="Active offers for the occupation available in the region")
    supply_share: Mapped[float | None] = mapped_column(comment="supply / offers: how often its courses teach it")
    supply_share_low: Mapped[float | None] = mapped_column(comment="95% interval of supply_share, lower bound")
    supply_share_high: Mapped[float | None] = mapped_column(comment="95% interval of supply_share, upper bound")
    share_gap: Mapped[float | None] = mapped_column(comment="demand_share - supply_share")
    share_gap_low: Mapped[float | None] = mapped_column(comment="95% interval of share_gap, lower bound")
    share_gap_high: Mapped[float | None] = mapped_column(comment="95% interval of share_gap, upper bound")
    demand_previous: Mapped[int] = mapped_column(comment="demand in the previous period of the same kind")
    comparable: Mapped[bool] = mapped_column(comment="The previous period was observed from its start")
    trend: Mapped[float | None] = mapped_column(
        comment="(demand - demand_previous) / demand_previous; NULL when not comparable or no demand before"
    )
    small_cell: Mapped[bool] = mapped_column(comment="demand + supply < 10: left out of published outputs")
    computed_at: Mapped[dt.datetime]

    @property
    def key(self) -> OccupationCellKey:
        """The cell's lasting identity."""
        return OccupationCellKey(self.period, self.region_code, self.isco_code, self.skill_id)
