"""Output for the terminal: tables that are never cut, URLs printed whole, and JSON for every listing.

Rich shortens a cell that does not fit its column to "…" unless told otherwise; these tables fold such cells onto
more lines instead, so no value is lost however narrow the terminal. URLs do not go into table cells (folded, they
could not be clicked or copied): ``print_links`` prints them whole, one per line, after the table that refers to
them by number. ``print_json`` writes what a listing shows as one JSON document for scripts and BI tools.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic_core import to_jsonable_python
from rich.console import Console
from rich.table import Column, Table


def table(*headers: str, title: str | None = None, numeric: Iterable[str] = ()) -> Table:
    """A table whose cells wrap and fold rather than end in "…". The first column (what a row is about) and the
    ``numeric`` ones (right-aligned) get their full width first; only when the terminal is too narrow even for them
    are they folded too."""
    right = set(numeric)
    columns = [
        Column(
            header,
            overflow="fold",
            no_wrap=number == 0 or header in right,
            justify="right" if header in right else "left",
        )
        for number, header in enumerate(headers)
    ]
    return Table(*columns, title=title, title_justify="left", header_style="bold")


def print_links(console: Console, links: Iterable[tuple[str, str]]) -> None:
    """Print ``[reference] URL`` lines, each URL whole on its line (the terminal may wrap it, never Rich)."""
    for reference, url in links:
        console.print(f"[{reference}] {url}", soft_wrap=True, markup=False, highlight=False)


def to_json(value: Any) -> str:
    """``value`` (dataclasses, pydantic models, lists and dicts of them; dates in ISO 8601) as JSON text."""
    return json.dumps(to_jsonable_python(value), ensure_ascii=False, indent=2)


def print_json(value: Any) -> None:
    """Print ``value`` as one JSON document on standard output, without any styling."""
    print(to_json(value))
