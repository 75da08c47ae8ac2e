"""Named clean-up functions for item fields, shared by every spider and attached in ``loaders.py``.

Each function takes one value and returns the cleaned value, or None when nothing usable is in it. Parsing that
other stages need as well (education levels, hours, places, contract types) lives in ``core/dutch``.
"""

from __future__ import annotations

import datetime as dt
import re

from .items import Credential, EmployerType, OfferMode, SalaryPeriod

DUTCH_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4, "mei": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_NUMBER = r"\d{1,3}(?:[.\s]\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?"


def normalise_whitespace(value: str | None) -> str | None:
    """Collapse runs of white space; None for empty text.

    >>> normalise_whitespace("  Verpleegkundige \\n  IC ")
    'Verpleegkundige IC'
    >>> normalise_whitespace("   ") is None
    True
    """
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def unique(values: list) -> list:
    """Values in first-seen order without repeats (an output processor for list fields).

    >>> unique(["Arnhem", "Delft", "Arnhem"])
    ['Arnhem', 'Delft']
    """
    return list(dict.fromkeys(values))


def parse_date(value: str | None) -> str | None:
    """ISO date from ISO strings, ``dd-mm-yyyy`` or Dutch ``14 oktober 2026``.

    >>> parse_date("2026-10-14T09:00:00+02:00"), parse_date("14-10-2026"), parse_date("3 mrt. 2027")
    ('2026-10-14', '2026-10-14', '2027-03-03')
    >>> parse_date("binnenkort") is None
    True
    """
    if not value:
        return None
    text = str(value).strip().lower()
    if match := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
        year, month, day = map(int, match.groups())
    elif match := re.search(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b", text):
        day, month, year = map(int, match.groups())
    elif match := re.search(r"\b(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})\b", text):
        month = DUTCH_MONTHS.get(match.group(2), 0)
        day, year = int(match.group(1)), int(match.group(3))
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_amount(value: str | float | int | None) -> float | None:
    """Euro amount from text like ``€ 1.295,-`` or ``EUR 1295.50``, or a number.

    >>> parse_amount("€ 1.295,-"), parse_amount("1295.50"), parse_amount("€ 24,75 per uur"), parse_amount(3200)
    (1295.0, 1295.5, 24.75, 3200.0)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    match = re.search(_NUMBER, str(value))
    if not match:
        return None
    number = match.group(0).replace(" ", "")
    if "," in number:
        number = number.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", number):
        number = number.replace(".", "")
    return float(number)


def parse_salary(value: str | None) -> tuple[float | None, float | None, SalaryPeriod | None]:
    """(min, max, period) from salary text.

    >>> parse_salary("€ 3.200 - € 4.550 bruto per maand")
    (3200.0, 4550.0, 'month')
    >>> parse_salary("€ 18,50 per uur")
    (18.5, 18.5, 'hour')
    """
    if not value:
        return None, None, None
    text = str(value).lower()
    amounts = [amount for m in re.findall(_NUMBER, text) if (amount := parse_amount(m))]
    if not amounts:
        return None, None, None
    period = (
        SalaryPeriod.HOUR if "uur" in text
        else SalaryPeriod.YEAR if "jaar" in text
        else SalaryPeriod.MONTH if "maand" in text
        else None
    )  # fmt: skip
    return min(amounts), max(amounts), period


def normalise_mode(value: str | None) -> OfferMode | None:
    """Mode of delivery, from the way a page writes it.

    >>> [normalise_mode(v) for v in ["Online", "Klassikaal", "Blended learning", "In-company", "OnSite"]]
    ['online', 'classroom', 'blended', 'in_company', 'classroom']
    """
    if not value:
        return None
    text = str(value).lower().replace("-", "").replace(" ", "")
    if "blended" in text or "deelsonline" in text:
        return OfferMode.BLENDED
    if "incompany" in text:
        return OfferMode.IN_COMPANY
    if "online" in text or "afstand" in text:
        return OfferMode.ONLINE
    if "klassikaal" in text or "onsite" in text or "locatie" in text or "offline" in text:
        return OfferMode.CLASSROOM
    return None


_AGENCY_PHRASES = ("voor onze opdrachtgever", "namens onze opdrachtgever", "uitzendbureau", "detacheringsbureau")


def detect_employer_type(description: str | None) -> EmployerType:
    """An agency when the text says it is posted for a client, else the employer itself.

    >>> detect_employer_type("Voor onze opdrachtgever, een installateur in Delft, zoeken wij ...")
    'agency'
    """
    text = (description or "").lower()
    return EmployerType.AGENCY if any(phrase in text for phrase in _AGENCY_PHRASES) else EmployerType.DIRECT


def normalise_credential(value: str | None) -> Credential | None:
    """What an offer awards, from the way a page writes it.

    >>> [normalise_credential(v) for v in ["Mbo-diploma", "Deelcertificaat Zorg", "Micro-credential", "Certificate"]]
    ['diploma', 'partial_certificate', 'microcredential', 'certificate']
    >>> normalise_credential("Bewijs van deelname")
    'certificate_of_participation'
    """
    if not value:
        return None
    text = str(value).lower().replace("-", "").replace(" ", "")
    for credential, marker in (
        (Credential.MICROCREDENTIAL, "microcredential"),
        (Credential.PARTIAL_CERTIFICATE, "deelcertificaat"),
        (Credential.DIPLOMA, "diploma"),
        (Credential.CERTIFICATE, "certifica"),
        (Credential.CERTIFICATE_OF_PARTICIPATION, "deelname"),
    ):
        if marker in text:
            return credential
    return None


def parse_study_load_hours(value: str | None) -> float | None:
    """Study load in hours from text that states hours or EC (1 EC = 28 hours).

    >>> parse_study_load_hours("8 weken, 48 uur studiebelasting"), parse_study_load_hours("5 EC")
    (48.0, 140.0)
    >>> parse_study_load_hours("8 weken, 1 lesdag per week") is None
    True
    """
    text = str(value or "").lower()
    if match := re.search(r"(\d+(?:[.,]\d+)?)\s*(?:ec|studiepunten)\b", text):
        return float(match.group(1).replace(",", ".")) * 28
    if match := re.search(r"(\d+(?:[.,]\d+)?)\s*(?:klok)?uur\b(?!\s*per)", text):
        return float(match.group(1).replace(",", "."))
    return None
