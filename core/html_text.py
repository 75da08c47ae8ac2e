"""Plain text from HTML: the one conversion crawlers (item fields) and nlp (texts that still hold markup) share.

The text is written as lxml's HTML parser reads the markup (a parser target: no tree is built), which gives
BeautifulSoup's text over the same parser at a sixth of the cost; a crawl converts every page's description
(bench/crawl_throughput.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from lxml import etree

if TYPE_CHECKING:
    from lxml.etree import ParserTarget

_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr", "table", "dd", "dt"}
)


def html_to_text(value: str | None) -> str | None:
    """Plain text from an HTML fragment, one line per block element and list item.

    >>> html_to_text("<h3>Wat vragen wij?</h3><ul><li>VCA</li><li>Rijbewijs&nbsp;B</li></ul>")
    'Wat vragen wij?\\n- VCA\\n- Rijbewijs B'
    """
    if value is None:
        return None
    target = _TextParts()
    # The target leaves out the handlers the stubs list as part of the protocol: the parser drops what they'd get.
    parser = etree.HTMLParser(target=cast("ParserTarget[None]", target), recover=True)
    # Lone surrogates (a broken escape in a page's JSON) cannot be parsed: replaced, as a browser shows them.
    parser.feed(str(value).encode("utf-8", "replace").decode("utf-8"))
    try:
        parser.close()
    except etree.XMLSyntaxError:  # no markup at all: an empty string
        return None
    lines = (" ".join(line.split()) for line in "".join(target.parts).splitlines())
    text = "\n".join(line for line in lines if line)
    return text or None


class _TextParts:
    """A parser target collecting the text in document order, with line breaks around blocks. Comments,
    processing instructions and doctypes have no handler here, so the parser drops them."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._skipped_depth = 0  # > 0 inside a script, style, noscript or template

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self._skipped_depth or tag in _SKIPPED_TAGS:
            self._skipped_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def end(self, tag: str) -> None:
        if self._skipped_depth:
            self._skipped_depth -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def data(self, text: str) -> None:
        if not self._skipped_depth:
            self.parts.append(text)

    def close(self) -> None:
        """Nothing to return: the caller reads ``parts``."""
