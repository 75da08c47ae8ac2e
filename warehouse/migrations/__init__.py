"""Alembic migrations of the warehouse: every schema change ships as a reviewed revision in ``versions/``."""
