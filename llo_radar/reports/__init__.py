"""Gap reports: the largest shortages and surpluses of a period, as a rich table and an HTML file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import clock
from core.files import replaced_whole
from core.outside_text import for_terminal
from warehouse.indicators.gaps import GapLine, count_cells, read_gaps, skill_name
from warehouse.models import Job, Offer, Source, Vacancy
from warehouse.models.region import RegionLevel
from warehouse.reference import COUNTRY
from warehouse.wording import in_dutch

from ..terminal import table

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class GapReport:
    """Everything a gap report shows."""

    period: str
    generated_at: dt.datetime
    vacancies: int
    jobs: int
    """Unique jobs: vacancies less their duplicates."""
    offers: int
    sources: int
    cells: int
    """Stored indicator rows of the period."""
    small_cells: int
    """Of those, cells under the publication threshold, left out of the tables."""
    national_shortages: list[GapLine] = field(default_factory=list)
    """Largest demand-minus-supply per skill in the Netherlands, all sectors."""
    national_surpluses: list[GapLine] = field(default_factory=list)
    """Largest supply-minus-demand per skill in the Netherlands, all sectors."""
    shortages: list[GapLine] = field(default_factory=list)
    """Largest demand-minus-supply per skill × sector × arbeidsmarktregio."""
    by_level: list[GapLine] = field(default_factory=list)
    """Largest demand-minus-supply per skill × education level in the Netherlands."""


def build_report(session: Session, period: str, *, limit: int = 15) -> GapReport:
    """Read the stored indicator of ``period`` and the warehouse totals."""
    cells, small = count_cells(session, period)
    return GapReport(
        period=period,
        generated_at=clock.now(),
        vacancies=session.scalar(select(func.count(Vacancy.id))) or 0,
        jobs=session.scalar(select(func.count(Job.id))) or 0,
        offers=session.scalar(select(func.count(Offer.id))) or 0,
        sources=session.scalar(select(func.count(Source.id))) or 0,
        cells=cells,
        small_cells=small,
        national_shortages=read_gaps(session, period, region=COUNTRY, limit=limit),
        national_surpluses=read_gaps(session, period, region=COUNTRY, direction="surplus", limit=limit),
        shortages=read_gaps(session, period, region_level=RegionLevel.LABOUR_MARKET_REGION, sector=None, limit=limit),
        by_level=read_gaps(session, period, region=COUNTRY, education_level=None, limit=limit),
    )


def ratio_text(line: GapLine) -> str:
    """The ratio with its 95% interval, e.g. ``2.5 (1.1–5.9)``; without supply ``∞ (≥ 8.1)``: the interval's
    lower bound.

    >>> from types import SimpleNamespace as Line
    >>> ratio_text(Line(ratio=2.5, ratio_low=1.1, ratio_high=5.9))
    '2.5 (1.1–5.9)'
    >>> ratio_text(Line(ratio=None, ratio_low=2.6, ratio_high=None))
    '∞ (≥ 2.6)'
    """
    if line.ratio is None:
        return f"∞ (≥ {line.ratio_low:.1f})"
    high = "∞" if line.ratio_high is None else f"{line.ratio_high:.1f}"
    return f"{line.ratio:.1f} ({line.ratio_low:.1f}–{high})"


def trend_text(line: GapLine) -> str:
    """Demand change against the previous period, e.g. ``+25%``; ``nieuw`` when there was none (``–`` when there is
    none now either); ``geen vergelijking`` when the previous period was not observed from its start (crawling
    began later)."""
    if not line.comparable:
        return "geen vergelijking"
    if line.trend is not None:
        return f"{line.trend:+.0%}"
    return "nieuw" if line.demand else "–"


def gap_table(title: str, lines: list[GapLine], *, columns: tuple[str, ...] = ()) -> Table:
    """A rich table of gap lines (cells wrap, never cut); ``columns`` adds any of ``sector``, ``region`` and
    ``level``."""
    names = {"sector": "Sector", "region": "Regio", "level": "Niveau"}
    figures = ("Vraag", "Trend", "Aanbod", "V/A (95%)", "Gat")
    listed = table("Vaardigheid", *(names[column] for column in columns), *figures, title=title, numeric=figures)
    for line in lines:
        values = {
            "sector": f"{line.sector_code} {line.sector}",
            "region": line.region,
            "level": in_dutch(line.education_level),
        }
        cells = [
            skill_name(line.skill, linked=line.skill_linked), *(values[column] for column in columns), line.demand,
            trend_text(line), line.supply,
        ]  # fmt: skip
        listed.add_row(*map(for_terminal, [*cells, ratio_text(line), f"{line.gap:+d}"]))
    return listed


def render_html(report: GapReport) -> str:
    """The report as a self-contained HTML page."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters.update(ratio=ratio_text, trend=trend_text, dutch=in_dutch)
    return env.get_template("gap_report.html.j2").render(report=report)


def write_html(report: GapReport, path: Path) -> None:
    """Write the HTML report to ``path`` (folders created), whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replaced_whole(path) as handle:
        handle.write(render_html(report))


def print_report(report: GapReport, path: Path, console: Console | None = None) -> None:
    """Print the report's tables and where the HTML file is."""
    console = console or Console()
    period = report.period
    console.print(gap_table(f"Grootste tekorten in Nederland, {period}", report.national_shortages))
    console.print(gap_table(f"Grootste overschotten in Nederland, {period}", report.national_surpluses))
    console.print(
        gap_table(
            f"Grootste tekorten per sector en arbeidsmarktregio, {period}",
            report.shortages,
            columns=("sector", "region"),
        )
    )
    console.print(gap_table(f"Grootste tekorten per opleidingsniveau, {period}", report.by_level, columns=("level",)))
    console.print(
        f"{report.small_cells} van {report.cells} cellen rusten op minder dan 10 vacatures en opleidingen "
        f"en zijn weggelaten. Rapport: {for_terminal(path.resolve())}",
        soft_wrap=True,  # the path whole on its line
    )
