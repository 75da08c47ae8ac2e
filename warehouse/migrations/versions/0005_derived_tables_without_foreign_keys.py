"""Derived tables (jobs, job_skills, mismatch_results) without foreign keys, and skill gap cells with one index
(period, region) instead of a five-column unique key: checking keys of millions of rows that are rebuilt from
checked tables cost more than computing them (bench/warehouse_indicators.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEYS = [  # table, column, referred table, referred column, on delete
    ("job_skills", "job_id", "jobs", "id", "CASCADE"),
    ("job_skills", "skill_id", "skills", "id", None),
    ("jobs", "gemeente_code", "regions", "code", None),
    ("jobs", "sector_code", "sectors", "code", None),
    ("mismatch_results", "skill_id", "skills", "id", None),
    ("mismatch_results", "region_code", "regions", "code", None),
    ("mismatch_results", "sector_code", "sectors", "code", None),
]
# table, column, type, comment: the referred column, now that no key says it
COMMENTS: list[tuple[str, str, sa.types.TypeEngine, str]] = [
    ("job_skills", "job_id", sa.Integer(), "jobs.id"),
    ("job_skills", "skill_id", sa.String(length=120), "skills.id"),
    ("jobs", "gemeente_code", sa.String(length=20), "regions.code"),
    ("jobs", "sector_code", sa.String(length=4), "sectors.code"),
    ("mismatch_results", "skill_id", sa.String(length=120), "skills.id"),
    ("mismatch_results", "region_code", sa.String(length=20), "regions.code"),
    ("mismatch_results", "sector_code", sa.String(length=4), "sectors.code, * for all sectors"),
]
CELL_KEY = ["period", "skill_id", "region_code", "sector_code", "education_level"]


def upgrade() -> None:
    for table in ("job_skills", "jobs", "mismatch_results"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, column, referred, _, _ in FOREIGN_KEYS:
                if name == table:
                    batch_op.drop_constraint(batch_op.f(f"fk_{table}_{column}_{referred}"), type_="foreignkey")
            for name, column, type_, comment in COMMENTS:
                if name == table:
                    batch_op.alter_column(column, existing_type=type_, comment=comment)
    with op.batch_alter_table("mismatch_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mismatch_results_region_code"))
        batch_op.drop_index(batch_op.f("ix_mismatch_results_skill_id"))
        batch_op.drop_constraint(batch_op.f("uq_mismatch_results_" + "_".join(CELL_KEY)), type_="unique")
        batch_op.create_index("ix_mismatch_results_period_region_code", ["period", "region_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mismatch_results", schema=None) as batch_op:
        batch_op.drop_index("ix_mismatch_results_period_region_code")
        batch_op.create_unique_constraint(batch_op.f("uq_mismatch_results_" + "_".join(CELL_KEY)), CELL_KEY)
        batch_op.create_index(batch_op.f("ix_mismatch_results_skill_id"), ["skill_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mismatch_results_region_code"), ["region_code"], unique=False)
    for table in ("job_skills", "jobs", "mismatch_results"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, column, type_, _ in COMMENTS:
                if name == table:
                    batch_op.alter_column(column, existing_type=type_, comment=None)
            for name, column, referred, referred_column, on_delete in FOREIGN_KEYS:
                if name == table:
                    batch_op.create_foreign_key(
                        batch_op.f(f"fk_{table}_{column}_{referred}"),
                        referred,
                        [column],
                        [referred_column],
                        ondelete=on_delete,
                    )
