"""What a crawl run's load found and closed: crawl_runs.items_loaded, closed_items (NULL: the crawl was no
evidence of a complete, healthy crawl, so it closed nothing) and closing_note (why not). The closing rule
compares a crawl with the source's last healthy one (docs/operations.md).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(
            sa.Column("items_loaded", sa.Integer(), comment="Items of the raw items file loaded; NULL: not loaded")
        )
        batch.add_column(
            sa.Column(
                "closed_items",
                sa.Integer(),
                comment="Items the crawl closed; NULL: no evidence of a complete, healthy crawl (docs/operations.md)",
            )
        )
        batch.add_column(sa.Column("closing_note", sa.String(length=300), comment="Why the crawl closed nothing"))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("closing_note")
        batch.drop_column("closed_items")
        batch.drop_column("items_loaded")
