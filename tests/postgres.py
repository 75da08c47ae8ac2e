"""A throwaway PostgreSQL cluster on 127.0.0.1 for the tests: Debian's initdb and pg_ctl from the installed
server version, a temporary data folder and a free port; stopped and removed when the tests end."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_pg_bin() -> Path | None:
    """Folder of Debian's PostgreSQL server binaries, newest version first."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """initdb + pg_ctl start in a temporary folder; ``url`` points at database ``llo``; ``stop()`` removes all."""

    def __init__(self, pg_bin: Path, options: str = "") -> None:
        self.pg_bin = pg_bin
        self.options = options
        """Extra server settings, e.g. ``-c work_mem=256MB``."""
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="llo-pg-"))
        self._as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.pg_bin / args[0]), *args[1:]]
        if self._as_root:  # the server refuses to run as root
            command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{part}'" for part in command)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if self._as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self.dir.chmod(0o700)
        data = self.dir / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = f"-h 127.0.0.1 -p {self.port} -k {self.dir} -F {self.options}".strip()
        self._run("pg_ctl", "-D", str(data), "-l", str(self.dir / "server.log"), "-o", options, "-w", "start")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "llo")
        return self.url

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/llo"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
