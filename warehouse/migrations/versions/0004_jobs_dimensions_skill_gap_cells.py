"""Unique jobs (deduplication), classification dimensions, skill gap cells per week/month/quarter × skill ×
region × sector × education level with shares, intervals, trend and open duration.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "education_levels",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("nlqf", sa.Integer(), nullable=True, comment="Level in the Dutch qualifications framework (NLQF)"),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_education_levels")),
    )
    op.create_table(
        "isco_groups",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False, comment="1 to 4: the number of digits"),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("parent_code", sa.String(length=4), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["isco_groups.code"], name=op.f("fk_isco_groups_parent_code_isco_groups")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_isco_groups")),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False, comment="Id of the representative vacancy"),
        sa.Column("members", sa.Integer(), nullable=False, comment="Number of vacancies in the group"),
        sa.Column("gemeente_code", sa.String(length=20), nullable=True),
        sa.Column("sector_code", sa.String(length=4), nullable=True),
        sa.Column("education_level", sa.String(length=40), nullable=True),
        sa.Column("isco_code", sa.String(length=4), nullable=True),
        sa.Column("date_posted", sa.Date(), nullable=True, comment="Earliest publication date of the members"),
        sa.Column("valid_through", sa.Date(), nullable=True, comment="Latest closing date; NULL if any is open"),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "closed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the last member closed; NULL while any is open",
        ),
        sa.Column("open_days", sa.Float(), nullable=True, comment="Days from first seen to closed, once closed"),
        sa.ForeignKeyConstraint(["gemeente_code"], ["regions.code"], name=op.f("fk_jobs_gemeente_code_regions")),
        sa.ForeignKeyConstraint(["sector_code"], ["sectors.code"], name=op.f("fk_jobs_sector_code_sectors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_gemeente_code"), ["gemeente_code"], unique=False)

    op.create_table(
        "sbi_divisions",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("section_code", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(["section_code"], ["sectors.code"], name=op.f("fk_sbi_divisions_section_code_sectors")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_sbi_divisions")),
    )
    op.create_table(
        "job_skills",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.String(length=120), nullable=False),
        sa.Column("nice_to_have", sa.Boolean(), nullable=False, comment="Every member asks it only as a plus"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_job_skills_job_id_jobs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name=op.f("fk_job_skills_skill_id_skills")),
        sa.PrimaryKeyConstraint("job_id", "skill_id", name=op.f("pk_job_skills")),
    )
    with op.batch_alter_table("job_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_skills_skill_id"), ["skill_id"], unique=False)

    # Skill gap cells are derived data: the table is rebuilt with its new dimensions and recomputed by aggregate.
    op.drop_table("mismatch_results")
    create_mismatch_results()

    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("job_id", sa.Integer(), nullable=True, comment="The job (jobs.id) this vacancy publishes")
        )
        batch_op.add_column(
            sa.Column(
                "duplicate_reason",
                sa.String(length=20),
                nullable=True,
                comment="Why it joined another vacancy's job: url, text or similar; NULL for representatives",
            )
        )
        batch_op.create_index(batch_op.f("ix_vacancies_job_id"), ["job_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancies_job_id"))
        batch_op.drop_column("duplicate_reason")
        batch_op.drop_column("job_id")

    # The monthly skill × sector × region cells of revision 0001, empty: aggregate recomputes them.
    op.drop_table("mismatch_results")
    op.create_table(
        "mismatch_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("skill_id", sa.String(length=120), sa.ForeignKey("skills.id"), nullable=False, index=True),
        sa.Column("sector_code", sa.String(length=4), sa.ForeignKey("sectors.code"), nullable=False),
        sa.Column("region_code", sa.String(length=20), sa.ForeignKey("regions.code"), nullable=False, index=True),
        sa.Column("demand", sa.Integer(), nullable=False),
        sa.Column("supply", sa.Integer(), nullable=False),
        sa.Column("ratio", sa.Float(), nullable=True),
        sa.Column("gap", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mismatch_results")),
        sa.UniqueConstraint("period", "skill_id", "sector_code", "region_code"),
    )
    op.drop_table("job_skills")
    op.drop_table("sbi_divisions")
    op.drop_table("jobs")
    op.drop_table("isco_groups")
    op.drop_table("education_levels")


def create_mismatch_results() -> None:
    op.create_table(
        "mismatch_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "period", sa.String(length=8), nullable=False, comment="Week 2026-W47, month 2026-11 or quarter 2026-Q4"
        ),
        sa.Column("period_kind", sa.String(length=8), nullable=False, comment="week, month or quarter"),
        sa.Column("skill_id", sa.String(length=120), nullable=False),
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column("sector_code", sa.String(length=4), nullable=False),
        sa.Column("education_level", sa.String(length=40), nullable=False),
        sa.Column(
            "demand", sa.Integer(), nullable=False, comment="Unique active jobs in the cell asking for the skill"
        ),
        sa.Column(
            "supply", sa.Integer(), nullable=False, comment="Active offers teaching the skill available in the region"
        ),
        sa.Column("jobs", sa.Integer(), nullable=False, comment="Unique active jobs in the cell, any skill"),
        sa.Column("offers", sa.Integer(), nullable=False, comment="Active offers available in the region, any skill"),
        sa.Column("ratio", sa.Float(), nullable=True, comment="demand / supply; NULL when supply is 0"),
        sa.Column("ratio_low", sa.Float(), nullable=True, comment="95% interval of the ratio, lower bound"),
        sa.Column(
            "ratio_high", sa.Float(), nullable=True, comment="95% interval of the ratio, upper bound; NULL: unbounded"
        ),
        sa.Column("gap", sa.Integer(), nullable=False, comment="demand - supply; positive is a shortage"),
        sa.Column("demand_share", sa.Float(), nullable=True, comment="demand / jobs"),
        sa.Column("supply_share", sa.Float(), nullable=True, comment="supply / offers"),
        sa.Column("share_gap", sa.Float(), nullable=True, comment="demand_share - supply_share"),
        sa.Column("share_gap_low", sa.Float(), nullable=True, comment="95% interval of share_gap, lower bound"),
        sa.Column("share_gap_high", sa.Float(), nullable=True, comment="95% interval of share_gap, upper bound"),
        sa.Column(
            "demand_previous", sa.Integer(), nullable=False, comment="demand in the previous period of the same kind"
        ),
        sa.Column("trend", sa.Float(), nullable=True, comment="(demand - demand_previous) / demand_previous"),
        sa.Column(
            "closed",
            sa.Integer(),
            nullable=False,
            comment="Jobs in the cell asking for the skill that closed in the period",
        ),
        sa.Column("open_days_mean", sa.Float(), nullable=True, comment="Mean days from first seen to closed of those"),
        sa.Column(
            "small_cell", sa.Boolean(), nullable=False, comment="demand + supply < 10: left out of published outputs"
        ),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_mismatch_results_region_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["sector_code"], ["sectors.code"], name=op.f("fk_mismatch_results_sector_code_sectors")
        ),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name=op.f("fk_mismatch_results_skill_id_skills")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mismatch_results")),
        sa.UniqueConstraint(
            "period",
            "skill_id",
            "region_code",
            "sector_code",
            "education_level",
            name=op.f("uq_mismatch_results_period_skill_id_region_code_sector_code_education_level"),
        ),
    )
    op.create_index(op.f("ix_mismatch_results_region_code"), "mismatch_results", ["region_code"], unique=False)
    op.create_index(op.f("ix_mismatch_results_skill_id"), "mismatch_results", ["skill_id"], unique=False)
