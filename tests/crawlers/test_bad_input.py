"""Bad input while crawling: every problem is recorded per URL with a reason, counted, and the crawl goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawlers.runner import crawl_sources
from tests.records import source_entry, write_sources

from .hostile_site import HostileSite

FAST_RETRIES = {
    "RETRY_TIMES": "1",
    "LLO_RADAR_RETRY_BACKOFF_BASE": "0.05",
    "DOWNLOAD_TIMEOUT": "1",
    "DOWNLOAD_MAXSIZE": "500000",
    "DOWNLOAD_WARNSIZE": "0",
    "REDIRECT_MAX_TIMES": "3",
    "AUTOTHROTTLE_ENABLED": "False",
}


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    with HostileSite(slow_seconds=3) as site:
        sources = write_sources(
            out / "sources.yaml",
            source_entry("vijandig", "vacancy", start_urls=[f"{site.url}/"], follow={"detail": "a.job"}),
            source_entry("kapotte-sitemap", "vacancy", sitemap_urls=[f"{site.url}/sitemap-broken.xml"]),
            source_entry("plaatje", "vacancy", start_urls=[f"{site.url}/logo.png"], follow={"detail": "a.job"}),
        )
        names = ["vijandig", "kapotte-sitemap", "plaatje"]
        outcomes = {o.source: o for o in crawl_sources(sources, names, out, settings=FAST_RETRIES)}
        yield outcomes, out, site


def problems(out: Path, source: str) -> dict[str, str]:
    lines = (out / f"{source}.problems.jsonl").read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["url"].rsplit("/", 1)[-1]: json.loads(line)["reason"] for line in lines}


def titles(out: Path, source: str) -> dict[str, str]:
    """Path of each item's URL → title."""
    lines = (out / f"{source}.jsonl").read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["url"].rsplit("/", 1)[-1]: json.loads(line)["title"] for line in lines}


def test_good_pages_are_kept_and_transient_errors_retried(hostile_crawl):
    _, out, site = hostile_crawl
    assert {"Goede vacature", "Na een storing", "Na een limiet"} <= set(titles(out, "vijandig").values())
    assert site.hits["/flaky"] == 2 and site.hits["/ratelimit"] == 2  # retried once, after Retry-After
    assert site.hits["/boom"] == 2  # 5xx retried, then given up


def test_each_problem_is_recorded_with_its_reason(hostile_crawl):
    _, out, _ = hostile_crawl
    assert problems(out, "vijandig") == {
        "slow": "timeout",
        "huge": "too_large",
        "loop": "redirect_loop",
        "gone": "http_error",
        "boom": "http_error",
        "empty": "no_item",
        "notitle": "dropped_item",
        "1": "robots_forbidden",
    }


def test_run_summary_counts_problems_and_marks_the_crawl_partial(hostile_crawl):
    outcomes, _, _ = hostile_crawl
    crawl = outcomes["vijandig"]
    assert crawl.status == "partial"
    assert crawl.problems == {
        "timeout": 1, "too_large": 1, "redirect_loop": 1, "http_error": 2, "no_item": 1, "dropped_item": 1,
        "robots_forbidden": 1,
    }  # fmt: skip
    assert crawl.errors == 5 and crawl.items_dropped == 3
    assert crawl.items_scraped == 5


def test_odd_encodings_do_not_break_extraction(hostile_crawl):
    _, out, _ = hostile_crawl
    found = titles(out, "vijandig")
    assert found["nocharset"] == "Café-medewerker"  # no charset anywhere: detected as Windows-1252
    assert found["latin"] == "Café-medewerker"  # header says UTF-8, body is not: decoding falls back


def test_broken_sitemap_is_a_failed_source_with_a_reason(hostile_crawl):
    outcomes, out, _ = hostile_crawl
    assert problems(out, "kapotte-sitemap") == {"nope": "broken_sitemap"}
    assert outcomes["kapotte-sitemap"].status == "partial"
    assert outcomes["kapotte-sitemap"].items_scraped == 0


def test_a_listing_page_that_is_no_text_is_reported_as_such_not_as_a_parse_error(hostile_crawl):
    outcomes, out, _ = hostile_crawl
    assert problems(out, "plaatje") == {"logo.png": "not_text"}
    assert outcomes["plaatje"].problems == {"not_text": 1}


def test_robots_txt_is_obeyed_and_the_user_agent_names_the_contact(hostile_crawl):
    _, _, site = hostile_crawl
    assert site.hits["/private/1"] == 0
    assert site.user_agents == {"LLO-Radar/0.1 (+https://example.org/contact)"}
