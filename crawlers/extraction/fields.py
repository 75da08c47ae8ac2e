"""Where an extracted value goes: logical field names mapped to item fields and their ``*_raw`` partners.

Selectors and structured data both speak in logical names ("salary", "location", ...); this module fills
the raw field and the normalised ones from one value, so the rule lives once.
"""

from __future__ import annotations

from typing import Any

from itemloaders import ItemLoader

from core.dutch.hours import parse_hours

from ..processors import parse_salary

_WITH_RAW = {
    "date_posted": ("date_posted_raw", "date_posted"),
    "valid_through": ("valid_through_raw", "valid_through"),
    "education": ("education_raw", "education_level"),
    "level": ("level_raw", "level"),
    "mode": ("mode_raw", "mode"),
    "price": ("price_raw", "price"),
    "duration": ("duration_raw", "study_load_hours"),
    "credential": ("credential_raw", "credential"),
    "location": ("location_raw", "place", "postcode"),
    "hours": ("hours_raw",),
    "salary": ("salary_raw",),
}


def add_field(loader: ItemLoader, name: str, value: Any) -> None:
    """Add ``value`` for logical field ``name`` to every item field it feeds."""
    if value in (None, "", []):
        return
    for target in _WITH_RAW.get(name, (name,)):
        loader.add_value(target, value)
    text = value if isinstance(value, str) else None
    if name == "salary" and text:
        low, high, period = parse_salary(text)
        loader.add_value("salary_min", low)
        loader.add_value("salary_max", high)
        loader.add_value("salary_period", period)
    elif name == "hours" and text:
        low, high = parse_hours(text)
        loader.add_value("hours_min", low)
        loader.add_value("hours_max", high)
