"""Terms of employment stated in a vacancy text: education level, hours per week, contract type and location.

Structured data on the page wins when the crawler found it; these come from the text for pages without it.
The normalisations are the crawler's (``crawlers/processors.py``), so one rule serves both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawlers.extraction.auto import guess_location
from crawlers.processors import detect_contract_type, normalise_education_level

from .types import Section

# Both patterns start with a character class and test the word boundary behind its character ("(?<!\w.)"),
# instead of starting with "\b": re scans a text for a character class in C, but tries a pattern that starts
# with "\b" at every position of the text, which took three times as long. A class of letters under IGNORECASE
# gets no such scan, so _EDUCATION lists its first letters in both cases and ignores case only after them.
_EDUCATION = re.compile(
    r"""[MHWPUBmhwpub](?<!\w.)(?i:
        (?:(?<=[mh])bo|(?<=w)o)  # mbo, hbo, wo
        (?:[- ]?(?:niveau|werk-[ ]en[ ]denkniveau|diploma|opleiding))*(?:[- ]?[1-4]\b)?
        |(?<=p)ost-hbo|(?<=u)niversitaire?|(?<=b)achelor|(?<=m)aster
    )\b  # a whole word: not "wordt", "wonen" or "masterclass"
    """,
    re.VERBOSE,
)
_HOURS = re.compile(
    r"(\d(?<!\w\d)\d?)\s*(?:(?:-|–|tot|à|a)\s*(\d{1,2})\s*uur\b|uur\s*(?:per|p/)\s*week)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class JobTerms:
    """What a vacancy text states about education, hours and contract."""

    education_level: str | None = None
    hours_min: float | None = None
    hours_max: float | None = None
    contract_type: str | None = None
    location: str | None = None


def find_job_terms(text: str, sections: list[Section]) -> JobTerms:
    """Education level (first in a counted section, else anywhere), hours, contract type and location.

    >>> find_job_terms("Standplaats: Tilburg\\nJe hebt hbo werk- en denkniveau. 32 - 36 uur, jaarcontract.", [])
    JobTerms(education_level='HBO', hours_min=32.0, hours_max=36.0, contract_type='tijdelijk', location='Tilburg')
    """
    counted = [(s.start, s.end) for s in sections if s.counted]
    education = None
    for match in _EDUCATION.finditer(text):
        level = normalise_education_level(match.group(0))
        if level and (not counted or any(a <= match.start() < b for a, b in counted)):
            education = level
            break
    hours_min = hours_max = None
    if match := _HOURS.search(text):
        numbers = [float(n) for n in match.groups() if n]
        hours_min, hours_max = min(numbers), max(numbers)
    return JobTerms(education, hours_min, hours_max, detect_contract_type(text), guess_location(text))
