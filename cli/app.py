"""``llo-radar``: one command per stage, thin over ``llo_radar.jobs``; the commands live in the modules of this
package by what they do (``pipeline``, ``outputs``, ``skills``, ``gap_alerts``, ``operations``, ``demo``).

Errors of the domain (bad sources file, no crawl run, unreachable warehouse, ...) are printed as one sentence
and exit with status 1.
"""

from __future__ import annotations

import sys

import typer

from alerts.exceptions import AlertsError
from core import clock
from core.outside_text import for_terminal
from crawlers.exceptions import CrawlersError
from llo_radar.exceptions import LloRadarError
from nlp.errors import NlpError
from warehouse.exceptions import WarehouseError

from . import demo, gap_alerts, operations, outputs, pipeline, skills
from .common import err_console

app = typer.Typer(help="LLO Radar: skills demand (vacancies) and supply (training offers) in the Netherlands.")
for commands in (demo.app, pipeline.app, outputs.app, skills.app, operations.app):
    app.add_typer(commands)  # their commands at the top level
app.add_typer(skills.skills_app, name="skills")
app.add_typer(skills.taxonomy_app, name="taxonomy")
app.add_typer(gap_alerts.subscribe_app, name="subscribe")
app.add_typer(gap_alerts.alerts_app, name="alerts")
app.add_typer(operations.db_app, name="db")
app.add_typer(operations.sources_app, name="sources")


DOMAIN_ERRORS = (LloRadarError, CrawlersError, NlpError, WarehouseError, AlertsError, clock.BadMoment)
"""Errors whose message is already the one sentence the user reads."""


def one_sentence(error: Exception) -> str | None:
    """What failed, on which input and what to do next, for errors of the domain, the configuration, the
    warehouse and the file system; None for anything else (a bug: its traceback is shown)."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(error, DOMAIN_ERRORS):
        return str(error)
    if isinstance(error, OperationalError):
        return f"cannot use the warehouse: {_first_line(error.orig)}. Check --db / LLO_RADAR_DATABASE_URL."
    if isinstance(error, DBAPIError):
        return f"the warehouse refused the command: {_first_line(error.orig)}"
    if isinstance(error, OSError) and error.filename:
        return (
            f"cannot use {error.filename}: {error.strerror}. Check the paths given (--data-dir / "
            "LLO_RADAR_DATA_DIR, --output, ...) and their permissions."
        )
    return None


def _first_line(error: BaseException | None) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def main() -> None:
    """Entry point: run the app, turning errors of use into one sentence (``one_sentence``) and exit status 1."""
    try:
        clock.now()  # a badly pinned clock is reported before any work starts
        app()
    except Exception as error:
        sentence = one_sentence(error)
        if sentence is None:
            raise
        err_console.print(f"[red]Error:[/red] {for_terminal(sentence)}")
        sys.exit(1)
