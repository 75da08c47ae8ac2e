"""Insert-or-update on a natural key, the same call on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

# Both dialects' INSERT has on_conflict_do_nothing, on_conflict_do_update and excluded; the generic one has not.
_INSERTS: dict[str, Callable[[Any], sqlite.Insert | postgresql.Insert]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}


def upsert_statement(
    session: Session, model: type, rows: Sequence[dict[str, Any]], *, key: Sequence[str], update: Sequence[str]
) -> Insert:
    """An INSERT of ``rows`` that updates ``update`` columns when ``key`` already exists (or does nothing)."""
    dialect = session.get_bind().dialect.name
    try:
        insert = _INSERTS[dialect]
    except KeyError:
        raise NotImplementedError(f"Upserts are implemented for SQLite and PostgreSQL, not {dialect}") from None
    stmt = insert(model).values(list(rows))
    if not update:
        return stmt.on_conflict_do_nothing(index_elements=list(key))
    return stmt.on_conflict_do_update(
        index_elements=list(key), set_={column: stmt.excluded[column] for column in update}
    )


def upsert(
    session: Session, model: type, rows: Sequence[dict[str, Any]], *, key: Sequence[str], update: Sequence[str]
) -> None:
    """Run ``upsert_statement`` for ``rows`` (nothing when there are none)."""
    if rows:
        session.execute(upsert_statement(session, model, rows, key=key, update=update))
