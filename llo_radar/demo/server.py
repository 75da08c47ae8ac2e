"""Serve the demo websites on 127.0.0.1, one free port per site, for as long as the context is open."""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from core import clock

from .sites import SITES, render_sites


class LoopbackHTTPServer(ThreadingHTTPServer):
    """Threaded HTTP server whose listen backlog takes a crawler's concurrent connections (the default is 5)."""

    daemon_threads = True
    request_queue_size = 128


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are logged by the crawler; keep the demo's console clean."""


def env_name(site: str) -> str:
    """Environment variable holding a site's base URL, as used in ``crawlers/sources/demo.yaml``."""
    return "LLO_RADAR_DEMO_" + site.upper().replace("-", "_")


class DemoSites:
    """Render the demo sites into a temporary folder and serve each on its own loopback port, as they are today
    (the demo's ``today``, by default the clock's) until ``show`` turns them to another day. While open, the
    environment points the demo sources file at them (``env``).

    >>> with DemoSites() as demo:  # doctest: +SKIP
    ...     demo.base_urls["board-a"]
    'http://127.0.0.1:40123'
    """

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or clock.today()
        self.base_urls: dict[str, str] = {}
        self._servers: list[LoopbackHTTPServer] = []
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._saved_env: dict[str, str | None] = {}

    @property
    def env(self) -> dict[str, str]:
        """Environment variables that point the demo sources file at the running sites."""
        return {env_name(site): url for site, url in self.base_urls.items()}

    def __enter__(self) -> DemoSites:
        self._tmp = tempfile.TemporaryDirectory(prefix="llo-radar-demo-")
        root = Path(self._tmp.name)
        for site in SITES:
            handler = functools.partial(_QuietHandler, directory=str(root / site))
            server = LoopbackHTTPServer(("127.0.0.1", 0), handler)
            self._servers.append(server)
            self.base_urls[site] = f"http://127.0.0.1:{server.server_address[1]}"
        render_sites(root, self.base_urls, self.today)
        for server in self._servers:
            threading.Thread(target=server.serve_forever, name="demo-site", daemon=True).start()
        self._saved_env = {key: os.environ.get(key) for key in self.env}
        os.environ.update(self.env)
        return self

    def show(self, day: int) -> None:
        """Serve the sites as they are ``day`` days from the demo's today (call it between crawls)."""
        assert self._tmp is not None, "show() needs the sites started (use DemoSites as a context manager)"
        render_sites(Path(self._tmp.name), self.base_urls, self.today, day)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
