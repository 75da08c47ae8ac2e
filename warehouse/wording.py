"""Dutch names of the stored codes, for people: the dashboard, factsheets, reports and alert messages speak Dutch
and show these, while the warehouse, its views, exports and the JSON API keep the English codes
(docs/warehouse.md, "Stored values"). The one place where a code gets its Dutch name."""

from __future__ import annotations

from core.dutch.contracts import ContractType
from core.dutch.education import EducationLevelCode
from crawlers.items import Credential, EmployerType, OfferMode, SalaryPeriod

from .models.region import RegionLevel
from .reference.groupings import GROUPING_LEVEL

DUTCH_NAMES: dict[str, str] = {
    ContractType.PERMANENT: "vast",
    ContractType.TEMPORARY: "tijdelijk",
    ContractType.AGENCY_WORK: "uitzend",
    ContractType.FREELANCE: "freelance",
    ContractType.INTERNSHIP: "stage",
    EmployerType.DIRECT: "werkgever",
    EmployerType.AGENCY: "bureau",
    SalaryPeriod.HOUR: "per uur",
    SalaryPeriod.DAY: "per dag",
    SalaryPeriod.WEEK: "per week",
    SalaryPeriod.MONTH: "per maand",
    SalaryPeriod.YEAR: "per jaar",
    OfferMode.ONLINE: "online",
    OfferMode.CLASSROOM: "klassikaal",
    OfferMode.BLENDED: "blended",
    OfferMode.IN_COMPANY: "incompany",
    Credential.DIPLOMA: "diploma",
    Credential.PARTIAL_CERTIFICATE: "deelcertificaat",
    Credential.MICROCREDENTIAL: "microcredential",
    Credential.CERTIFICATE: "certificaat",
    Credential.CERTIFICATE_OF_PARTICIPATION: "bewijs van deelname",
    EducationLevelCode.NONE_REQUIRED: "geen",
    RegionLevel.MUNICIPALITY: "gemeente",
    RegionLevel.LABOUR_MARKET_REGION: "arbeidsmarktregio",
    RegionLevel.PROVINCE: "provincie",
    RegionLevel.COUNTRY: "land",
    GROUPING_LEVEL: "regio",
}
"""Code → Dutch name. Codes that are no words (``MBO 4``, ``HBO``) and the levels of configured groupings are
shown as they are."""


def in_dutch(code: str | None) -> str:
    """The Dutch name of a stored code; a code without one as it is, None as nothing.

    >>> in_dutch(OfferMode.CLASSROOM), in_dutch("labour_market_region"), in_dutch("MBO 4"), in_dutch(None)
    ('klassikaal', 'arbeidsmarktregio', 'MBO 4', '')
    """
    return "" if code is None else DUTCH_NAMES.get(code, code)
