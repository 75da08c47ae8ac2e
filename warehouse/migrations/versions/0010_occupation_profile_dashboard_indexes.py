"""Occupation as a dimension: the occupation a course is for (offers.occupation_id, offers.isco_code), the
occupation profile indicator (occupation_results); the skill gap's index covers sector and level too, and a skill's
jobs are indexed in job order, for the dashboard.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "occupation_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "period", sa.String(length=8), nullable=False, comment="Week 2026-W47, month 2026-11 or quarter 2026-Q4"
        ),
        sa.Column("period_kind", sa.String(length=8), nullable=False, comment="week, month or quarter"),
        sa.Column("region_code", sa.String(length=20), nullable=False, comment="regions.code"),
        sa.Column(
            "isco_code",
            sa.String(length=4),
            nullable=False,
            comment="isco_groups.code: the occupation's ISCO-08 unit group",
        ),
        sa.Column("skill_id", sa.String(length=120), nullable=False, comment="skills.id"),
        sa.Column(
            "demand", sa.Integer(), nullable=False, comment="Unique active jobs of the occupation asking for the skill"
        ),
        sa.Column("jobs", sa.Integer(), nullable=False, comment="Unique active jobs of the occupation, any skill"),
        sa.Column("demand_share", sa.Float(), nullable=True, comment="demand / jobs: how often the occupation asks it"),
        sa.Column("demand_share_low", sa.Float(), nullable=True, comment="95% interval of demand_share, lower bound"),
        sa.Column("demand_share_high", sa.Float(), nullable=True, comment="95% interval of demand_share, upper bound"),
        sa.Column(
            "supply",
            sa.Integer(),
            nullable=False,
            comment="Active offers for the occupation available in the region teaching it",
        ),
        sa.Column(
            "offers", sa.Integer(), nullable=False, comment="Active offers for the occupation available in the region"
        ),
        sa.Column("supply_share", sa.Float(), nullable=True, comment="supply / offers: how often its courses teach it"),
        sa.Column("supply_share_low", sa.Float(), nullable=True, comment="95% interval of supply_share, lower bound"),
        sa.Column("supply_share_high", sa.Float(), nullable=True, comment="95% interval of supply_share, upper bound"),
        sa.Column("share_gap", sa.Float(), nullable=True, comment="demand_share - supply_share"),
        sa.Column("share_gap_low", sa.Float(), nullable=True, comment="95% interval of share_gap, lower bound"),
        sa.Column("share_gap_high", sa.Float(), nullable=True, comment="95% interval of share_gap, upper bound"),
        sa.Column(
            "demand_previous", sa.Integer(), nullable=False, comment="demand in the previous period of the same kind"
        ),
        sa.Column(
            "comparable", sa.Boolean(), nullable=False, comment="The previous period was observed from its start"
        ),
        sa.Column(
            "trend",
            sa.Float(),
            nullable=True,
            comment="(demand - demand_previous) / demand_previous; NULL when not comparable or no demand before",
        ),
        sa.Column(
            "small_cell", sa.Boolean(), nullable=False, comment="demand + supply < 10: left out of published outputs"
        ),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupation_results")),
    )
    op.create_index(
        "ix_occupation_results_period_region_isco", "occupation_results", ["period", "region_code", "isco_code"]
    )
    # The dashboard asks for the cells of one sector and level (mostly all: *) in many regions at once.
    op.drop_index("ix_mismatch_results_period_region_code", table_name="mismatch_results")
    # A skill's jobs in job order, a page at a time (the evidence of a cell).
    op.drop_index("ix_job_skills_skill_id", table_name="job_skills")
    op.create_index("ix_job_skills_skill_id_job_id", "job_skills", ["skill_id", "job_id"])
    op.create_index(
        "ix_mismatch_results_period_region_sector_level",
        "mismatch_results",
        ["period", "region_code", "sector_code", "education_level"],
    )
    with op.batch_alter_table("offers") as batch:
        batch.add_column(
            sa.Column(
                "occupation_id",
                sa.String(length=80),
                nullable=True,
                comment="The occupation the course is for, as its page names it (llo:occ:..., esco-occ:...)",
            )
        )
        batch.add_column(
            sa.Column("isco_code", sa.String(length=4), nullable=True, comment="ISCO-08 unit group of that occupation")
        )


def downgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        batch.drop_column("isco_code")
        batch.drop_column("occupation_id")
    op.drop_index("ix_job_skills_skill_id_job_id", table_name="job_skills")
    op.create_index("ix_job_skills_skill_id", "job_skills", ["skill_id"])
    op.drop_index("ix_mismatch_results_period_region_sector_level", table_name="mismatch_results")
    op.create_index("ix_mismatch_results_period_region_code", "mismatch_results", ["period", "region_code"])
    op.drop_index("ix_occupation_results_period_region_isco", table_name="occupation_results")
    op.drop_table("occupation_results")
