"""A local website that misbehaves in every way the real web does, for crawler tests (127.0.0.1 only).

``/`` lists pages that fail to download or to parse (slow, huge, loops, errors, odd encodings). ``/vijandig/``
lists the standing hostile-web suite's pages (``HOSTILE_PAGES``): valid care vacancies next to vacancies whose
fields carry script, Rich markup, terminal escape sequences, NULs, huge and deeply nested values and wrong
JSON-LD types, a gzip bomb, a body streamed past the size cap and a redirect loop. ``tests/test_hostile_web.py``
crawls it end to end.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from llo_radar.demo.server import LoopbackHTTPServer


def job_page(title: str, charset_meta: bool = True) -> str:
    posting = {"@context": "https://schema.org", "@type": "JobPosting", "title": title, "description": "<p>Werk.</p>"}
    meta = '<meta charset="utf-8">' if charset_meta else ""
    script = f'<script type="application/ld+json">{json.dumps(posting)}</script>'
    return f"<html><head>{meta}{script}</head><body></body></html>"


DETAIL_PATHS = ["/ok", "/flaky", "/ratelimit", "/slow", "/huge", "/loop", "/gone", "/boom", "/empty", "/latin"]
DETAIL_PATHS += ["/nocharset", "/notitle", "/private/1"]

CARE_EMPLOYERS = ["Amstelland", "Zonnehuis", "Cordaan", "Vivium", "Amsta", "Evean", "Buurtzorg", "Osira",
                  "Zorgbalans", "Sensire", "Brentano", "Rivas"]  # fmt: skip
"""Employers of the valid vacancies: twelve distinct care jobs in Amsterdam asking for wondzorg."""
MARKUP_TITLE = "Monteur [/] [bold red]dringend[/bold red]"
ESCAPE_TITLE = "Schilder\x1b[2J\x1b]0;gehackt\x07 (m/v)"
FORMULA_TITLE = '=HYPERLINK("http://kwaad.example","klik")'
SCRIPT_TITLE = "<script>alert(1)</script>Kok"
HUGE_TITLE_CHARS = 1_100_000
NESTING = 1_200
"""Depth of the nested markup of one description: deeper than Python's recursion limit, which a recursive walk of
the markup would hit."""


def posting(title: Any, *, key: str, employer: Any = "Zorggroep Vijandig", **fields: Any) -> dict[str, Any]:
    """A schema.org JobPosting in Amsterdam asking for wondzorg; ``fields`` add or replace properties."""
    description = (
        "<p>Voor onze afdeling zoeken wij een collega.</p><h3>Wat vragen wij</h3>"
        "<ul><li>Ervaring met wondzorg</li><li>Kennis van Excel</li></ul>"
    )
    return {
        "@context": "https://schema.org", "@type": "JobPosting", "title": title, "identifier": key,
        "hiringOrganization": {"name": employer}, "datePosted": "2026-11-20", "description": description,
        "jobLocation": {"address": {"addressLocality": "Amsterdam"}}, **fields,
    }  # fmt: skip


HOSTILE_PAGES: dict[str, Callable[[], dict[str, Any]]] = {
    **{
        f"/vijandig/zorg-{n}": (lambda n=n: posting(f"Wondverpleegkundige {CARE_EMPLOYERS[n]}", key=f"G-{n}",
                                                    employer=CARE_EMPLOYERS[n]))
        for n in range(len(CARE_EMPLOYERS))
    },
    "/vijandig/script": lambda: posting(SCRIPT_TITLE, key="H-script", employer="<b onmouseover=alert(2)>Kwaad</b>"),
    "/vijandig/markup": lambda: posting(MARKUP_TITLE, key="H-markup", employer="[link=http://kwaad.example]Bouw[/link]"),
    "/vijandig/escape": lambda: posting(ESCAPE_TITLE, key="H-escape", employer="Verf\u202eBV\x00",
                                        description="<p>Wondzorg\x00 en\x1b[31m rood</p>"),
    "/vijandig/lang": lambda: posting(
        "Verzorgende " + "IG " * 150, key="H-" + "x" * 500, employer="Stichting " + "Zorg " * 100,
        employmentType="FULL_TIME_" * 30,
        baseSalary={"value": {"minValue": 1e10, "maxValue": 2e10, "unitText": "PER_MAAND_BRUTO_EXCL"}},
    ),
    "/vijandig/enorm": lambda: posting("Kok " * (HUGE_TITLE_CHARS // 4), key="H-enorm"),
    "/vijandig/diep": lambda: posting("Diep genest", key="H-diep",
                                      description="<div>" * NESTING + "Wondzorg" + "</div>" * NESTING),
    "/vijandig/typen": lambda: posting(["Lijst", "van titels"], key="H-typen", employer=42,
                                       datePosted="gisteren", baseSalary="veel", jobLocation="Amsterdam"),
    "/vijandig/formule": lambda: posting(FORMULA_TITLE, key="H-formule"),
}  # fmt: skip
"""Path → the JobPosting its page publishes."""
HOSTILE_FAILURES = ["/vijandig/bom", "/vijandig/stroom", "/loop"]
"""Pages of the suite that cannot be downloaded: a gzip bomb, a body streamed past the cap, a redirect loop."""


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
        if path == "/vijandig/":
            links = "".join(f'<a class="job" href="{p}">{p}</a>' for p in [*HOSTILE_PAGES, *HOSTILE_FAILURES])
            return self._send(handler, 200, f"<html><body>{links}</body></html>")
        if path in HOSTILE_PAGES:
            script = json.dumps(HOSTILE_PAGES[path](), ensure_ascii=False).replace("</", "<\\/")
            body = f'<html><head><meta charset="utf-8"><script type="application/ld+json">{script}</script></head>'
            return self._send(handler, 200, body + "<body><h1>Vacature</h1></body></html>")
        if path == "/vijandig/bom":  # a few kB on the wire, far past the cap once decompressed
            bomb = gzip.compress(b"<html>" + b" " * (self.huge_bytes * 3))
            return self._send(handler, 200, bomb, headers={"Content-Encoding": "gzip"})
        if path == "/vijandig/stroom":  # no Content-Length: the size shows only while the body arrives
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.end_headers()
            chunk = b"<p>" + b"x" * 65_536 + b"</p>"
            try:
                for _ in range(self.huge_bytes * 2 // len(chunk)):
                    handler.wfile.write(chunk)
            except OSError:  # the crawler hung up at its size cap
                pass
            return None
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
        if path == "/logo.png":  # a listing URL that answers with an image
            return self._send(handler, 200, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        if path == "/sitemap-broken.xml":
            return self._send(handler, 200, "<urlset><url><loc>nope", "application/xml")
        return self._send(handler, 404, "onbekend")

    @staticmethod
    def _send(handler, status, body, content_type="text/html; charset=utf-8", encoding="utf-8", headers=None):
        data = body if isinstance(body, bytes) else body.encode(encoding)
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
