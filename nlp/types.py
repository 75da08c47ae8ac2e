"""Typed records emitted by the nlp stage: what later stages consume instead of spaCy Docs.

The records are slotted dataclasses, not frozen ones: every text makes a dozen, and a frozen dataclass costs three
times as much to build (``object.__setattr__`` per field) and four times as much to pickle to and from a worker
process (``fields()`` and ``object.__setattr__`` again).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.dutch.contracts import ContractType
from core.dutch.education import EducationLevelCode, EducationMention
from core.dutch.places import PlaceMention, job_place


@dataclass(slots=True, kw_only=True)
class SkillMention:
    """One skill found in a text."""

    concept_id: str
    """Taxonomy concept id, e.g. ``llo:wondzorg``; for a term the taxonomy does not know, ``term:`` and its
    normalised form (``term:dakkapel plaatsen``)."""
    label: str
    """The concept's preferred Dutch label; the normalised term when unlinked."""
    esco_uri: str | None
    """ESCO skill URI: the taxonomy's for a linked concept, the closest ESCO skill for an unlinked term when one
    corresponds (docs/extraction.md)."""
    start: int
    """Character offset of the match in the analysed text (inclusive)."""
    end: int
    """Character offset of the match in the analysed text (exclusive)."""
    text: str
    """The matched text as written."""
    section: str = "body"
    """Section of the text the mention is in (``requirements``, ``offer``, ``learning``, ...; see sections.yaml)."""
    counted: bool = True
    """Whether the mention counts: as demand in a vacancy, as supply in an offer (not in benefits, blurbs, ...)."""
    reason: str | None = None
    """Why a mention in a counted section does not count: ``partner`` (whom the job works with) or
    ``subject_taught`` (the subject of a teacher's vacancy); see docs/extraction.md."""
    nice_to_have: bool = False
    """The text marks the skill as a plus rather than a requirement ("is een pré")."""
    linked: bool = True
    """Whether the mention is linked to a taxonomy concept; an unlinked one is a term of its own."""
    term: str = ""
    """The normalised form of the mention's words (``nlp/terms.py``): lemmas, compounds split, in word order-free
    form, so that "plaatsen van dakkapellen" and "dakkapellen plaatsen" are one term."""
    type: str = ""
    """What the mention names: ``skill`` (an activity), ``knowledge``, ``tool``, ``certificate``, ``language`` or
    ``transversal`` (ANNOTATION.md)."""
    requirement: str | None = None
    """What the text says of it (ANNOTATION.md): ``must``, ``nice``, ``other`` (implied by the tasks or role),
    ``taught``; None where it is no requirement of the job or course (benefits, company, application)."""


@dataclass(slots=True, kw_only=True)
class Section:
    """A region of the analysed text opened by a heading (or the headline, intro or whole body)."""

    start: int
    end: int
    label: str
    """``requirements``, ``tasks``, ``offer``, ``learning``, ... (``nlp/data/sections.yaml``)."""
    counted: bool
    """Whether skills here count for the kind of text."""


@dataclass(slots=True, kw_only=True)
class OccupationMatch:
    """The occupation a text is about."""

    id: str
    label: str
    isco: str | None
    """ISCO-08 unit group (4 digits)."""
    esco_uri: str | None
    source: str
    """Where it was found: ``title``, ``title-compound`` (a title word ending in the term) or ``body``."""


def file_text_input(text: str, kind: str = "vacancy") -> TextInput:
    """A plain text file as the pipeline reads a crawled item: the first line is the title, the rest the body."""
    title, _newline, body = text.partition("\n")
    return TextInput(title=title, body=body, kind=kind)


def file_offset(offset: int, item: TextInput) -> int:
    """Where an offset into the analysed text of ``file_text_input(text)`` lies in ``text``: the pipeline reads
    the title and body with two newlines between them, the file has one."""
    return offset - (offset > len(item.title))


@dataclass(slots=True, kw_only=True)
class TextInput:
    """A text to analyse: a vacancy or a training offer."""

    body: str
    """Plain-text description."""
    title: str = ""
    """Title of the vacancy or course; weighs more for sector rules."""
    category: str = ""
    """The source's own category label (e.g. "Zorg & Welzijn"), when it shows one."""
    kind: str = "vacancy"
    """``vacancy`` or ``offer``: decides which sections count."""


@dataclass(slots=True, kw_only=True)
class TextAnalysis:
    """What the pipeline found in one text."""

    skills: list[SkillMention] = field(default_factory=list)
    """Skill mentions in text order; overlapping matches are resolved (longest wins)."""
    sections: list[Section] = field(default_factory=list)
    """The text's sections in order."""
    occupation: OccupationMatch | None = None
    """The occupation, from the title first; None when no occupation term occurs."""
    education: list[EducationMention] = field(default_factory=list)
    """Education requirements the text states (not in the offer, the company's self-description or how to apply),
    each with its level; in text order."""
    education_level: EducationLevelCode | None = None
    """The lowest level the text requires."""
    hours_min: float | None = None
    """Hours per week stated in the text (lower bound)."""
    hours_max: float | None = None
    """Hours per week stated in the text (upper bound)."""
    contract_type: ContractType | None = None
    """The kind of contract, when the text says."""
    places: list[PlaceMention] = field(default_factory=list)
    """Places the text names for where the job is done or the course given, with their gemeente code and how each
    was found (``core/dutch/places.py``), and the scopes national, remote (vacancies), online (courses), abroad;
    in text order. A company's address is kept with method ``address`` but is never the job's place."""
    sector: str | None = None
    """SBI 2008 section letter, or None when no sector rule fired."""
    language: str | None = None
    """Guessed language (``nl``, ``en``, ``de``, ``fr``); None for texts too short to judge."""
    flags: list[str] = field(default_factory=list)
    """What was odd about the input: ``html_removed``, ``invalid_characters``, ``truncated``, ``empty``,
    ``not_dutch``."""

    @property
    def job_place(self) -> PlaceMention | None:
        """The place with a gemeente where the job is done: a labelled one, else one in the title, else the first
        the text names as a place (``core.dutch.places.job_place``)."""
        return job_place(self.places)

    @property
    def concept_ids(self) -> set[str]:
        """The distinct taxonomy concept ids of the linked mentions that count (demand or supply)."""
        return {mention.concept_id for mention in self.skills if mention.counted and mention.linked}
