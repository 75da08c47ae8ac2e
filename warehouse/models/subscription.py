"""Subscriptions of opleiders to gap alerts: who, how to reach them and which cells interest them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class Subscription(Base):
    """An opleider's profile: a unique name (matched to ``offers.provider``), contact channels and interests."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True, comment="The opleider; its own offers count as such")
    email: Mapped[str | None] = mapped_column(String(320))
    webhook_url: Mapped[str | None] = mapped_column(String(1000))
    file_path: Mapped[str | None] = mapped_column(String(1000), comment="*.txt: text messages; else JSON lines")
    digest: Mapped[str | None] = mapped_column(String(10), comment="weekly: one bundled message a week; NULL: each")
    last_digest_at: Mapped[dt.datetime | None] = mapped_column(comment="When the last digest reached every channel")
    created_at: Mapped[dt.datetime]
    interests: Mapped[list[SubscriptionInterest]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SubscriptionInterest.kind"
    )


class SubscriptionInterest(Base):
    """One interest of a subscription: a skill, skill group or type, sector, region or education level."""

    __tablename__ = "subscription_interests"

    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(
        String(20), primary_key=True, comment="skill, skill_group, skill_type, sector, region or education_level"
    )
    value: Mapped[str] = mapped_column(
        String(120), primary_key=True, comment="skills.id, group, type, sectors.code, regions.code or level"
    )
