"""Where data comes from: configured sources and each crawl of them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Source(Base):
    """A crawled website: a job board, employer site or training provider."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, comment="Source name from the sources file")
    kind: Mapped[str] = mapped_column(String(20), comment="vacancy or offer")
    publisher_name: Mapped[str | None] = mapped_column(String(200))
    publisher_type: Mapped[str | None] = mapped_column(
        String(40), comment="job_board, employer_site, staffing_agency, mbo, hbo, wo, private_provider"
    )


class CrawlRun(Base):
    """One crawl of one source, with its outcome and counts."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    run_key: Mapped[str] = mapped_column(String(64), comment="Id shared by the sources crawled together")
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(20), comment="finished, partial or failed")
    items_scraped: Mapped[int] = mapped_column(default=0)
    items_dropped: Mapped[int] = mapped_column(default=0)
    pages_fetched: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    raw_path: Mapped[str | None] = mapped_column(String(500), comment="Raw items file (JSON lines)")
    items_loaded: Mapped[int | None] = mapped_column(comment="Items of the raw items file loaded; NULL: not loaded")
    closed_items: Mapped[int | None] = mapped_column(
        comment="Items the crawl closed; NULL: no evidence of a complete, healthy crawl (docs/operations.md)"
    )
    closing_note: Mapped[str | None] = mapped_column(String(300), comment="Why the crawl closed nothing")
