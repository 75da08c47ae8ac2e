"""Skills: the taxonomy concepts vacancies ask for and offers teach, and the terms the taxonomy does not know."""

from __future__ import annotations

from sqlalchemy import String, true
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Skill(Base):
    """A taxonomy concept (skill, knowledge, certificate, language or transversal skill), or an unlinked term: a
    skill texts name that no concept matches, kept as a term of its own (``term:<normalised term>``)."""

    __tablename__ = "skills"

    id: Mapped[str] = mapped_column(
        String(120), primary_key=True, comment="Taxonomy concept id, or term:<normalised term> for an unlinked term"
    )
    label: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    group: Mapped[str] = mapped_column(String(60))
    esco_uri: Mapped[str | None] = mapped_column(String(200))
    digital: Mapped[bool] = mapped_column(default=False)
    green: Mapped[bool] = mapped_column(default=False)
    linked: Mapped[bool] = mapped_column(
        default=True, server_default=true(), comment="A taxonomy concept; false for an unlinked term found in texts"
    )
