"""``auto`` extraction, for pages without configured selectors: schema.org data when the page has it, else the
main text (trafilatura) with heuristics for title, location and date. Items found from the main text are
marked ``confidence="low"``.
"""

from __future__ import annotations

import trafilatura
from itemloaders import ItemLoader
from scrapy.http import TextResponse
from trafilatura.settings import Document

from core.dutch.places import find_places, gemeente_places

from ..items import ExtractionMethod
from . import structured
from .fields import add_field


def fill(loader: ItemLoader, response: TextResponse, kind: str) -> ExtractionMethod | None:
    """Fill ``loader``; returns the method that found the item (``structured`` or ``text``), or None."""
    if structured.fill(loader, response, kind):
        return ExtractionMethod.STRUCTURED
    document = trafilatura.bare_extraction(
        response.text, url=response.url, with_metadata=True, include_comments=False, favor_precision=True
    )
    # Typed to return a dict as well, which it does only when asked by its deprecated as_dict argument.
    if not isinstance(document, Document) or not document.text:
        return None
    title = document.title or response.css("h1 ::text").get()
    if not title:
        return None
    add_field(loader, "title", title)
    add_field(loader, "description", document.text)
    # The places the text names for the work (core.dutch.places): a labelled one, one in the title, else the first
    # one the text gives as a place; never the company's address.
    places = gemeente_places(find_places(f"{title}\n{document.text}", headline_end=len(title)))
    if kind == "vacancy":
        add_field(loader, "location", places[0].text if places else None)
        add_field(loader, "date_posted", document.date)
    else:
        for place in places:
            add_field(loader, "locations", place.text)
        add_field(loader, "provider", document.sitename)
    return ExtractionMethod.TEXT
