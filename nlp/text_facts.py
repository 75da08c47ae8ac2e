"""What a text states besides its skills: education requirements and places (vacancies and courses), hours per
week and contract type (vacancies).

The parsing is ``core/dutch``'s, the same rules the crawlers apply to structured fields; this module decides,
from the sections the pipeline found, which of what is stated belongs to the item. Structured data on the page
wins over these when the crawler found it (the warehouse decides).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from core.dutch.contracts import ContractType, detect_contract_type
from core.dutch.education import EducationLevelCode, EducationMention, find_education, lowest_level
from core.dutch.hours import find_hours
from core.dutch.places import PlaceMention, find_places

from .types import Section

NOT_REQUIREMENTS = frozenset({"offer", "company", "application"})
"""Sections where an education level is no requirement: what the employer offers ("opleidingsbudget"), what the
organisation says about itself, how to apply."""
_SCOPES_OF_KIND = {
    "vacancy": frozenset({"national", "remote", "abroad"}),
    "offer": frozenset({"national", "online", "abroad"}),
}
"""Which scopes a kind of text can have: a job is done remotely, a course is given online ("online" in a vacancy
is mostly the employer's business, "op afstand" in a course page its teaching)."""


@dataclass(frozen=True, slots=True)
class TextFacts:
    """What a text states about education, places, hours and contract."""

    education: list[EducationMention] = field(default_factory=list)
    """Education requirements, in text order."""
    education_level: EducationLevelCode | None = None
    """The lowest level required: what the job or course asks at least."""
    places: list[PlaceMention] = field(default_factory=list)
    """Places and scopes named for where the job is done or the course given, in text order."""
    hours_min: float | None = None
    hours_max: float | None = None
    contract_type: ContractType | None = None


def find_text_facts(text: str, sections: list[Section], kind: str, headline_end: int = 0) -> TextFacts:
    """The facts a text states; hours and contract for vacancies only.

    >>> text = "Monteur (Tilburg)\\nJe hebt mbo 4 of hbo. 32 - 36 uur, jaarcontract."
    >>> facts = find_text_facts(text, [], "vacancy", headline_end=17)
    >>> facts.education_level, [(p.text, p.gemeente_code) for p in facts.places], facts.hours_min, facts.contract_type
    ('MBO 4', [('Tilburg', 'GM0855')], 32.0, 'temporary')
    """
    starts = [s.start for s in sections]

    def section_of(offset: int) -> str:
        index = bisect_right(starts, offset) - 1
        return sections[index].label if index >= 0 and offset < sections[index].end else "body"

    education = [m for m in find_education(text) if section_of(m.start) not in NOT_REQUIREMENTS]
    scopes = _SCOPES_OF_KIND.get(kind, frozenset())
    places = [p for p in find_places(text, headline_end) if p.scope is None or p.scope in scopes]
    hours_min, hours_max = find_hours(text) if kind == "vacancy" else (None, None)
    return TextFacts(
        education=education,
        education_level=lowest_level(m.level for m in education),
        places=places,
        hours_min=hours_min,
        hours_max=hours_max,
        contract_type=detect_contract_type(text) if kind == "vacancy" else None,
    )
