"""Stage locks: two runs of one stage never work on the same warehouse at once; the second is refused at once
with ``StageBusy`` naming the stage (the flows retry it later, see ``flows/retries.py``).

PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) held on a connection of its own.
SQLite: an exclusive ``flock`` on a file beside the database (``<warehouse file>.<stage>.lock``, left in place;
it holds the process id and start time of the last holder). Both end with the process that holds them, a
``kill -9`` included, so a crash never leaves a stale lock. The locked stages and why are listed in
docs/operations.md.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, select

from core import clock

from .db import display_url, sqlite_file
from .exceptions import StageBusy


@contextmanager
def stage_lock(engine: Engine, stage: str) -> Iterator[None]:
    """Hold the lock of ``stage`` (e.g. ``alerts``, ``load werkradar``) on the warehouse of ``engine`` while the
    block runs; ``StageBusy`` when another run holds it."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, stage):
            yield
        return
    path = sqlite_file(engine)
    if path is None:  # an in-memory database lives in this process only
        yield
        return
    lock_path = path.with_name(f"{path.name}.{re.sub(r'[^a-z0-9]+', '-', stage.lower())}.lock")
    with lock_path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise StageBusy(_busy(stage, str(path), f" (held by {holder})" if holder else "")) from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"process {os.getpid()} since {clock.now().isoformat(timespec='seconds')}")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(engine: Engine, stage: str) -> Iterator[None]:
    key = int.from_bytes(hashlib.sha256(f"llo-radar:{stage}".encode()).digest()[:8], "big", signed=True)
    # Autocommit: the lock outlives transactions, and the connection must not sit idle in one while it waits.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if not connection.scalar(select(func.pg_try_advisory_lock(key))):
            raise StageBusy(_busy(stage, display_url(engine.url), ""))
        try:
            yield
        finally:
            # The connection goes back to the pool: release the lock explicitly (a dead connection releases it).
            try:
                connection.scalar(select(func.pg_advisory_unlock(key)))
            except Exception:
                connection.invalidate()
                raise


def _busy(stage: str, where: str, holder: str) -> str:
    return (
        f"Another run of '{stage}' is working on the warehouse {where}{holder}; this one is refused so that "
        "nothing is done twice: run it again when the other has finished"
    )
