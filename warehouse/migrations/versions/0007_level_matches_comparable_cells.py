"""Which offers meet a job's education level (education_level_matches, reference data) and whether a skill gap
cell's previous period was observed from its start (mismatch_results.comparable, and alerts.comparable for the
figures an alert keeps).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "education_level_matches",
        sa.Column("job_level", sa.String(length=40), nullable=False),
        sa.Column("offer_level", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_level"], ["education_levels.code"], name=op.f("fk_education_level_matches_job_level_education_levels")
        ),
        sa.ForeignKeyConstraint(
            ["offer_level"],
            ["education_levels.code"],
            name=op.f("fk_education_level_matches_offer_level_education_levels"),
        ),
        sa.PrimaryKeyConstraint("job_level", "offer_level", name=op.f("pk_education_level_matches")),
    )
    with op.batch_alter_table("mismatch_results") as batch:
        batch.add_column(
            sa.Column(
                "comparable",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
                comment="The previous period was observed from its start, so demand_previous and trend compare "
                "like with like",
            )
        )

    with op.batch_alter_table("alerts") as batch:
        batch.add_column(
            sa.Column(
                "comparable",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
                comment="The previous period was observed from its start",
            )
        )
        batch.alter_column(
            "trend",
            existing_type=sa.Float(),
            existing_nullable=True,
            comment="NULL: not comparable, or no demand the period before",
            existing_comment="NULL: no demand the period before",
        )
    with op.batch_alter_table("mismatch_results") as batch:
        batch.alter_column(
            "ratio_low",
            existing_type=sa.Float(),
            existing_nullable=True,
            comment="95% interval of the ratio, lower bound; defined when supply is 0 too",
            existing_comment="95% interval of the ratio, lower bound",
        )
        batch.alter_column(
            "trend",
            existing_type=sa.Float(),
            existing_nullable=True,
            comment="(demand - demand_previous) / demand_previous; NULL when not comparable or no demand before",
            existing_comment="(demand - demand_previous) / demand_previous",
        )


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("comparable")
    with op.batch_alter_table("mismatch_results") as batch:
        batch.drop_column("comparable")
    op.drop_table("education_level_matches")
