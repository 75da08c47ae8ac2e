"""Serve the demo websites on 127.0.0.1, one free port per site, for as long as the context is open."""

from __future__ import annotations

import functools
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

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
    return "LLO_DEMO_" + site.upper().replace("-", "_")


class DemoSites:
    """Render the demo sites into a temporary folder and serve each on its own loopback port.

    >>> with DemoSites() as demo:  # doctest: +SKIP
    ...     demo.base_urls["board-a"]
    'http://127.0.0.1:40123'
    """

    def __init__(self) -> None:
        self.base_urls: dict[str, str] = {}
        self._servers: list[LoopbackHTTPServer] = []
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

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
        render_sites(root, self.base_urls)
        for server in self._servers:
            threading.Thread(target=server.serve_forever, name="demo-site", daemon=True).start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
