"""``auto`` extraction, for pages without configured selectors: schema.org data when the page has it, else the
main text (trafilatura) with heuristics for title, location and date. Items found from the main text are
marked ``confidence="low"``.
"""

from __future__ import annotations

import re

import trafilatura
from itemloaders import ItemLoader
from scrapy.http import TextResponse

from ..processors import parse_postcode
from . import structured
from .fields import add_field

# A line start is the newline before it: the pattern is searched in "\n" + text, as re scans for a leading
# newline in C but tries a pattern that starts with "^" at every position of the text (three times as slow).
_LABELLED_LOCATION = re.compile(
    r"\n\s*(?:standplaats|locatie|werklocatie|werkplek|plaats|vestiging|lesplaats|cursuslocatie)\s*:\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# "[1-9](?<!\w.)" is "\b[1-9]" put so that the pattern starts with a character class, which re scans for in C;
# a pattern starting with "\b" is tried at every position of the text (three times as slow).
_POSTCODE_PLACE = re.compile(r"[1-9](?<!\w.)[0-9]{3}\s?[A-Z]{2}\s+([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*)")


def fill(loader: ItemLoader, response: TextResponse, kind: str) -> str | None:
    """Fill ``loader``; returns the method that found the item (``structured`` or ``text``), or None."""
    if structured.fill(loader, response, kind):
        return "structured"
    document = trafilatura.bare_extraction(
        response.text, url=response.url, with_metadata=True, include_comments=False, favor_precision=True
    )
    if document is None or not document.text:
        return None
    title = document.title or response.css("h1 ::text").get()
    if not title:
        return None
    add_field(loader, "title", title)
    add_field(loader, "description", document.text)
    location = guess_location(document.text)
    if kind == "vacancy":
        add_field(loader, "location", location)
        add_field(loader, "date_posted", document.date)
    else:
        add_field(loader, "locations", location)
        add_field(loader, "provider", document.sitename)
    return "text"


def guess_location(text: str) -> str | None:
    """A location from a labelled line ("Standplaats: Tilburg") or a postcode followed by a place.

    >>> guess_location("Functie\\nStandplaats: Tilburg\\nWat ga je doen"), guess_location("Kantoor: 5038 AB Tilburg")
    ('Tilburg', '5038 AB Tilburg')
    """
    if match := _LABELLED_LOCATION.search("\n" + text):
        return match.group(1)
    if match := _POSTCODE_PLACE.search(text):
        return f"{parse_postcode(match.group(0))} {match.group(1)}"
    return None
