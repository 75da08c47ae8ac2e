"""HTML rendering of the dashboard's pages and factsheets: Jinja templates (autoescaped, so scraped titles are shown
as text, never run) with Dutch number formats and link helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from alerts.messages import number, percent
from warehouse.indicators.gaps import GapLine
from warehouse.wording import in_dutch

from ..factsheets.duiding import points, share_text
from ..reports import trend_text
from .figures import METRIC_NAMES

TEMPLATES = Path(__file__).parent / "templates"


def count(value: int | None) -> str:
    """A whole number with a thousands dot, or a dash.

    >>> count(12345), count(None)
    ('12.345', '–')
    """
    return "–" if value is None else f"{value:,}".replace(",", ".")


def ratio(line: GapLine) -> str:
    """Vacancies per offer with the 95% interval, e.g. ``6,0 (1,5–23,9)``; without supply ``∞ (≥ 2,6)``.

    >>> from types import SimpleNamespace as Line
    >>> ratio(Line(ratio=6.0, ratio_low=1.5, ratio_high=23.9)), ratio(Line(ratio=None, ratio_low=2.6, ratio_high=None))
    ('6,0 (1,5–23,9)', '∞ (≥ 2,6)')
    """
    if line.ratio_low is None:  # a suppressed line withholds its figures
        return "–"
    if line.ratio is None:
        return f"∞ (≥ {number(line.ratio_low)})"
    high = "∞" if line.ratio_high is None else number(line.ratio_high)
    return f"{number(line.ratio)} ({number(line.ratio_low)}–{high})"


def interval_points(value: float | None, low: float | None, high: float | None) -> str:
    """A share difference with its interval in percentage points, e.g. ``+12 (+3 tot +21)``; a dash when there is
    none.

    >>> interval_points(0.12, 0.03, 0.21), interval_points(None, None, None)
    ('+12 (+3 tot +21)', '–')
    """
    if value is None or low is None or high is None:
        return "–"
    return f"{value * 100:+.0f} ({low * 100:+.0f} tot {high * 100:+.0f})"


def link(path: str, query: dict[str, str] | None = None, root: str = "") -> str:
    """A link to ``path`` (its segments quoted, ``/`` kept) with query parameters, under ``root``.

    >>> link("/cells/2026-11/NL/*/MBO 4/llo:wondzorg", {"region": "AM18"})
    '/cells/2026-11/NL/%2A/MBO%204/llo%3Awondzorg?region=AM18'
    """
    url = root + quote(path, safe="/")
    return f"{url}?{urlencode(query)}" if query else url


# Autoescape for every template, whatever its name (select_autoescape would skip *.html.j2): scraped titles and
# employers are shown, never run.
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True))
templates.env.filters.update(
    number=number,
    percent=percent,
    share=share_text,
    points=points,
    count=count,
    ratio=ratio,
    trend=trend_text,
    dutch=in_dutch,
)
templates.env.globals.update(link=link, interval_points=interval_points, metric_names=METRIC_NAMES)


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """A page rendered from ``template``."""
    return templates.TemplateResponse(request, template, context, status_code=status_code)
