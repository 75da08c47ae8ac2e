"""What the indicators need to know to recompute only what changed (docs/indicators.md, "Incremental recompute"):
a log of changed inputs, what each stored period was computed from, and the offers as the last aggregate saw them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class InputChange(Base):
    """A change of the indicators' inputs: a job or an offer counted in ``place`` changed in a way that can alter
    the cells of every period ending after ``since``. Appended by the jobs rebuild and the aggregate's offer check;
    each stored period remembers up to which id it has taken the log into account."""

    __tablename__ = "indicator_input_changes"
    # Ids are never reused once the log is emptied: stored periods keep the last one they took in.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    place: Mapped[str] = mapped_column(
        String(20), comment="Gemeente code; '' for no known gemeente (the country only), '*' for every region (online)"
    )
    since: Mapped[dt.datetime] = mapped_column(comment="Cells of periods ending after this moment may have changed")


class ComputedPeriod(Base):
    """What the stored cells of one indicator's period were computed from: ``changes_seen`` is the last input
    change they include, ``basis`` a digest of everything else they rest on (region levels and memberships,
    education level matches, whether the previous period is comparable); a different basis means recompute all."""

    __tablename__ = "indicator_periods"

    indicator: Mapped[str] = mapped_column(String(40), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    basis: Mapped[str] = mapped_column(String(64))
    changes_seen: Mapped[int] = mapped_column(comment="indicator_input_changes.id of the last change included")
    computed_at: Mapped[dt.datetime]


class CountedOffer(Base):
    """An offer as the last aggregate counted it: comparing the offers with these rows tells which changed (loaded,
    re-analysed, moved, withdrawn, listed again) whichever stage changed them."""

    __tablename__ = "indicator_offers"

    offer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, comment="offers.id")
    places: Mapped[str] = mapped_column(Text, comment="Where it counted: gemeente codes, ',' between them; '' or '*'")
    first_seen: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]
    facts: Mapped[str] = mapped_column(String(64), comment="SHA-256 of its mode, level, occupation and skills")
