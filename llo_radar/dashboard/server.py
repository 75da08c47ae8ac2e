"""Running the dashboard: in the foreground (``llo-radar dashboard``) or in a background thread of this process
on a free loopback port, for printing factsheets from the command line and for tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from ..exceptions import LloRadarError

STARTUP_SECONDS = 30


def serve(app: FastAPI, host: str, port: int) -> None:
    """Serve ``app`` until interrupted."""
    uvicorn.run(app, host=host, port=port, log_level="warning")


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app: FastAPI, host: str = "127.0.0.1", port: int | None = None) -> Iterator[str]:
    """Serve ``app`` in a background thread while the block runs; yields its base URL (no trailing slash)."""
    port = port or free_port(host)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="llo-radar-dashboard", daemon=True)
    thread.start()
    try:
        for _ in range(STARTUP_SECONDS * 20):
            if server.started or not thread.is_alive():
                break
            time.sleep(0.05)
        if not server.started:
            raise LloRadarError(f"The dashboard did not start on {host}:{port}; is the port taken?")
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_SECONDS)
