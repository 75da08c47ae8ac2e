"""The sources file: which sites to crawl and how, validated with clear errors.

A sources file is YAML with a ``contact_url`` (sent in the User-Agent) and a list of ``sources``. Values may
use ``${NAME}`` to read environment variables (base URLs, for instance). ``demo.yaml`` beside this module
describes the bundled demo sites.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlparse

import yaml
from cssselect import SelectorError
from lxml import etree
from parsel.csstranslator import css2xpath
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..exceptions import SourcesError

SOURCES_DIR = Path(__file__).parent
DEMO_SOURCES = SOURCES_DIR / "demo.yaml"

VACANCY_FIELDS = frozenset({
    "title", "employer", "employer_type", "category", "description", "location", "hours", "employment_type",
    "education", "salary", "date_posted", "valid_through", "source_id",
})  # fmt: skip
OFFER_FIELDS = frozenset({
    "title", "provider", "category", "description", "level", "mode", "locations", "duration", "price",
    "credential", "start_dates", "funding", "source_id",
})  # fmt: skip
EXTRACTABLE_FIELDS = {"vacancy": VACANCY_FIELDS, "offer": OFFER_FIELDS}
XPATH_PREFIX = "xpath:"
"""Marks a selector in the sources file as an XPath expression instead of CSS."""
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Publisher(BaseModel):
    """Who publishes the source."""

    model_config = ConfigDict(extra="forbid")

    name: str
    type: Literal[
        "job_board", "employer_site", "staffing_agency", "mbo", "hbo", "wo", "private_provider", "public_provider"
    ]


def check_selector(selector: str) -> str:
    """``selector`` when it is a valid CSS selector, or ``xpath:`` and a valid XPath expression; ``ValueError``
    saying what is wrong otherwise (so a mistake shows in ``sources check``, not in the middle of a crawl).

    >>> check_selector("xpath://h1[@class='titel']")
    "xpath://h1[@class='titel']"
    >>> check_selector("dd.salaris[")
    Traceback (most recent call last):
    ...
    ValueError: 'dd.salaris[' is not a valid CSS selector: Expected ident or '*', got <EOF at 11>
    """
    if selector.startswith(XPATH_PREFIX):
        try:
            etree.XPath(selector.removeprefix(XPATH_PREFIX))
        except etree.XPathError as exc:
            raise ValueError(f"{selector!r} is not a valid XPath expression: {exc}") from None
        return selector
    try:
        css2xpath(selector)
    except SelectorError as exc:
        raise ValueError(f"{selector!r} is not a valid CSS selector: {exc}") from None
    return selector


def check_css_selector(selector: str) -> str:
    """``selector`` when it is a valid CSS selector; ``ValueError`` otherwise (XPath included)."""
    if selector.startswith(XPATH_PREFIX):
        raise ValueError(f"{selector!r}: links to follow are given by CSS selectors, not XPath")
    return check_selector(selector)


Selector = Annotated[str, AfterValidator(check_selector)]
CssSelector = Annotated[str, AfterValidator(check_css_selector)]


class FollowRules(BaseModel):
    """How to walk listing pages: CSS selectors of the links to follow."""

    model_config = ConfigDict(extra="forbid")

    detail: CssSelector = Field(description="CSS selector of links to detail pages, e.g. 'a.job-link'")
    pagination: CssSelector | None = Field(None, description="CSS selector of links to further listing pages")


class BrowserRendering(BaseModel):
    """Render pages in a browser (scrapy-playwright with Chromium) because their content is built by scripts."""

    model_config = ConfigDict(extra="forbid")

    wait_for: str = Field(description="CSS selector that is present once the scripts have built the listing")
    render_details: bool = Field(False, description="Render detail pages in the browser too")
    timeout: float = Field(20.0, gt=0, description="Seconds to wait for the selector")


class CrawlLimits(BaseModel):
    """Bounds and politeness for one crawl of the source (overrides of ``crawlers/settings.py``)."""

    model_config = ConfigDict(extra="forbid")

    max_pages: int | None = Field(None, gt=0, description="Stop after this many responses (the crawl is partial)")
    download_delay: float | None = Field(None, ge=0, description="Seconds between requests, before AutoThrottle")
    concurrency: int | None = Field(None, gt=0, description="Requests to the source's domain at the same time")


class SourceConfig(BaseModel):
    """One site to crawl."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Unique slug, e.g. 'vacaturebord-a'")
    kind: Literal["vacancy", "offer"]
    publisher: Publisher
    start_urls: list[str] = Field(
        default_factory=list, description="Listing pages to start from (with follow), or detail pages (without)"
    )
    sitemap_urls: list[str] = Field(default_factory=list, description="Sitemaps (or robots.txt) listing details")
    allowed_domains: list[str] = Field(default_factory=list, description="Defaults to the hosts of the URLs")
    follow: FollowRules | None = None
    extraction: Literal["structured", "selectors", "auto"] = Field(
        description="structured: schema.org data; selectors: the selectors below; auto: schema.org data when "
        "present, else the main text with heuristics (low confidence)"
    )
    selectors: dict[str, Selector] = Field(
        default_factory=dict, description="Field → CSS selector, or 'xpath:' followed by an XPath expression"
    )
    browser: BrowserRendering | None = Field(None, description="Set when pages need scripts to run")
    limits: CrawlLimits = Field(default_factory=CrawlLimits)
    schedule: str | None = Field(
        None, description="Cron schedule of this source's crawl deployment; default: the setting crawl_schedule"
    )

    @field_validator("start_urls", "sitemap_urls")
    @classmethod
    def _http_urls(cls, urls: list[str]) -> list[str]:
        for url in urls:
            if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
                raise ValueError(f"{url!r} is not an http(s) URL")
        return urls

    @model_validator(mode="after")
    def _consistent(self) -> SourceConfig:
        if not self.start_urls and not self.sitemap_urls:
            raise ValueError("give start_urls (listing pages with follow rules, or detail pages) or sitemap_urls")
        if self.extraction == "selectors" and not {"title", "description"} <= self.selectors.keys():
            raise ValueError("extraction 'selectors' needs at least selectors for title and description")
        unknown = set(self.selectors) - EXTRACTABLE_FIELDS[self.kind]
        if unknown:
            raise ValueError(f"unknown selector fields {sorted(unknown)} for kind {self.kind}")
        if not self.allowed_domains:
            hosts = {urlparse(url).hostname for url in [*self.start_urls, *self.sitemap_urls]}
            self.allowed_domains = sorted(host for host in hosts if host)
        return self

    @property
    def sites(self) -> list[str]:
        """Host and port of every site the crawl starts on: the unit of politeness limits across crawls."""
        return sorted({urlparse(url).netloc for url in [*self.start_urls, *self.sitemap_urls]})

    @property
    def spider_name(self) -> str:
        """The generic spider: ``sitemap``; ``listing`` (start URLs with follow rules); ``pages`` (start URLs
        that are detail pages themselves)."""
        if self.sitemap_urls:
            return "sitemap"
        return "listing" if self.follow else "pages"


class SourcesFile(BaseModel):
    """A whole sources file."""

    model_config = ConfigDict(extra="forbid")

    contact_url: str = Field(description="Where site owners can reach the operator; sent in the User-Agent")
    sources: list[SourceConfig]

    @model_validator(mode="after")
    def _unique_names(self) -> SourcesFile:
        names = [source.name for source in self.sources]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"source names must be unique; repeated: {duplicates}")
        return self

    def get(self, name: str) -> SourceConfig:
        """The source called ``name``; ``SourcesError`` listing the known names when there is none."""
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources)
        raise SourcesError(f"No source named {name!r}; the sources file has: {known}")


def load_sources(path: str | Path, env: Mapping[str, str] | None = None) -> SourcesFile:
    """Read, expand and validate a sources file; ``SourcesError`` says which source and field is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"Cannot read sources file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise SourcesError(
            f"Sources file {path} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at position {exc.start}): "
            "save it as UTF-8"
        ) from None
    text = _expand_env(text, os.environ if env is None else env, path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesError(f"Sources file {path} is not valid YAML: {exc}") from exc
    try:
        return SourcesFile.model_validate(data)
    except ValidationError as exc:
        raise SourcesError(_describe(exc, data, path)) from exc


def _expand_env(text: str, env: Mapping[str, str], path: Path) -> str:
    """``text`` with every ``${NAME}`` replaced by its environment variable; ``SourcesError`` naming every
    variable that is not set."""
    missing = sorted({name for name in _ENV_REFERENCE.findall(text) if name not in env})
    if missing:
        names = ", ".join(missing)
        hint = (
            " ('llo-radar demo' sets them when it serves the bundled demo sites)"
            if path.resolve() == DEMO_SOURCES.resolve()
            else ""
        )
        raise SourcesError(
            f"Sources file {path} uses {names}, which {'is' if len(missing) == 1 else 'are'} not set: set "
            f"{'it' if len(missing) == 1 else 'them'} in the environment{hint}, or point LLO_RADAR_SOURCES_FILE "
            "(--sources) at a sources file of your own"
        )
    return _ENV_REFERENCE.sub(lambda match: env[match.group(1)], text)


def _describe(exc: ValidationError, data: object, path: Path) -> str:
    problems = []
    for error in exc.errors():
        location = list(error["loc"])
        where = "file"
        if location[:1] == ["sources"] and len(location) > 1 and isinstance(location[1], int):
            index = location[1]
            entries = data.get("sources") if isinstance(data, dict) else None
            name = (
                entries[index].get("name") if isinstance(entries, list) and isinstance(entries[index], dict) else None
            )
            where = f"source {name!r}" if name else f"source #{index + 1}"
            location = location[2:]
        field = ".".join(str(part) for part in location) or "(entry)"
        problems.append(f"{where}, field {field}: {error['msg']}")
    return f"Sources file {path} is invalid: " + "; ".join(problems)
