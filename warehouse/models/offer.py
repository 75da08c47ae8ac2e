"""Training offers (supply), where they are given and the skills they teach."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.dutch.education import EducationLevelCode
from crawlers.items import Confidence, Credential, OfferMode

from ..codes import Code
from .base import Base


class Offer(Base):
    """An LLO training offer as published by one provider. Natural key: (source, source_key)."""

    __tablename__ = "offers"
    __table_args__ = (UniqueConstraint("source_id", "source_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    source_key: Mapped[str] = mapped_column(String(200), comment="The provider's own code, else a hash of the URL")
    url: Mapped[str] = mapped_column(String(1000))
    provider: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    level: Mapped[EducationLevelCode | None] = mapped_column(
        Code(EducationLevelCode, 40), comment="MBO 1-4, MBO, HBO, post-HBO, WO or none_required"
    )
    mode: Mapped[OfferMode | None] = mapped_column(
        Code(OfferMode, 20), comment="online, classroom, blended or in_company"
    )
    sector_code: Mapped[str | None] = mapped_column(ForeignKey("sectors.code"), index=True)
    occupation_id: Mapped[str | None] = mapped_column(
        String(80), comment="The occupation the course is for, as its page names it (llo:occ:..., esco-occ:...)"
    )
    isco_code: Mapped[str | None] = mapped_column(String(4), comment="ISCO-08 unit group of that occupation")
    price: Mapped[float | None] = mapped_column(Numeric(12, 2))
    duration_raw: Mapped[str | None] = mapped_column(String(300))
    study_load_hours: Mapped[float | None]
    credential: Mapped[Credential | None] = mapped_column(Code(Credential, 60))
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

    @property
    def is_online(self) -> bool:
        """Fully online offers are available in every region."""
        return self.mode == OfferMode.ONLINE


class OfferLocation(Base):
    """A gemeente where an offer is given in person."""

    __tablename__ = "offer_locations"

    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True)
    gemeente_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True, index=True)


class OfferSkill(Base):
    """A skill an offer teaches."""

    __tablename__ = "offer_skills"

    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id"), primary_key=True, index=True)
    mentions: Mapped[int] = mapped_column(comment="How often the text names the skill")
    matched_text: Mapped[str] = mapped_column(String(300), comment="The first mention as written")
