"""Tests of core/html_text.py: plain text from the HTML of pages and item fields."""

from __future__ import annotations

from core.html_text import html_to_text


def test_html_to_text_keeps_blocks_and_drops_scripts():
    html = "<p>Intro <b>tekst</b></p><script>var x=1;</script><ul><li>Wondzorg</li><li>BIG</li></ul>Slot"
    assert html_to_text(html) == "Intro tekst\n- Wondzorg\n- BIG\nSlot"


def test_no_text_is_none():
    assert html_to_text("<div> </div>") is None and html_to_text(None) is None


def test_comments_and_skipped_elements_leave_the_text_after_them():
    html = "<p>Rijbewijs<!-- B? --> B</p><noscript>zet JavaScript aan</noscript>VCA<style>p {}</style><br>BHV"
    assert html_to_text(html) == "Rijbewijs B\nVCA\nBHV"


def test_markup_of_any_depth_and_after_the_document_end_is_read():
    deep = "<div>" * 5_000 + "Wondzorg" + "</div>" * 5_000  # deeper than Python's recursion limit
    assert html_to_text(deep) == "Wondzorg"
    assert html_to_text("<html><body><p>Functie</p></body></html><p>Wat vragen wij</p>") == "Functie\nWat vragen wij"


def test_broken_characters_are_replaced_not_fatal():
    assert html_to_text("<p>Verpleeg\ud800kundige</p>\x00") == "Verpleeg?kundige\n\ufffd"
    assert html_to_text("") is None and html_to_text("<!-- alleen commentaar -->") is None
