"""Files written whole or not at all, safe when several processes write the same file at once."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def replaced_whole(path: Path, *, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A text file to write that replaces ``path`` when the block ends without error, and is removed otherwise.

    Each writer gets a temporary file of its own beside ``path`` (a name no other process uses), so a reader
    never sees half a file, an interrupted run leaves the previous file intact, and two runs writing the same
    file at the same time both succeed: the last to finish wins.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}.tmp")
    try:
        handle = temporary.open("x", encoding=encoding, newline=newline)
    except OSError as exc:  # name the file asked for, not the temporary one
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    try:
        with handle:
            yield handle
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
