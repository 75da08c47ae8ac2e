"""Incremental recompute of the indicators: the log of changed inputs (indicator_input_changes), what each stored
period was computed from (indicator_periods) and the offers as the last aggregate counted them (indicator_offers).
Periods stored before get a record with an empty basis, so the next aggregate recomputes them whole once.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-14
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator_input_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "place",
            sa.String(length=20),
            nullable=False,
            comment="Gemeente code; '' for no known gemeente (the country only), '*' for every region (online)",
        ),
        sa.Column(
            "since",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Cells of periods ending after this moment may have changed",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_input_changes")),
        sqlite_autoincrement=True,
    )
    periods = op.create_table(
        "indicator_periods",
        sa.Column("indicator", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("basis", sa.String(length=64), nullable=False),
        sa.Column(
            "changes_seen",
            sa.Integer(),
            nullable=False,
            comment="indicator_input_changes.id of the last change included",
        ),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("indicator", "period", name=op.f("pk_indicator_periods")),
    )
    op.create_table(
        "indicator_offers",
        sa.Column("offer_id", sa.Integer(), autoincrement=False, nullable=False, comment="offers.id"),
        sa.Column(
            "places",
            sa.Text(),
            nullable=False,
            comment="Where it counted: gemeente codes, ',' between them; '' or '*'",
        ),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "facts", sa.String(length=64), nullable=False, comment="SHA-256 of its mode, level, occupation and skills"
        ),
        sa.PrimaryKeyConstraint("offer_id", name=op.f("pk_indicator_offers")),
    )
    for indicator, table in (("skill_gap", "mismatch_results"), ("occupation_profile", "occupation_results")):
        stored = sa.table(table, sa.column("period"), sa.column("computed_at"))
        op.execute(
            periods.insert().from_select(
                ["indicator", "period", "basis", "changes_seen", "computed_at"],
                sa.select(
                    sa.literal(indicator),
                    stored.c.period,
                    sa.literal(""),
                    sa.literal(0),
                    sa.func.max(stored.c.computed_at),
                ).group_by(stored.c.period),
            )
        )


def downgrade() -> None:
    for table in ("indicator_offers", "indicator_periods", "indicator_input_changes"):
        op.drop_table(table)
