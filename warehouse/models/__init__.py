"""Warehouse tables, one module per subject. Importing this package registers them all on ``Base``."""

from .alert import Alert, AlertDelivery
from .base import Base
from .change import ComputedPeriod, CountedOffer, InputChange
from .dimension import EducationLevel, EducationLevelMatch, IscoGroup, SbiDivision
from .job import Job, JobSkill
from .mismatch import MismatchResult
from .occupation import OccupationResult
from .offer import Offer, OfferLocation, OfferSkill
from .region import Region, RegionMembership
from .sector import Sector
from .skill import Skill
from .source import CrawlRun, Source
from .subscription import Subscription, SubscriptionInterest
from .vacancy import Vacancy, VacancySkill

__all__ = [
    "Alert",
    "AlertDelivery",
    "Base",
    "ComputedPeriod",
    "CountedOffer",
    "CrawlRun",
    "EducationLevel",
    "EducationLevelMatch",
    "InputChange",
    "IscoGroup",
    "Job",
    "JobSkill",
    "MismatchResult",
    "OccupationResult",
    "Offer",
    "OfferLocation",
    "OfferSkill",
    "Region",
    "RegionMembership",
    "SbiDivision",
    "Sector",
    "Skill",
    "Source",
    "Subscription",
    "SubscriptionInterest",
    "Vacancy",
    "VacancySkill",
]
