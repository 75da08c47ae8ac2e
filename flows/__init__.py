"""Prefect flows: thin wrappers around ``llo_radar.jobs``, one module per verb, composed in ``radar.py``."""

import os

# Prefect reads its settings at import: keep its telemetry quiet on networks without internet access.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
