"""What the commands share: the consoles, the common options and how the settings are made from them."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from core.outside_text import for_terminal
from llo_radar.settings import Settings
from warehouse.periods import PERIOD_KINDS

console = Console()


err_console = Console(stderr=True, soft_wrap=True)  # one sentence, never wrapped


DbOption = Annotated[
    str | None, typer.Option("--db", help="Warehouse SQLAlchemy URL (env LLO_RADAR_DATABASE_URL).", show_default=False)
]


DataDirOption = Annotated[
    Path | None, typer.Option("--data-dir", help="Data folder (env LLO_RADAR_DATA_DIR).", show_default=False)
]


SourcesOption = Annotated[
    Path | None, typer.Option("--sources", help="Sources file (env LLO_RADAR_SOURCES_FILE).", show_default=False)
]


# The members come from PERIOD_KINDS, which mypy cannot read from the functional Enum API.
PeriodKindChoice = enum.Enum("PeriodKindChoice", {kind: kind for kind in PERIOD_KINDS}, type=str)  # type: ignore[misc]


ExportFormatChoice = enum.Enum("ExportFormatChoice", {"csv": "csv", "parquet": "parquet", "json": "json"}, type=str)


JsonOption = Annotated[bool, typer.Option("--json", help="Print the listing as JSON instead of tables.")]


PeriodOption = Annotated[
    str | None,
    typer.Option("--period", help="Month 2026-11, week 2026-W47 or quarter 2026-Q4; default: latest month."),
]


def settings_for(db: str | None = None, data_dir: Path | None = None, sources: Path | None = None) -> Settings:
    """The settings of the environment, with the options given on the command line."""
    return Settings.overridden(database_url=db, data_dir=data_dir, sources_file=sources)


def add_row(table: Table, *values: object) -> None:
    """Add a row of values that may come from outside (web pages, remote servers, files): shown as they are,
    never read as Rich markup or as terminal control sequences; None shows empty."""
    table.add_row(*(for_terminal(value) for value in values))
