"""Unlinked skill terms: the skills table also holds the terms texts name that no taxonomy concept matches
(``term:<normalised term>``), marked by skills.linked = false, so that vacancies and offers link to them like to
concepts and they flow into the indicators, the trace and the alerts.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("skills") as batch:
        batch.add_column(
            sa.Column(
                "linked",
                sa.Boolean(),
                nullable=False,
                server_default=sa.true(),
                comment="A taxonomy concept; false for an unlinked term found in texts",
            )
        )
        batch.alter_column(
            "id",
            existing_type=sa.String(length=120),
            existing_nullable=False,
            comment="Taxonomy concept id, or term:<normalised term> for an unlinked term",
            existing_comment="Taxonomy concept id",
        )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM vacancy_skills WHERE skill_id IN (SELECT id FROM skills WHERE NOT linked)"))
    op.execute(sa.text("DELETE FROM offer_skills WHERE skill_id IN (SELECT id FROM skills WHERE NOT linked)"))
    op.execute(sa.text("DELETE FROM skills WHERE NOT linked"))
    with op.batch_alter_table("skills") as batch:
        batch.alter_column(
            "id",
            existing_type=sa.String(length=120),
            existing_nullable=False,
            comment="Taxonomy concept id",
            existing_comment="Taxonomy concept id, or term:<normalised term> for an unlinked term",
        )
        batch.drop_column("linked")
