"""The skill of a logged input change (indicator_input_changes.skill_id), so an increment recounts only the cells of
the skills that changed in a region and refreshes the totals of the others (docs/indicators.md, "Maintenance by
differences"). Rows logged before have none: their regions are recounted whole, as before.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = "skills.id whose cells may have changed; '*' every skill; NULL none (only the place's totals)"


def upgrade() -> None:
    with op.batch_alter_table("indicator_input_changes") as table:
        table.add_column(sa.Column("skill_id", sa.String(length=120), nullable=True, comment=COMMENT))
    op.execute("UPDATE indicator_input_changes SET skill_id = '*'")


def downgrade() -> None:
    with op.batch_alter_table("indicator_input_changes") as table:
        table.drop_column("skill_id")
