"""A process that loads (or aggregates) and kills itself in the middle of a transaction, for the crash tests.

``python -m tests.warehouse.crash URL load|aggregate N PREFIX`` sends itself SIGKILL (no clean-up, like a power
cut or the OOM killer) right after the Nth SQL statement that starts with PREFIX.
"""

from __future__ import annotations

import os
import signal
import sys

from sqlalchemy import event

from warehouse.db import make_engine, session_maker
from warehouse.indicators.skill_gap import recompute_skill_gap
from warehouse.load import load_records
from warehouse.periods import parse_period

from ..records import vacancy

VACANCIES = 60
BATCH = 10
PLACES = ["Amsterdam", "Rotterdam", "Ede", "Eindhoven"]


def records():
    """The vacancies the crash tests load: each asks one skill or both."""
    skills = (["llo:wondzorg"], ["llo:excel"], ["llo:wondzorg", "llo:excel"])
    return [vacancy(f"C{n:03d}", PLACES[n % 4], skills[n % 3]) for n in range(VACANCIES)]


def main(url: str, step: str, count: int, prefix: str) -> None:
    engine = make_engine(url)
    seen = 0

    @event.listens_for(engine, "after_cursor_execute")
    def crash_after(_connection, _cursor, statement: str, *_args) -> None:
        nonlocal seen
        seen += statement.lstrip().upper().startswith(prefix.upper())
        if seen == count:
            os.kill(os.getpid(), signal.SIGKILL)

    sessions = session_maker(engine)
    if step == "load":
        load_records(sessions, 1, records(), batch_size=BATCH)
    else:
        with sessions.begin() as session:
            recompute_skill_gap(session, [parse_period("2026-11")])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
