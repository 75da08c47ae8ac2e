"""What analysts read: exported views, the evidence behind a cell and the gap report."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from sqlalchemy import MetaData, Table, select

from core.files import replaced_whole
from warehouse.indicators.gaps import latest_periods
from warehouse.periods import parse_period
from warehouse.views import VIEWS

from ..dashboard.figures import Evidence, evidence
from ..exceptions import LloRadarError, NoData
from ..export import ROW_GROUP, ExportFormat, filter_value, write_csv, write_json, write_parquet
from ..reports import GapReport, build_report, write_html
from ..settings import Settings
from .database import open_warehouse, warehouse_engine


def export_view(
    settings: Settings, view: str, filters: dict[str, str], fmt: ExportFormat = "csv", output: Path | None = None
) -> int:
    """Write a view, rows filtered on ``column = value``, as CSV or JSON (to ``output`` or standard output) or
    Parquet (to ``output``); returns the number of rows."""
    if view not in VIEWS:
        raise LloRadarError(f"Unknown view {view!r}; the views are: {', '.join(VIEWS)}")
    if fmt == "parquet" and output is None:
        raise LloRadarError("Parquet export needs a file: add --output FILE.parquet")
    engine = warehouse_engine(settings)
    table = Table(view, MetaData(), autoload_with=engine)
    unknown = sorted(set(filters) - set(table.columns.keys()))
    if unknown:
        raise LloRadarError(
            f"View {view} has no column {', '.join(unknown)}; it has: {', '.join(table.columns.keys())}"
        )
    values = {name: filter_value(table.columns[name], value) for name, value in filters.items()}
    query = select(table).where(*(table.columns[name] == value for name, value in values.items()))
    columns = list(table.columns)
    protect = settings.csv_protect_formulas
    with engine.connect() as connection:
        rows = connection.execution_options(yield_per=ROW_GROUP).execute(query)
        if fmt == "parquet":
            assert output is not None  # checked above, before the warehouse was opened
            return write_parquet(columns, rows, output)
        write = write_json if fmt == "json" else partial(write_csv, protect_formulas=protect)
        if output is None:
            return write(columns, rows, sys.stdout)
        with replaced_whole(output, newline="") as handle:
            return write(columns, rows, handle)


def trace(settings: Settings, cell_id: str) -> Evidence:
    """The cell (``v_skill_gap.cell_id``) with its figures and the jobs, vacancies and offers behind it, small
    cells included."""
    sessions = open_warehouse(settings)
    with sessions() as session:
        return evidence(session, cell_id, small="keep")


def report(settings: Settings, period: str | None = None, output: Path | None = None) -> tuple[GapReport, Path]:
    """Build the gap report of ``period`` (default: the latest month) and write it as HTML; returns it and the
    path. A period that is no period label, or that was never aggregated, is refused and nothing is written."""
    label = parse_period(period).label if period is not None else None  # a label is also a safe file name
    sessions = open_warehouse(settings)
    with sessions() as session:
        if label is None:
            latest = latest_periods(session, ("month",))
            if not latest:
                raise NoData("The warehouse holds no jobs yet; run the pipeline first")
            label = latest[0].label
        gap_report = build_report(session, label, limit=settings.report_limit)
    if gap_report.cells == 0:
        raise NoData(f"No indicator cells of {label} are stored: run 'llo-radar aggregate --period {label}' first")
    output = output or settings.reports_dir / f"skill-gaps-{label}.html"
    write_html(gap_report, output)
    return gap_report, output
