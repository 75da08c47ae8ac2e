"""Subscriptions of opleiders (profile, channels, interests) and the gap alerts raised for them, with their
delivery attempts per channel (alerts/, docs/alerts.md).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False, comment="The opleider; its own offers count as such"),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("webhook_url", sa.String(length=1000), nullable=True),
        sa.Column("file_path", sa.String(length=1000), nullable=True, comment="*.txt: text messages; else JSON lines"),
        sa.Column(
            "digest", sa.String(length=10), nullable=True, comment="weekly: one bundled message a week; NULL: each"
        ),
        sa.Column(
            "last_digest_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the last digest reached every channel",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("name", name=op.f("uq_subscriptions_name")),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False, comment="new, sent, acknowledged, muted or resolved"),
        sa.Column("period_kind", sa.String(length=8), nullable=False, comment="week, month or quarter"),
        sa.Column("skill_id", sa.String(length=120), nullable=False, comment="skills.id"),
        sa.Column("region_code", sa.String(length=20), nullable=False, comment="regions.code"),
        sa.Column("sector_code", sa.String(length=4), nullable=False, comment="sectors.code, * for all sectors"),
        sa.Column("education_level", sa.String(length=40), nullable=False, comment="* for all levels"),
        sa.Column("skill", sa.String(length=200), nullable=False, comment="Skill label at alert time"),
        sa.Column("region", sa.String(length=120), nullable=False, comment="Region name at alert time"),
        sa.Column("sector", sa.String(length=200), nullable=False, comment="Sector name at alert time"),
        sa.Column("period", sa.String(length=8), nullable=False, comment="Period of the figures below"),
        sa.Column("demand", sa.Integer(), nullable=False),
        sa.Column("demand_previous", sa.Integer(), nullable=False),
        sa.Column("trend", sa.Float(), nullable=True, comment="NULL: no demand the period before"),
        sa.Column("supply", sa.Integer(), nullable=False),
        sa.Column(
            "own_offers", sa.Integer(), nullable=False, comment="Offers of the supply whose provider is the subscriber"
        ),
        sa.Column("ratio", sa.Float(), nullable=True),
        sa.Column("ratio_low", sa.Float(), nullable=True),
        sa.Column("ratio_high", sa.Float(), nullable=True, comment="NULL: unbounded (no supply)"),
        sa.Column("gap", sa.Integer(), nullable=False),
        sa.Column("vacancies", sa.JSON(), nullable=False, comment="Example vacancies: title, employer, url"),
        sa.Column("providers", sa.JSON(), nullable=False, comment="Providers of the competing offers"),
        sa.Column(
            "raised_at", sa.DateTime(timezone=True), nullable=False, comment="When it was last raised (new or worse)"
        ),
        sa.Column("state_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_alerts_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint(
            "subscription_id",
            "period_kind",
            "skill_id",
            "region_code",
            "sector_code",
            "education_level",
            name="uq_alerts_cell",
        ),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alerts_subscription_id"), ["subscription_id"], unique=False)

    op.create_table(
        "subscription_interests",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.String(length=20),
            nullable=False,
            comment="skill, skill_group, skill_type, sector, region or education_level",
        ),
        sa.Column(
            "value",
            sa.String(length=120),
            nullable=False,
            comment="skills.id, group, type, sectors.code, regions.code or level",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_subscription_interests_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subscription_id", "kind", "value", name=op.f("pk_subscription_interests")),
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False, comment="email, webhook or file"),
        sa.Column("attempts", sa.Integer(), nullable=False, comment="Attempts since the alert was last raised"),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_alert_deliveries_alert_id_alerts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("alert_id", "channel", name=op.f("pk_alert_deliveries")),
    )


def downgrade() -> None:
    op.drop_table("alert_deliveries")
    op.drop_table("subscription_interests")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_subscription_id"))

    op.drop_table("alerts")
    op.drop_table("subscriptions")
