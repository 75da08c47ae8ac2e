"""Warehouse tables, one module per subject. Importing this package registers them all on ``Base``."""

from .base import Base
from .mismatch import MismatchResult
from .offer import Offer, OfferLocation, OfferSkill
from .region import Region, RegionMembership
from .sector import Sector
from .skill import Skill
from .source import CrawlRun, Source
from .vacancy import Vacancy, VacancySkill

__all__ = [
    "Base",
    "CrawlRun",
    "MismatchResult",
    "Offer",
    "OfferLocation",
    "OfferSkill",
    "Region",
    "RegionMembership",
    "Sector",
    "Skill",
    "Source",
    "Vacancy",
    "VacancySkill",
]
