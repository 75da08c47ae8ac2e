"""Stored codes speak English: contract types, offer modes, credentials, salary periods, region levels and the
education level "geen" were Dutch (or upper case) next to English employer types and confidences; every stored
code is now an English, lowercase snake_case word (established codes that are no words stay: MBO 4, HBO, WO, AM18).
Rows are rewritten from the old codes to the new and back; people still read Dutch names (warehouse/wording.py).

The codes are written out here, not imported: a migration keeps meaning what it meant when it was written.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-14
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTRACT_TYPES = {
    "vast": "permanent",
    "tijdelijk": "temporary",
    "uitzend": "agency_work",
    "freelance": "freelance",
    "stage": "internship",
}
SALARY_PERIODS = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}
OFFER_MODES = {"online": "online", "klassikaal": "classroom", "blended": "blended", "incompany": "in_company"}
CREDENTIALS = {
    "diploma": "diploma",
    "deelcertificaat": "partial_certificate",
    "certificaat": "certificate",
    "microcredential": "microcredential",
    "bewijs van deelname": "certificate_of_participation",
}
REGION_LEVELS = {
    "gemeente": "municipality",
    "arbeidsmarktregio": "labour_market_region",
    "provincie": "province",
    "land": "country",
    "regio": "grouping",  # the bundled groupings' level, and the level of a grouping that names none
}
NO_EDUCATION = ("geen", "none_required")
"""The one education level that was a Dutch word; the other levels are codes (MBO 4, HBO, WO) and stay."""
EDUCATION_LEVEL_COLUMNS = (
    ("vacancies", "education_level"),
    ("offers", "level"),
    ("jobs", "education_level"),
    ("mismatch_results", "education_level"),
    ("alerts", "education_level"),
)

# Tables of codes: each column with its old → new codes. Values outside a table are left alone, except salary
# periods: a unit other than schema.org's five was never a period the code knows (salary_raw keeps it).
CODES = (
    ("vacancies", "contract_type", CONTRACT_TYPES),
    ("vacancies", "salary_period", SALARY_PERIODS),
    ("offers", "mode", OFFER_MODES),
    ("offers", "credential", CREDENTIALS),
    ("regions", "level", REGION_LEVELS),
)
COMMENTS = (  # (table, column, type, old comment, new comment); SQLite keeps no comments
    ("vacancies", "contract_type", sa.String(20), "vast, tijdelijk, uitzend, freelance, stage",
     "permanent, temporary, agency_work, freelance or internship"),
    ("vacancies", "salary_period", sa.String(10), "HOUR, MONTH or YEAR", "hour, day, week, month or year"),
    ("offers", "level", sa.String(40), "MBO 1-4, HBO, post-HBO, WO or none",
     "MBO 1-4, MBO, HBO, post-HBO, WO or none_required"),
    ("offers", "mode", sa.String(20), "online, klassikaal, blended or incompany",
     "online, classroom, blended or in_company"),
)  # fmt: skip


def upgrade() -> None:
    for table, column, codes in CODES:
        _recode(table, column, codes)
    op.execute(
        sa.text("UPDATE vacancies SET salary_period = NULL WHERE salary_period NOT IN :periods").bindparams(
            sa.bindparam("periods", list(SALARY_PERIODS.values()), expanding=True)
        )
    )
    _recode_education(*NO_EDUCATION)
    _comment(new=True)


def downgrade() -> None:
    for table, column, codes in CODES:
        _recode(table, column, {new: old for old, new in codes.items()})
    _recode_education(*reversed(NO_EDUCATION))
    _comment(new=False)


def _recode(table: str, column: str, codes: dict[str, str]) -> None:
    """Rewrite a column's codes in one statement (one pass over the table, whatever the number of codes)."""
    changed = {old: new for old, new in codes.items() if old != new}
    cases = " ".join(f"WHEN :old{i} THEN :new{i}" for i in range(len(changed)))
    values = {f"old{i}": old for i, old in enumerate(changed)} | {
        f"new{i}": new for i, new in enumerate(changed.values())
    }
    statement = sa.text(f"UPDATE {table} SET {column} = CASE {column} {cases} END WHERE {column} IN :olds")
    op.execute(statement.bindparams(sa.bindparam("olds", list(changed), expanding=True), **values))


def _recode_education(old: str, new: str) -> None:
    """One education level's code, everywhere it is stored: the dimension (its new row first, since the level
    matches refer to it), the level matches, the stored rows, cells, alerts and subscription interests."""
    op.execute(
        sa.text(
            "INSERT INTO education_levels (code, name, nlqf, sort) SELECT :new, name, nlqf, sort FROM education_levels"
            " WHERE code = :old"
        ).bindparams(old=old, new=new)
    )
    for column in ("job_level", "offer_level"):
        op.execute(
            sa.text(f"UPDATE education_level_matches SET {column} = :new WHERE {column} = :old").bindparams(
                old=old, new=new
            )
        )
    op.execute(sa.text("DELETE FROM education_levels WHERE code = :old").bindparams(old=old))
    for table, column in EDUCATION_LEVEL_COLUMNS:
        op.execute(sa.text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old").bindparams(old=old, new=new))
    op.execute(
        sa.text(
            "UPDATE subscription_interests SET value = :new WHERE kind = 'education_level' AND value = :old"
        ).bindparams(old=old, new=new)
    )


def _comment(*, new: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, type_, old_comment, new_comment in COMMENTS:
        op.alter_column(
            table,
            column,
            existing_type=type_,
            existing_nullable=True,
            comment=new_comment if new else old_comment,
            existing_comment=old_comment if new else new_comment,
        )
