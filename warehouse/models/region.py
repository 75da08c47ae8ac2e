"""Regions: gemeenten and the areas built from them (arbeidsmarktregio's, provinces, custom groupings)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

GEMEENTE = "gemeente"
ARBEIDSMARKTREGIO = "arbeidsmarktregio"
PROVINCIE = "provincie"


class Region(Base):
    """A gemeente (GM....), arbeidsmarktregio (AM..), province (PV..) or configured grouping."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(30), index=True)


class RegionMembership(Base):
    """A gemeente belongs to an area; every area is the set of its gemeenten."""

    __tablename__ = "region_memberships"

    gemeente_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True, index=True)
