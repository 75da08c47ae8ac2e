"""``selectors`` extraction: per-field CSS or XPath selectors from the sources file."""

from __future__ import annotations

from itemloaders import ItemLoader
from scrapy.http import TextResponse

from ..sources import XPATH_PREFIX
from .fields import add_field

_HTML_FIELDS = frozenset({"description"})


def fill(loader: ItemLoader, response: TextResponse, selectors: dict[str, str]) -> bool:
    """Fill ``loader`` from ``selectors``; True when a title was found.

    Selectors select elements; the ``description`` keeps their HTML (cleaned later), other fields take the
    elements' text. Selectors of text or attributes (``::text``, ``::attr(x)``, ``text()``, ``@x``) give
    their value as it is.
    """
    for name, selector in selectors.items():
        nodes = (
            response.xpath(selector.removeprefix(XPATH_PREFIX))
            if selector.startswith(XPATH_PREFIX)
            else response.css(selector)
        )
        if name in _HTML_FIELDS:
            values = ["\n".join(nodes.getall())] if nodes else []
        else:
            values = [_text(node) for node in nodes]
            values = [value for value in values if value]
        many = name in ("locations", "start_dates", "funding")
        for value in values if many else values[:1]:
            add_field(loader, name, value)
    return bool(loader.get_collected_values("title"))


def _text(node) -> str:
    """A text or attribute node's value, or an element's text content."""
    if isinstance(node.root, str):
        return node.root.strip()
    return " ".join(" ".join(node.xpath(".//text()").getall()).split())
