"""Items: what the crawlers hand to the next stages. Changing a field is an API change.

Both item types are keyword-only dataclasses (Scrapy handles them through itemadapter). Normalised fields keep
their untouched source text in a ``*_raw`` partner. Every field is optional at construction so item loaders
can fill them; ``crawlers/pipelines/validate.py`` drops items that miss required ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

from core.codes import StoredCode
from core.dutch.contracts import ContractType
from core.dutch.education import EducationLevelCode


class EmployerType(StoredCode):
    """Who posts a vacancy (``vacancies.employer_type``)."""

    DIRECT = "direct"
    """The employer itself."""
    AGENCY = "agency"
    """A staffing or recruitment agency posting for a client."""


class SalaryPeriod(StoredCode):
    """What a salary amount is paid per (``vacancies.salary_period``)."""

    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class OfferMode(StoredCode):
    """How a training offer is given (``offers.mode``)."""

    ONLINE = "online"
    """Fully online: available in every region."""
    CLASSROOM = "classroom"
    """Klassikaal: in person, at a location."""
    BLENDED = "blended"
    """Partly online, partly in person."""
    IN_COMPANY = "in_company"
    """Incompany: at the employer's, for its staff."""


class Credential(StoredCode):
    """What a participant gets for a training offer (``offers.credential``)."""

    DIPLOMA = "diploma"
    """A recognised diploma (mbo, hbo, wo)."""
    PARTIAL_CERTIFICATE = "partial_certificate"
    """Deelcertificaat: a recognised part of a diploma programme."""
    MICROCREDENTIAL = "microcredential"
    """A microcredential: a small, quality-assured unit of learning."""
    CERTIFICATE = "certificate"
    """Certificaat: a certificate of the provider or an industry body."""
    CERTIFICATE_OF_PARTICIPATION = "certificate_of_participation"
    """Bewijs van deelname: attendance only."""


class ExtractionMethod(StoredCode):
    """How an item's fields were found."""

    STRUCTURED = "structured"
    """schema.org data (JSON-LD, microdata)."""
    SELECTORS = "selectors"
    """CSS or XPath selectors from the sources file."""
    TEXT = "text"
    """Heuristics on the page's main text."""


class Confidence(StoredCode):
    """How far an item's fields can be trusted (``vacancies.confidence``, ``offers.confidence``)."""

    HIGH = "high"
    """schema.org data or configured selectors."""
    LOW = "low"
    """Main-text heuristics."""


@dataclass(kw_only=True)
class VacancyItem:
    """An online vacancy."""

    source: str | None = None
    """Name of the source in the sources file. Required."""
    url: str | None = None
    """Canonical URL of the detail page. Required."""
    source_id: str | None = None
    """The source's own id of the vacancy, when it shows one."""
    title: str | None = None
    """Job title as published. Required."""
    employer: str | None = None
    """Hiring organisation (or the agency, when the client is not named)."""
    employer_type: EmployerType | None = None
    """Who posts the vacancy: the employer or an agency."""
    category: str | None = None
    """The source's own category label (e.g. "Zorg & Welzijn", a JSON-LD ``industry``)."""
    description: str | None = None
    """Plain-text description, block structure kept as line breaks. Required."""
    location_raw: str | None = None
    """Work location as written."""
    place: str | None = None
    """Place name (woonplaats or gemeente) taken from the location."""
    postcode: str | None = None
    """Dutch postcode, normalised as ``1234 AB``, when the location has one."""
    hours_raw: str | None = None
    """Working hours as written."""
    hours_min: float | None = None
    """Minimum hours per week."""
    hours_max: float | None = None
    """Maximum hours per week."""
    employment_type: str | None = None
    """schema.org employmentType, e.g. ``FULL_TIME``, ``PART_TIME``, ``TEMPORARY``."""
    contract_type: ContractType | None = None
    """The kind of contract, when the page says."""
    education_raw: str | None = None
    """Education requirement as written."""
    education_level: EducationLevelCode | None = None
    """Normalised level: ``MBO 1``-``MBO 4``, ``MBO``, ``HBO``, ``WO``, ..."""
    salary_raw: str | None = None
    """Salary as written."""
    salary_min: float | None = None
    """Lower bound of the salary in euros."""
    salary_max: float | None = None
    """Upper bound of the salary in euros."""
    salary_period: SalaryPeriod | None = None
    """What the salary amounts are paid per."""
    date_posted_raw: str | None = None
    """Publication date as written."""
    date_posted: str | None = None
    """Publication date, ISO 8601 (``YYYY-MM-DD``)."""
    valid_through_raw: str | None = None
    """Closing date as written."""
    valid_through: str | None = None
    """Closing date, ISO 8601."""
    extraction_method: ExtractionMethod | None = None
    """How the fields were found."""
    confidence: Confidence | None = None
    """``high`` for schema.org data and configured selectors, ``low`` for main-text heuristics."""
    fetched_at: str | None = None
    """When the page was fetched, ISO 8601 with time zone."""


@dataclass(kw_only=True)
class CourseOfferItem:
    """An LLO training offer: a course, programme or module."""

    source: str | None = None
    """Name of the source in the sources file. Required."""
    url: str | None = None
    """Canonical URL of the course page. Required."""
    source_id: str | None = None
    """The provider's own course code, when it shows one."""
    provider: str | None = None
    """Training provider (opleider)."""
    title: str | None = None
    """Course title. Required."""
    category: str | None = None
    """The provider's own category label."""
    description: str | None = None
    """Plain-text description incl. learning outcomes and contents. Required."""
    level_raw: str | None = None
    """Level as written."""
    level: EducationLevelCode | None = None
    """Normalised level: ``MBO 1``-``MBO 4``, ``MBO``, ``HBO``, ``post-HBO``, ``WO`` or ``none_required``."""
    mode_raw: str | None = None
    """Mode of delivery as written."""
    mode: OfferMode | None = None
    """How the course is given."""
    locations: list[str] = field(default_factory=list)
    """Place names where the course is given in person."""
    duration_raw: str | None = None
    """Duration or study load as written."""
    study_load_hours: float | None = None
    """Study load in hours, when the page states hours or EC."""
    price_raw: str | None = None
    """Price as written."""
    price: float | None = None
    """Price in euros."""
    credential_raw: str | None = None
    """What the participant gets, as written."""
    credential: Credential | None = None
    """What the participant gets."""
    start_dates: list[str] = field(default_factory=list)
    """Start dates, ISO 8601."""
    funding: list[str] = field(default_factory=list)
    """Funding or eligibility shown on the page."""
    extraction_method: ExtractionMethod | None = None
    """How the fields were found."""
    confidence: Confidence | None = None
    """``high`` for schema.org data and configured selectors, ``low`` for main-text heuristics."""
    fetched_at: str | None = None
    """When the page was fetched, ISO 8601 with time zone."""


ITEM_CLASSES: dict[str, type[VacancyItem] | type[CourseOfferItem]] = {
    "vacancy": VacancyItem,
    "offer": CourseOfferItem,
}
"""Source kind → item class."""

REQUIRED_FIELDS = ("source", "url", "title", "description")


def missing_field(item: VacancyItem | CourseOfferItem) -> str | None:
    """The first required field the item lacks, or None when it is complete."""
    return next((name for name in REQUIRED_FIELDS if not getattr(item, name, None)), None)


def item_from_dict(kind: str, data: dict[str, Any]) -> VacancyItem | CourseOfferItem:
    """Rebuild an item from its exported form (a JSON line), ignoring unknown keys."""
    item_class = ITEM_CLASSES[kind]
    names = {f.name for f in fields(item_class)}
    return item_class(**{key: value for key, value in data.items() if key in names})


SOURCE_ID_MAX = 120
"""Longest source id used as a key as it is; a longer one (or one with control characters) is hashed."""


def item_key(item: VacancyItem | CourseOfferItem) -> str:
    """The item's natural key within its source: the source's own id, else a hash of the URL. An id that is too
    long or holds control characters is no usable key: its hash is.

    >>> item_key(VacancyItem(source_id="V-123")), item_key(VacancyItem(source_id="V" * 200))[:7]
    ('V-123', 'id:ca9a')
    """
    if item.source_id and len(item.source_id) <= SOURCE_ID_MAX and item.source_id.isprintable():
        return item.source_id
    if item.source_id:
        return "id:" + hashlib.sha256(item.source_id.encode(errors="surrogatepass")).hexdigest()[:32]
    return "url:" + hashlib.sha256((item.url or "").encode(errors="surrogatepass")).hexdigest()[:32]
