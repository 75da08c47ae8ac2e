"""Regions: gemeenten and the areas built from them (arbeidsmarktregio's, provinces, custom groupings)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.codes import StoredCode

from .base import Base


class RegionLevel(StoredCode):
    """The built-in levels of ``regions.level``; a configured grouping has a level of its own
    (``warehouse/reference/groupings.py``)."""

    MUNICIPALITY = "municipality"
    """A gemeente (``GM0363``)."""
    LABOUR_MARKET_REGION = "labour_market_region"
    """An arbeidsmarktregio (``AM18``), the regions of UWV and the gemeenten for labour market policy."""
    PROVINCE = "province"
    """A provincie (``PV27``)."""
    COUNTRY = "country"
    """The Netherlands (``NL``)."""


class Region(Base):
    """A gemeente (GM....), arbeidsmarktregio (AM..), province (PV..) or configured grouping."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(30), index=True)  # a RegionLevel, or a configured grouping's level


class RegionMembership(Base):
    """A gemeente belongs to an area; every area is the set of its gemeenten."""

    __tablename__ = "region_memberships"

    gemeente_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True, index=True)
