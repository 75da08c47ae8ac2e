"""Gap alerts raised for subscriptions, and their delivery attempts per channel (rules in docs/alerts.md)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base
from .mismatch import CellKey


class Alert(Base):
    """A gap in one cell (without its period) for one subscription, with the figures of the last time it was
    raised. One row per cell key: a later period with the same or a smaller gap is not news."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint(
            "subscription_id", "period_kind", "skill_id", "region_code", "sector_code", "education_level",
            name="uq_alerts_cell",  # the generated name is longer than PostgreSQL's 63 characters
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12), comment="new, sent, acknowledged, muted or resolved")
    period_kind: Mapped[str] = mapped_column(String(8), comment="week, month or quarter")
    skill_id: Mapped[str] = mapped_column(String(120), comment="skills.id")
    region_code: Mapped[str] = mapped_column(String(20), comment="regions.code")
    sector_code: Mapped[str] = mapped_column(String(4), comment="sectors.code, * for all sectors")
    education_level: Mapped[str] = mapped_column(String(40), comment="* for all levels")
    skill: Mapped[str] = mapped_column(String(200), comment="Skill label at alert time")
    region: Mapped[str] = mapped_column(String(120), comment="Region name at alert time")
    sector: Mapped[str] = mapped_column(String(200), comment="Sector name at alert time")
    period: Mapped[str] = mapped_column(String(8), comment="Period of the figures below")
    demand: Mapped[int]
    demand_previous: Mapped[int]
    comparable: Mapped[bool] = mapped_column(comment="The previous period was observed from its start")
    trend: Mapped[float | None] = mapped_column(comment="NULL: not comparable, or no demand the period before")
    supply: Mapped[int]
    own_offers: Mapped[int] = mapped_column(comment="Offers of the supply whose provider is the subscriber")
    ratio: Mapped[float | None]
    ratio_low: Mapped[float | None]
    ratio_high: Mapped[float | None] = mapped_column(comment="NULL: unbounded (no supply)")
    gap: Mapped[int]
    vacancies: Mapped[list[dict[str, str | None]]] = mapped_column(
        JSON, comment="Example vacancies: title, employer, url"
    )
    providers: Mapped[list[str]] = mapped_column(JSON, comment="Providers of the competing offers")
    raised_at: Mapped[dt.datetime] = mapped_column(comment="When it was last raised (new or worse)")
    state_changed_at: Mapped[dt.datetime]

    @property
    def cell_key(self) -> CellKey:
        """The key of the cell whose figures the alert keeps (``v_skill_gap.cell_id``)."""
        return CellKey(self.period, self.region_code, self.sector_code, self.education_level, self.skill_id)


class AlertDelivery(Base):
    """Delivery of an alert on one channel: attempts, the last error (never credentials) and success."""

    __tablename__ = "alert_deliveries"

    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True, comment="email, webhook or file")
    attempts: Mapped[int] = mapped_column(comment="Attempts since the alert was last raised")
    last_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[dt.datetime | None]
