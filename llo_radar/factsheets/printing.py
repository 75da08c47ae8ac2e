"""Factsheets written to files from the command line: the dashboard runs in this process on a free loopback port
for the moment, and its factsheet page is saved (HTML) or printed by Chromium (PDF), so the file is exactly what
the dashboard shows."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import quote

import httpx

from ..exceptions import LloRadarError
from ..settings import Settings

TIMEOUT = 120
"""Seconds the factsheet may take to build."""
PATHS = {"region": "/factsheets/regions/", "provider": "/factsheets/providers/"}


def write_factsheet(
    settings: Settings, kind: Literal["region", "provider"], subject: str, output: Path, period: str | None = None
) -> None:
    """Write the factsheet of a region (code) or a subscribed opleider (name) to ``output`` (.html or .pdf)."""
    from ..dashboard.app import dashboard_app
    from ..dashboard.server import serving
    from .pdf import print_pdf

    if output.suffix.lower() not in (".html", ".pdf"):
        raise LloRadarError(f"Write a factsheet to a .html or .pdf file, not {output.name!r}")
    path = PATHS[kind] + quote(subject, safe="") + (f"?period={quote(period)}" if period else "")
    with serving(dashboard_app(settings)) as base:
        data = httpx.get(f"{base}/api{path}", timeout=TIMEOUT)  # its JSON twin says what is missing, if anything
        if data.status_code == 404:
            raise LloRadarError(data.json()["detail"])
        data.raise_for_status()
        if output.suffix.lower() == ".pdf":
            content = print_pdf(f"{base}{path}")
        else:
            page = httpx.get(f"{base}{path}", timeout=TIMEOUT)
            page.raise_for_status()
            content = page.content
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(content)
