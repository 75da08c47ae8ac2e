"""Sectors: SBI 2008 sections."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Sector(Base):
    """An SBI 2008 section (A-U)."""

    __tablename__ = "sectors"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
