"""Tests of core/outside_text.py: outside text made safe for the terminal, CSV and stored text."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from core.outside_text import csv_cell, for_terminal, plain_text

SHOWN = {
    "[/]": "[/]",
    "[bold red]rood[/bold red]": "[bold red]rood[/bold red]",
    "Kok\x1b[2J\x1b]0;titel\x07": "Kok\\x1b[2J\\x1b]0;titel\\x07",
    "a\\": "a\\\\",  # a trailing backslash is doubled (Rich's escape), so it cannot escape the markup after it
    "\u202egnirts": "\\u202egnirts",
    "\x00\x9b31m": "\\x00\\x9b31m",
}
"""Outside text → what the terminal shows of it."""
HOSTILE = list(SHOWN)


@pytest.mark.parametrize(("text", "shown"), SHOWN.items())
def test_the_terminal_shows_outside_text_and_nothing_acts_on_it(text, shown):
    console = Console(file=io.StringIO(), width=200, force_terminal=True, color_system=None)
    console.print(f"[bold]Titel:[/bold] {for_terminal(text)} [italic]einde[/italic]")
    assert console.file.getvalue() == f"Titel: {shown} einde\n"


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_keeps_no_control_characters(text):
    assert all(character.isprintable() or character in "\n\t" for character in plain_text(text))


CELLS = [("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("@SUM(A1)", "'@SUM(A1)"), ("-", "'-"), ("\tx", "'\tx"),
         ("Kok", "Kok"), (-3, -3), (None, None)]  # fmt: skip


@pytest.mark.parametrize(("value", "cell"), CELLS)
def test_csv_cells_never_start_a_formula(value, cell):
    assert csv_cell(value) == cell
