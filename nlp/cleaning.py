"""Make any input safe to analyse: HTML removed, invalid characters dropped, length capped; each repair is
flagged on the result, so a bad input gives a clear flag instead of a crash or silent noise."""

from __future__ import annotations

import re

from core.html_text import html_to_text

MAX_CHARS = 50_000
"""Longest text analysed; longer texts are cut (flag ``truncated``). Real vacancies stay far below."""
MAX_HEADLINE_CHARS = 1_000
"""Longest headline (title and category) analysed; a longer one is cut, so that no field of a page can take the
analysed text past spaCy's length limit."""

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ud800-\udfff]")


def prepare_text(text: str, max_chars: int = MAX_CHARS) -> tuple[str, list[str]]:
    """The text to analyse and the flags of what was repaired: ``html_removed``, ``invalid_characters``,
    ``truncated``, ``empty``.

    >>> prepare_text("<p>Kennis van <b>SQL</b></p>")
    ('Kennis van SQL', ['html_removed'])
    >>> prepare_text("Wond\\x00zorg \\ufffd")
    ('Wondzorg ', ['invalid_characters'])
    >>> prepare_text("   ")
    ('   ', ['empty'])
    """
    flags = []
    if _TAG.search(text):
        text = html_to_text(text) or ""
        flags.append("html_removed")
    if _INVALID.search(text):
        text = _INVALID.sub("", text)
        flags.append("invalid_characters")
    if len(text) > max_chars:
        text = text[:max_chars]
        flags.append("truncated")
    if not text.strip():
        flags.append("empty")
    return text, flags
