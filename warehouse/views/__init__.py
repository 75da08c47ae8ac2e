"""Stable SQL views for analysts, one ``.sql`` file each, created by migrations (``views_sql``).

Documented with example queries in ``docs/warehouse.md``.
"""

from __future__ import annotations

from pathlib import Path

VIEWS_DIR = Path(__file__).parent
VIEWS = ("v_vacancy_skills", "v_offer_skills", "v_offer_locations", "v_skill_gap", "v_occupation_profile")


def view_sql(name: str) -> str:
    """The ``CREATE VIEW`` statement of a view."""
    return (VIEWS_DIR / f"{name}.sql").read_text(encoding="utf-8")
