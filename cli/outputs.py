"""What analysts and opleiders read: the trace of a cell, the report, exports, factsheets and the dashboard."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from core.outside_text import for_terminal
from llo_radar import jobs
from llo_radar.exceptions import LloRadarError
from llo_radar.settings import Settings
from llo_radar.terminal import print_json, print_links, table
from warehouse.indicators.gaps import GapLine, skill_name

from .common import (
    DataDirOption,
    DbOption,
    ExportFormatChoice,
    JsonOption,
    PeriodOption,
    add_row,
    console,
    err_console,
    settings_for,
)

app = typer.Typer()


@app.command()
def trace(
    cell_id: Annotated[
        str, typer.Argument(help="An indicator cell: period/region/sector/level/skill (column cell_id of v_skill_gap).")
    ],
    as_json: JsonOption = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Show the jobs (with all their vacancies) and offers behind one indicator cell."""
    found = jobs.trace(settings_for(db, data_dir), cell_id)
    if as_json:
        print_json(found)
        return
    cell = found.cell
    if isinstance(cell, GapLine):
        where = f"sector {cell.sector_code}, level {cell.education_level}"
    else:
        where = f"occupation {cell.isco_code} {cell.occupation}"
    console.print(
        for_terminal(
            f"Cell {cell.cell_id}: {skill_name(cell.skill, linked=cell.skill_linked)} in {cell.region}, {where}, "
            f"{cell.period}: demand {cell.demand} jobs, supply {cell.supply} offers."
        )
    )
    vacancies = [(job.job_id, vacancy) for job in found.jobs for vacancy in job.vacancies]
    title = f"{len(found.jobs)} jobs, {len(vacancies)} vacancies"
    listed = table("Job", "Vacancy", "Title", "Employer", "Duplicate", "URL", title=title)
    for number, (job_id, v) in enumerate(vacancies, start=1):
        add_row(listed, job_id, v.vacancy_id, v.title, v.employer, v.duplicate_reason, f"[{number}]")
    console.print(listed)
    print_links(console, ((str(number), v.url) for number, (_, v) in enumerate(vacancies, start=1)))
    offers = table("Offer", "Title", "Provider", "Mode", "URL", title=f"{len(found.offers)} offers")
    for number, o in enumerate(found.offers, start=1):
        add_row(offers, o.offer_id, o.title, o.provider, o.mode, f"[o{number}]")
    console.print(offers)
    print_links(console, ((f"o{number}", o.url) for number, o in enumerate(found.offers, start=1)))


@app.command()
def report(
    period: PeriodOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="HTML file to write.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Print the largest gaps and write the HTML report."""
    from llo_radar.reports import print_report

    gap_report, path = jobs.report(settings_for(db, data_dir), period, output)
    if as_json:
        print_json(gap_report)
    else:
        print_report(gap_report, path, console)


@app.command()
def export(
    view: Annotated[
        str,
        typer.Argument(
            help="View to export: v_vacancy_skills, v_offer_skills, v_offer_locations, v_skill_gap, "
            "v_occupation_profile."
        ),
    ],
    where: Annotated[list[str] | None, typer.Option("--where", help="Filter COLUMN=VALUE (repeatable).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; CSV default: standard output.")
    ] = None,
    fmt: Annotated[
        ExportFormatChoice, typer.Option("--format", help="csv, parquet or json (an array of rows).")
    ] = ExportFormatChoice.csv,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Export an analyst view as CSV, Parquet or JSON, filtered on column values."""
    filters = {}
    for condition in where or []:
        column, sep, value = condition.partition("=")
        if not sep:
            raise LloRadarError(f"--where takes COLUMN=VALUE, not {condition!r}")
        filters[column.strip()] = value.strip()
    count = jobs.export_view(settings_for(db, data_dir), view, filters, fmt.value, output)
    if output is not None:
        err_console.print(f"{count} rows of {for_terminal(view)} written to {for_terminal(output)}")


@app.command()
def dashboard(
    host: Annotated[str | None, typer.Option(help="Address to listen on (env LLO_RADAR_DASHBOARD_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (env LLO_RADAR_DASHBOARD_PORT).")] = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Serve the dashboard over the warehouse, read-only: map, shortages and surpluses, skills, regions, occupations,
    the evidence behind every figure, factsheets (HTML and PDF) and a JSON API (docs at /api/docs)."""
    from llo_radar.dashboard.app import dashboard_app
    from llo_radar.dashboard.server import serve as serve_app

    settings = Settings.overridden(database_url=db, data_dir=data_dir, dashboard_host=host, dashboard_port=port)
    app_ = dashboard_app(settings)
    address = f"http://{settings.dashboard_host}:{settings.dashboard_port}"
    console.print(f"LLO Radar dashboard: {address}/ (JSON API: {address}/api/docs). Stop with Ctrl+C.", soft_wrap=True)
    serve_app(app_, settings.dashboard_host, settings.dashboard_port)


class FactsheetKind(enum.StrEnum):
    """What a factsheet is about."""

    region = "region"
    provider = "provider"


@app.command()
def factsheet(
    kind: Annotated[FactsheetKind, typer.Argument(help="region (an arbeidsmarktregio or any region) or provider.")],
    subject: Annotated[str, typer.Argument(help="Region code (AM18) or the subscribed opleider's name.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .html or .pdf.")],
    period: PeriodOption = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Write a factsheet with duiding (the largest gaps, trends, what the evidence says, what to do) as HTML or
    PDF; its links point at the dashboard's public URL (LLO_RADAR_DASHBOARD_URL)."""
    from llo_radar.factsheets.printing import write_factsheet

    write_factsheet(settings_for(db, data_dir), kind.value, subject, output, period)
    console.print(f"Factsheet written to {for_terminal(output)}", soft_wrap=True)
