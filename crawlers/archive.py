"""Read the page archive of a crawl (``page_archive.py``) and extract items from it again, offline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from scrapy.http import HtmlResponse
from warcio.archiveiterator import ArchiveIterator

from core.files import replaced_whole

from .extraction import NoItemFound, extract_item
from .items import item_key, missing_field
from .page_archive import PAGE_HEADER, WARC_FILE
from .problems import Problem
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
    """Archived pages in fetch order (none when the folder has no archive)."""
    path = directory / WARC_FILE
    if not path.exists():
        return
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            headers = record.rec_headers
            content_type = record.http_headers.get_header("Content-Type")
            url = headers.get_header("WARC-Target-URI")
            status = int(record.http_headers.get_statuscode())
            response = HtmlResponse(
                url=url,
                status=status,
                headers={"Content-Type": content_type} if content_type else {},
                body=record.content_stream().read(),
            )
            fetched_at = headers.get_header("WARC-Date").replace("Z", "+00:00")
            yield ArchivedPage(url, status, fetched_at, headers.get_header(PAGE_HEADER) or "other", response)


def rescrape(directory: Path, source: SourceConfig, out_path: Path) -> tuple[int, list[Problem]]:
    """Extract the items of a source's archived detail pages into ``out_path`` (JSON lines, replaced).

    Returns the number of items written and the problems met, recorded as the live crawl records them: a page
    without an item (``no_item``), an item missing a required field (``dropped_item``) and a page whose
    extraction raised an error (``parse_error``, e.g. a ``RecursionError`` on deeply nested markup); each is
    skipped and the others go on. The items keep their original fetch time.
    """
    items, problems = {}, []
    for page in read_archive(directory):
        if page.page != "parse_detail" or page.status >= 400:
            continue
        try:
            item = extract_item(page.response, source)
        except NoItemFound as exc:
            problems.append(Problem(page.url, "no_item", str(exc)))
            continue
        except Exception as exc:  # the live crawl records a callback's error the same way and goes on
            problems.append(Problem(page.url, "parse_error", f"{type(exc).__name__}: {exc}"[:300]))
            continue
        if name := missing_field(item):
            problems.append(Problem(page.url, "dropped_item", f"missing {name} ({page.url})"))
            continue
        item.fetched_at = page.fetched_at
        items[item_key(item)] = item  # a page fetched twice counts once, latest fetch wins
    with replaced_whole(out_path) as out:
        for item in items.values():
            out.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
    return len(items), problems
