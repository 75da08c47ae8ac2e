"""A local website that misbehaves in every way the real web does, for crawler tests (127.0.0.1 only)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler

from llo_radar.demo.server import LoopbackHTTPServer


def job_page(title: str, charset_meta: bool = True) -> str:
    posting = {"@context": "https://schema.org", "@type": "JobPosting", "title": title, "description": "<p>Werk.</p>"}
    meta = '<meta charset="utf-8">' if charset_meta else ""
    script = f'<script type="application/ld+json">{json.dumps(posting)}</script>'
    return f"<html><head>{meta}{script}</head><body></body></html>"


DETAIL_PATHS = ["/ok", "/flaky", "/ratelimit", "/slow", "/huge", "/loop", "/gone", "/boom", "/empty", "/latin"]
DETAIL_PATHS += ["/nocharset", "/notitle", "/private/1"]


class HostileSite:
    """Serve the misbehaving pages; ``hits`` counts requests per path."""

    def __init__(self, slow_seconds: float = 3.0, huge_bytes: int = 2_000_000) -> None:
        self.hits: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.slow_seconds = slow_seconds
        self.huge_bytes = huge_bytes
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                site.hits[self.path] += 1
                site.user_agents.add(self.headers.get("User-Agent", ""))
                site.respond(self)

        self.server = LoopbackHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        path, hits = handler.path, self.hits[handler.path]
        if path == "/":
            links = "".join(f'<a class="job" href="{p}">{p}</a>' for p in DETAIL_PATHS)
            return self._send(handler, 200, f"<html><body>{links}</body></html>")
        if path == "/robots.txt":
            return self._send(handler, 200, "User-agent: *\nDisallow: /private\n", "text/plain")
        if path == "/ok":
            return self._send(handler, 200, job_page("Goede vacature"))
        if path == "/flaky" and hits == 1:
            return self._send(handler, 503, "busy", headers={"Retry-After": "1"})
        if path == "/flaky":
            return self._send(handler, 200, job_page("Na een storing"))
        if path == "/ratelimit" and hits == 1:
            return self._send(handler, 429, "slow down", headers={"Retry-After": "1"})
        if path == "/ratelimit":
            return self._send(handler, 200, job_page("Na een limiet"))
        if path == "/slow":
            time.sleep(self.slow_seconds)
            return self._send(handler, 200, job_page("Te laat"))
        if path == "/huge":
            return self._send(handler, 200, job_page("Groot") + "<!--" + "x" * self.huge_bytes + "-->")
        if path == "/loop":
            return self._send(handler, 302, "", headers={"Location": "/loop"})
        if path == "/gone":
            return self._send(handler, 404, "weg")
        if path == "/boom":
            return self._send(handler, 500, "kapot")
        if path == "/empty":
            return self._send(handler, 200, "<html><body><h1>Geen vacature</h1></body></html>")
        if path == "/latin":  # header claims UTF-8, body is Windows-1252
            return self._send(handler, 200, job_page("Café-medewerker"), "text/html; charset=utf-8", "cp1252")
        if path == "/nocharset":  # no charset anywhere, Windows-1252 body
            return self._send(handler, 200, job_page("Café-medewerker", charset_meta=False), "text/html", "cp1252")
        if path == "/notitle":
            posting = {"@context": "https://schema.org", "@type": "JobPosting", "description": "Geen titel."}
            return self._send(handler, 200, f'<script type="application/ld+json">{json.dumps(posting)}</script>')
        if path == "/private/1":
            return self._send(handler, 200, job_page("Verboden terrein"))
        if path == "/sitemap-broken.xml":
            return self._send(handler, 200, "<urlset><url><loc>nope", "application/xml")
        return self._send(handler, 404, "onbekend")

    @staticmethod
    def _send(handler, status, body, content_type="text/html; charset=utf-8", encoding="utf-8", headers=None):
        data = body.encode(encoding)
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def __enter__(self) -> HostileSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
