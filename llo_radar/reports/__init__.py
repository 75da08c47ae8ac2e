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

from warehouse.indicators.skill_gap import GapLine, read_gaps
from warehouse.models import MismatchResult, Offer, Source, Vacancy

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class GapReport:
    """Everything a gap report shows."""

    period: str
    generated_at: dt.datetime
    vacancies: int
    offers: int
    sources: int
    cells: int
    """Stored indicator rows of the period."""
    national_shortages: list[GapLine] = field(default_factory=list)
    """Largest demand-minus-supply per skill in the Netherlands, all sectors."""
    national_surpluses: list[GapLine] = field(default_factory=list)
    """Largest supply-minus-demand per skill in the Netherlands, all sectors."""
    shortages: list[GapLine] = field(default_factory=list)
    """Largest demand-minus-supply per skill × sector × arbeidsmarktregio."""


def build_report(session: Session, period: str, *, limit: int = 15) -> GapReport:
    """Read the stored indicator of ``period`` and the warehouse totals."""
    return GapReport(
        period=period,
        generated_at=dt.datetime.now(dt.UTC),
        vacancies=session.scalar(select(func.count(Vacancy.id))) or 0,
        offers=session.scalar(select(func.count(Offer.id))) or 0,
        sources=session.scalar(select(func.count(Source.id))) or 0,
        cells=session.scalar(select(func.count(MismatchResult.id)).where(MismatchResult.period == period)) or 0,
        national_shortages=read_gaps(session, period, national=True, limit=limit),
        national_surpluses=read_gaps(session, period, national=True, surplus=True, limit=limit),
        shortages=read_gaps(session, period, limit=limit),
    )


def gap_table(title: str, lines: list[GapLine], *, regional: bool = True) -> Table:
    """A rich table of gap lines; ``regional`` adds the sector and region columns."""
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("Vaardigheid", no_wrap=True, overflow="ellipsis", max_width=30)
    if regional:
        table.add_column("Sector", no_wrap=True, overflow="ellipsis", max_width=18)
        table.add_column("Regio", no_wrap=True, overflow="ellipsis", max_width=18)
    for header in ("Vraag", "Aanbod", "V/A", "Gat"):
        table.add_column(header, justify="right", no_wrap=True)
    for line in lines:
        ratio = "∞" if line.ratio is None else f"{line.ratio:.1f}"
        place = [f"{line.sector_code} {line.sector}", line.region] if regional else []
        table.add_row(line.skill, *place, str(line.demand), str(line.supply), ratio, f"{line.gap:+d}")
    return table


def render_html(report: GapReport) -> str:
    """The report as a self-contained HTML page."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("gap_report.html.j2").render(report=report)


def write_html(report: GapReport, path: Path) -> None:
    """Write the HTML report to ``path`` (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")


def print_report(report: GapReport, path: Path, console: Console | None = None) -> None:
    """Print the report's tables and where the HTML file is."""
    console = console or Console()
    period = report.period
    console.print(gap_table(f"Grootste tekorten in Nederland, {period}", report.national_shortages, regional=False))
    console.print(gap_table(f"Grootste overschotten in Nederland, {period}", report.national_surpluses, regional=False))
    console.print(gap_table(f"Grootste tekorten per sector en arbeidsmarktregio, {period}", report.shortages))
    console.print(f"Rapport: {path.resolve()}")
