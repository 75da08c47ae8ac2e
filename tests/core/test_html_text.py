"""Tests of core/html_text.py: plain text from the HTML of pages and item fields."""

from __future__ import annotations

from core.html_text import html_to_text


def test_html_to_text_keeps_blocks_and_drops_scripts():
    html = "<p>Intro <b>tekst</b></p><script>var x=1;</script><ul><li>Wondzorg</li><li>BIG</li></ul>Slot"
    assert html_to_text(html) == "Intro tekst\n- Wondzorg\n- BIG\nSlot"


def test_no_text_is_none():
    assert html_to_text("<div> </div>") is None and html_to_text(None) is None
