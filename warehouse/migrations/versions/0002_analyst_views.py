"""Analyst views: v_vacancy_skills, v_offer_skills, v_offer_locations, v_skill_gap.

The views are repeatable: ``warehouse.migrate.upgrade`` drops them before and creates them again after every
upgrade to the newest revision, from ``warehouse/views/*.sql``. This revision marks when they arrived.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
