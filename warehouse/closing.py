"""When a crawl may close items: only on positive evidence that it saw the whole source and extracted it well.

A vacancy or offer is closed (``closed_at``) when a crawl of its source no longer finds it. A crawl that missed
items for another reason (a site redesign that breaks extraction, a crawl cut short, a raw items file that was
not found) would close what is still open, so a crawl closes items only when all of these hold:

1. its status is ``finished``: every page and sitemap was fetched and read, and no limit or timeout stopped it;
2. its raw items file was read whole (no unreadable line) and gave at least one item;
3. it loaded at least ``min_share`` (setting ``LLO_RADAR_CLOSE_MIN_SHARE``) of the items, and fetched at least
   that share of the pages, of the source's last healthy crawl (the last one that met these rules).

The outcome is stored on the crawl run: ``items_loaded``, ``closed_items`` (NULL: no evidence, nothing closed)
and ``closing_note`` (why not). docs/operations.md documents the rule.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import clock

from .load import close_missing
from .models import CrawlRun


def lacking_evidence(session: Session, run: CrawlRun, *, unreadable_lines: int, min_share: float) -> str | None:
    """Why ``run`` (its ``items_loaded`` set) is no evidence of a complete, healthy crawl; None when it is."""
    if run.status != "finished":
        return f"the crawl is {run.status}: it did not see the whole source"
    if unreadable_lines:
        return f"{unreadable_lines} lines of its raw items file could not be read"
    if not run.items_loaded:
        return "the crawl found no items"
    last = session.scalars(
        select(CrawlRun)
        .where(CrawlRun.source_id == run.source_id, CrawlRun.id != run.id, CrawlRun.closed_items.is_not(None))
        .where(CrawlRun.started_at <= run.started_at)
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return None
    checks = (("items", run.items_loaded, last.items_loaded), ("pages", run.pages_fetched, last.pages_fetched))
    for what, found, before in checks:
        if found < min_share * (before or 0):
            return (
                f"the crawl found {found} {what}, fewer than {min_share:.0%} of the {before} of the last healthy "
                f"crawl ({last.run_key})"
            )
    return None


def close_after_crawl(session: Session, run: CrawlRun, kind: str, *, unreadable_lines: int, min_share: float) -> int:
    """Close the items of the run's source it no longer found, when the run is evidence of a complete, healthy
    crawl; returns how many were closed and records the outcome on the run."""
    run.closing_note = lacking_evidence(session, run, unreadable_lines=unreadable_lines, min_share=min_share)
    if run.closing_note is not None:
        return 0
    closed = close_missing(session, kind, run.source_id, clock.as_utc(run.started_at))
    run.closed_items = (run.closed_items or 0) + closed
    return closed
