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
    shortages: list[GapLine] = field(default_factory=list)
    """Largest demand-minus-supply per skill × sector × region."""
    surpluses: list[GapLine] = field(default_factory=list)
    """Largest supply-minus-demand per skill × region (all sectors)."""


def build_report(session: Session, period: str, *, limit: int = 15) -> GapReport:
    """Read the stored indicator of ``period`` and the warehouse totals."""
    return GapReport(
        period=period,
        generated_at=dt.datetime.now(dt.UTC),
        vacancies=session.scalar(select(func.count(Vacancy.id))) or 0,
        offers=session.scalar(select(func.count(Offer.id))) or 0,
        sources=session.scalar(select(func.count(Source.id))) or 0,
        cells=session.scalar(select(func.count(MismatchResult.id)).where(MismatchResult.period == period)) or 0,
        shortages=read_gaps(session, period, limit=limit),
        surpluses=read_gaps(session, period, surplus=True, by_sector=False, limit=limit),
    )


def gap_table(title: str, lines: list[GapLine]) -> Table:
    """A rich table of gap lines."""
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("Vaardigheid")
    table.add_column("Sector")
    table.add_column("Arbeidsmarktregio")
    table.add_column("Vraag", justify="right")
    table.add_column("Aanbod", justify="right")
    table.add_column("Vraag/aanbod", justify="right")
    table.add_column("Gat", justify="right")
    for line in lines:
        ratio = "∞" if line.ratio is None else f"{line.ratio:.1f}"
        sector = "alle" if line.sector_code == "*" else f"{line.sector_code} {line.sector}"
        table.add_row(line.skill, sector, line.region, str(line.demand), str(line.supply), ratio, f"{line.gap:+d}")
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
    console.print(gap_table(f"Grootste tekorten {report.period} (vraag − aanbod)", report.shortages))
    console.print(gap_table(f"Grootste overschotten {report.period}", report.surpluses))
    console.print(f"Rapport: {path.resolve()}")
