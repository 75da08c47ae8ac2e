"""The mismatch warehouse: typed SQLAlchemy models, idempotent loads and indicators.

Runs on an embedded SQLite file by default and on PostgreSQL for deployments; any SQLAlchemy URL works.
"""
