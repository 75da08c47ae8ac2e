"""Read the page archive of a crawl (``middlewares/archive.py``) and extract items from it again, offline."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from scrapy.http import HtmlResponse

from .extraction import NoItemFound, extract_item
from .items import item_key
from .middlewares.archive import INDEX
from .sources import SourceConfig


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """One archived fetch."""

    url: str
    status: int
    fetched_at: str
    page: str
    """Callback that handled it: ``parse_detail``, ``parse_listing``, ..."""
    response: HtmlResponse


def read_archive(directory: Path) -> Iterator[ArchivedPage]:
    """Archived pages in fetch order."""
    index = directory / INDEX
    if not index.exists():
        return
    with index.open(encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            body = gzip.decompress((directory / entry["file"]).read_bytes())
            headers = {"Content-Type": entry["content_type"]} if entry["content_type"] else {}
            response = HtmlResponse(url=entry["url"], status=entry["status"], headers=headers, body=body)
            yield ArchivedPage(entry["url"], entry["status"], entry["fetched_at"], entry["page"], response)


def rescrape(directory: Path, source: SourceConfig, out_path: Path) -> tuple[int, int]:
    """Extract the items of a source's archived detail pages into ``out_path`` (JSON lines, replaced).

    Returns (items written, pages without an item). The items keep their original fetch time.
    """
    items, empty = {}, 0
    for page in read_archive(directory):
        if page.page != "parse_detail" or page.status >= 400:
            continue
        try:
            item = extract_item(page.response, source)
        except NoItemFound:
            empty += 1
            continue
        item.fetched_at = page.fetched_at
        items[item_key(item)] = item  # a page fetched twice counts once, latest fetch wins
    tmp_path = out_path.with_suffix(out_path.suffix + ".tmp")
    with tmp_path.open("w", encoding="utf-8") as out:
        for item in items.values():
            out.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
    tmp_path.replace(out_path)
    return len(items), empty
