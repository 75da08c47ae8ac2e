"""Page extraction: turn a detail page into an item, by the source's extraction mode.

``structured`` reads schema.org data (JSON-LD, microdata, RDFa) through extruct; ``selectors`` applies the
source's CSS/XPath selectors; ``auto`` uses schema.org data when present, else the page's main text. All fill
the same item loaders through ``fields.add_field``.
"""

from __future__ import annotations

from scrapy.http import TextResponse

from core import clock
from core.dutch.contracts import detect_contract_type

from ..items import Confidence, CourseOfferItem, ExtractionMethod, VacancyItem
from ..loaders import LOADERS
from ..processors import detect_employer_type
from ..sources import SourceConfig
from . import auto, selectors, structured

CONFIDENCE = {
    ExtractionMethod.STRUCTURED: Confidence.HIGH,
    ExtractionMethod.SELECTORS: Confidence.HIGH,
    ExtractionMethod.TEXT: Confidence.LOW,
}
"""Extraction method → confidence of the item's fields."""


class NoItemFound(Exception):
    """The page holds no item of the source's kind (no matching structured data, no title)."""


def extract_item(response: TextResponse, source: SourceConfig) -> VacancyItem | CourseOfferItem:
    """The item on a detail page; ``NoItemFound`` with a reason when there is none."""
    loader = LOADERS[source.kind](response=response)
    if source.extraction == "structured":
        method = ExtractionMethod.STRUCTURED if structured.fill(loader, response, source.kind) else None
    elif source.extraction == "selectors":
        method = ExtractionMethod.SELECTORS if selectors.fill(loader, response, source.selectors) else None
    else:
        method = auto.fill(loader, response, source.kind)
    if method is None:
        raise NoItemFound(f"no {source.kind} data found by {source.extraction} extraction")
    loader.add_value("extraction_method", method)
    loader.add_value("confidence", CONFIDENCE[method])
    loader.add_value("source", source.name)
    loader.add_value("url", response.url)
    loader.add_value("fetched_at", clock.now().isoformat(timespec="seconds"))
    item = loader.load_item()
    if isinstance(item, VacancyItem):
        item.employer_type = item.employer_type or detect_employer_type(item.description)
        item.contract_type = item.contract_type or detect_contract_type(item.description, item.employment_type)
    return item
