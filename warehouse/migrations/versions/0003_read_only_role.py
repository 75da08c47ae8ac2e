"""Read-only role for analysts on PostgreSQL: llo_reader may read every table and view, now and later.

Create logins for analysts with ``CREATE ROLE name LOGIN IN ROLE llo_reader``. Without the right to create
roles the migration grants to an existing llo_reader, or only notes that it could not. SQLite has no roles.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER = "llo_reader"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER}') THEN
                CREATE ROLE {READER} NOLOGIN;
            END IF;
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO {READER}', current_schema());
            EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO {READER}', current_schema());
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO {READER}',
                           current_schema());
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'No right to create or grant to role {READER}; ask a database administrator';
        END $$;
    """)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""
        DO $$
        BEGIN
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER}') THEN
                EXECUTE format('REVOKE SELECT ON ALL TABLES IN SCHEMA %I FROM {READER}', current_schema());
                EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT ON TABLES FROM {READER}',
                               current_schema());
                EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM {READER}', current_schema());
            END IF;
        END $$;
    """)
