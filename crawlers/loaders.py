"""Item loaders: the clean-up processors of ``processors.py`` and the shared Dutch parsing of ``core/dutch``
attached per field (``<field>_in``/``_out``)."""

from __future__ import annotations

from functools import cache
from types import MappingProxyType
from typing import Any

from itemadapter import ItemAdapter
from itemloaders.processors import MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from core.dutch.education import normalise_education_level
from core.dutch.places import parse_place, parse_postcode
from core.html_text import html_to_text

from . import processors as p
from .items import CourseOfferItem, VacancyItem


class _BaseLoader(ItemLoader):
    default_input_processor = MapCompose(str, p.normalise_whitespace)
    default_output_processor = TakeFirst()

    description_in = MapCompose(html_to_text)

    def _get_item_field_attr(self, field_name: str, key: Any, default: Any = None) -> Any:
        # itemloaders wraps the item in a new ItemAdapter for this on every value added and every field loaded,
        # about 45 times a page: a third of a detail page's extraction (bench/crawl_throughput.py). A field's
        # metadata belongs to the item's class, so it is read once per class and field.
        return _field_meta(self.item.__class__, field_name).get(key, default)


@cache
def _field_meta(item_class: type, field_name: str) -> MappingProxyType:
    return ItemAdapter.get_field_meta_from_class(item_class, field_name)


class VacancyLoader(_BaseLoader):
    """Loader for ``VacancyItem``."""

    default_item_class = VacancyItem

    place_in = MapCompose(str, parse_place)
    postcode_in = MapCompose(str, parse_postcode)
    date_posted_in = MapCompose(p.parse_date)
    valid_through_in = MapCompose(p.parse_date)
    education_level_in = MapCompose(normalise_education_level)
    salary_min_in = salary_max_in = hours_min_in = hours_max_in = MapCompose(p.parse_amount)


class CourseOfferLoader(_BaseLoader):
    """Loader for ``CourseOfferItem``."""

    default_item_class = CourseOfferItem

    level_in = MapCompose(normalise_education_level)
    mode_in = MapCompose(p.normalise_mode)
    price_in = MapCompose(p.parse_amount)
    credential_in = MapCompose(p.normalise_credential)
    study_load_hours_in = MapCompose(p.parse_study_load_hours)
    locations_in = MapCompose(str, parse_place)
    start_dates_in = MapCompose(p.parse_date)
    locations_out = start_dates_out = funding_out = p.unique


LOADERS: dict[str, type[ItemLoader]] = {"vacancy": VacancyLoader, "offer": CourseOfferLoader}
"""Source kind → loader class."""
