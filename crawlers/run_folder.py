"""A crawl run and its folder, which the crawlers own and every later stage reads.

One folder per run (``<runs dir>/<run key>/``) holds, per source, the raw items (``<source>.jsonl``), the crawl
summary (``<source>.summary.json``), the problems per URL (``<source>.problems.jsonl``), the page archive
(``pages/<source>/``), the crawl log, and the records the nlp stage writes beside them
(``<source>.analysed.jsonl``); and ``manifest.json``, the ``CrawlRun`` that describes the run: its key, the sources
file, and each source's ``CrawlOutcome``. The manifest keeps paths relative to the folder, so a run reads the same
from any working folder or machine. The run key is the moment the run started, so keys sort in time order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Literal

from core import clock
from core.files import replaced_whole

from .exceptions import NotACrawlRun

MANIFEST = "manifest.json"
Status = Literal["finished", "partial", "failed"]


CRAWL_COUNTS = ("pages", "items", "unusable", "unseen")
"""The names every summary of a crawl (terminal, Prefect artifact) shows its counts by: pages fetched, items
scraped, pages or items that gave no usable item, pages that could not be fetched."""


@dataclass(kw_only=True)
class CrawlOutcome:
    """How one source's crawl went."""

    source: str
    kind: Literal["vacancy", "offer"]
    status: Status
    """``finished``: complete; ``partial``: stopped early or with errors; ``failed``: nothing usable."""
    started_at: dt.datetime
    finished_at: dt.datetime
    raw_path: Path
    """The items file (JSON lines)."""
    items_scraped: int = 0
    items_dropped: int = 0
    """Items dropped by pipelines plus pages without a usable item."""
    pages_fetched: int = 0
    errors: int = 0
    """Pages or sitemaps that could not be fetched or read (after retries): the crawl did not see everything."""
    problems: dict[str, int] = field(default_factory=dict)
    """Problem reason → number of URLs (see ``crawlers/problems.py``)."""
    finish_reason: str | None = None
    problem: str | None = None
    """Why the crawl failed or is partial, in one sentence."""

    def counts(self) -> dict[str, int]:
        """The crawl's counts by the names of ``CRAWL_COUNTS``."""
        values = (self.pages_fetched, self.items_scraped, self.items_dropped, self.errors)
        return dict(zip(CRAWL_COUNTS, values, strict=True))


def items_path(folder: Path, source: str) -> Path:
    """Where a crawl writes a source's raw items (JSON lines)."""
    return folder / f"{source}.jsonl"


def analysed_path(folder: Path, source: str) -> Path:
    """Where the nlp stage writes the analysed records of a source's items (JSON lines)."""
    return folder / f"{source}.analysed.jsonl"


def archive_dir(folder: Path, source: str) -> Path:
    """Where a crawl keeps a source's fetched pages."""
    return folder / "pages" / source


def problems_path(folder: Path, source: str) -> Path:
    """Where a crawl records a source's problems per URL."""
    return folder / f"{source}.problems.jsonl"


def summary_path(folder: Path, source: str) -> Path:
    """Where a crawl writes a source's summary (finish reason and Scrapy stats)."""
    return folder / f"{source}.summary.json"


@dataclass
class CrawlRun:
    """One crawl run: the sources crawled together into one folder, and how each crawl went."""

    key: str
    folder: Path
    """The run folder, absolute."""
    sources_file: Path
    crawls: list[CrawlOutcome]

    @classmethod
    def start(cls, runs_dir: Path, sources_file: Path) -> CrawlRun:
        """A new run with an empty folder; its key is the start time, with a suffix when another run started at
        the same moment (as under a pinned clock)."""
        stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
        runs_dir.mkdir(parents=True, exist_ok=True)
        for number in itertools.count(1):
            key = stamp if number == 1 else f"{stamp}-{number:03d}"  # sorts after the plain stamp, and in order
            try:
                (runs_dir / key).mkdir()
            except FileExistsError:
                continue
            return cls(key, (runs_dir / key).resolve(), Path(sources_file).resolve(), [])
        raise AssertionError("unreachable")

    @classmethod
    def read(cls, folder: Path) -> CrawlRun:
        """The run described by a folder's manifest, its paths made absolute."""
        path = folder / MANIFEST
        if not path.exists():
            raise NotACrawlRun(f"{folder} is not a crawl run folder (no {MANIFEST})")
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            crawls = [_outcome(entry, folder.resolve()) for entry in manifest["sources"]]
            return cls(manifest["run_key"], folder.resolve(), Path(manifest["sources_file"]), crawls)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise NotACrawlRun(f"Cannot read the crawl run's manifest {path}: {exc}") from exc

    @classmethod
    def latest(cls, runs_dir: Path) -> CrawlRun:
        """The most recent run in ``runs_dir``."""
        folders = sorted(path.parent for path in runs_dir.glob(f"*/{MANIFEST}"))
        if not folders:
            raise NotACrawlRun(f"No crawl run found in {runs_dir}; run 'llo-radar crawl' first")
        return cls.read(folders[-1])

    def write(self) -> None:
        """Write the manifest (whole or not at all)."""
        manifest = {
            "run_key": self.key,
            "sources_file": str(self.sources_file),
            "sources": [{**asdict(crawl), "raw_path": self._relative(crawl.raw_path)} for crawl in self.crawls],
        }
        with replaced_whole(self.folder / MANIFEST) as handle:
            json.dump(manifest, handle, indent=1, default=str)

    def analysed_path(self, source: str) -> Path:
        return analysed_path(self.folder, source)

    def archive_dir(self, source: str) -> Path:
        return archive_dir(self.folder, source)

    def problems_path(self, source: str) -> Path:
        return problems_path(self.folder, source)

    def _relative(self, path: Path) -> str:
        """A path inside the folder relative to it; one outside it absolute."""
        try:
            return str(Path(path).resolve().relative_to(self.folder))
        except ValueError:
            return str(Path(path).resolve())


_MOMENTS = ("started_at", "finished_at")


def _outcome(entry: dict, folder: Path) -> CrawlOutcome:
    """A manifest entry read back as the outcome it was written from (unknown keys of other versions ignored)."""
    known = {field.name for field in fields(CrawlOutcome)}
    values = {name: value for name, value in entry.items() if name in known}
    values.update({name: dt.datetime.fromisoformat(entry[name]) for name in _MOMENTS})
    values["raw_path"] = folder / entry["raw_path"]  # an absolute path stays as it is
    return CrawlOutcome(**values)
