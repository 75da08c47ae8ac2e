"""Text from outside (scraped pages, replies of remote servers, values in files and settings) made safe for the
place it goes to, in one place:

- ``plain_text``: stored and sent text: control characters, escape sequences, bidirectional overrides and lone
  surrogates removed, optionally one line and cut to a length;
- ``for_terminal``: text printed by Rich: control characters shown as ``\\x1b`` instead of acting on the
  terminal, and Rich markup (``[/]``, ``[bold]``) escaped so that it is shown, not interpreted;
- ``csv_cell``: a CSV value that spreadsheet programs show as text instead of running it as a formula.

HTML is escaped by Jinja's autoescape in the templates that write it.
"""

from __future__ import annotations

import re

from rich.markup import escape

_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
"""C0 and C1 controls but tab, line feed and carriage return; DEL; bidirectional embeddings, overrides and
isolates (they reorder what a reader sees); lone surrogates (not encodable as UTF-8)."""
_CONTROL = re.compile(f"[{_CONTROLS}]")
_LINE_BREAKS = re.compile(r"\s*[\t\r\n\u2028\u2029]\s*")
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)?")
"""An ANSI escape sequence (CSI such as ``ESC[2J``, OSC such as a window title) or a lone ESC: removed whole."""
_TERMINAL_CONTROL = re.compile(f"[{_CONTROLS}\\t\\r]")

ELLIPSIS = "…"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel, LibreOffice and Google Sheets read a cell as a formula (OWASP)."""


def plain_text(value: str, *, limit: int | None = None, single_line: bool = False) -> str:
    """``value`` without escape sequences and control characters (tab and line breaks kept, or made one space
    when ``single_line``), cut to ``limit`` characters with an ellipsis.

    >>> plain_text("Kok\\x1b[2J\\x00 (m/v)")
    'Kok (m/v)'
    >>> plain_text("Kok\\r\\n  bij ons", single_line=True)
    'Kok bij ons'
    >>> plain_text("Verpleegkundige", limit=8)
    'Verplee…'
    """
    text = _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", value))
    if single_line:
        text = _LINE_BREAKS.sub(" ", text)
    if limit is not None and len(text) > limit:
        text = text[: max(limit - len(ELLIPSIS), 0)] + ELLIPSIS
    return text


def for_terminal(value: object) -> str:
    """``value`` as text for a Rich console: control characters shown as escapes, markup escaped.

    >>> for_terminal("Kok [/] \\x1b[2J")
    'Kok \\\\[/] \\\\x1b[2J'
    >>> for_terminal(None)
    ''
    """
    if value is None:
        return ""
    text = _TERMINAL_CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), str(value))
    return escape(text)


def csv_cell(value: object) -> object:
    """A CSV value: text that a spreadsheet would run as a formula gets a leading apostrophe, which spreadsheets
    show as text; numbers, dates and other values are left as they are.

    >>> csv_cell("=HYPERLINK(\\"http://x.example\\")"), csv_cell("-"), csv_cell(-5), csv_cell("Kok")
    ('\\'=HYPERLINK("http://x.example")', "'-", -5, 'Kok')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
