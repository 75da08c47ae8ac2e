"""Plain text from HTML: the one conversion crawlers (item fields) and nlp (texts that still hold markup) share."""

from __future__ import annotations

from collections.abc import Iterator

from bs4 import BeautifulSoup, NavigableString, Tag

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
    soup = BeautifulSoup(str(value), "lxml")
    lines = (" ".join(line.split()) for line in "".join(_text_parts(soup)).splitlines())
    text = "\n".join(line for line in lines if line)
    return text or None


def _text_parts(node: Tag) -> Iterator[str]:
    """Text of a tree in document order, with line breaks around blocks; one pass, no tree edits."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not comments, doctypes or CDATA
                yield str(child)
        elif not isinstance(child, Tag) or child.name in _SKIPPED_TAGS:
            continue
        elif child.name == "br":
            yield "\n"
        elif child.name in _BLOCK_TAGS:
            yield "\n- " if child.name == "li" else "\n"
            yield from _text_parts(child)
            yield "\n"
        else:
            yield from _text_parts(child)
