"""Typed records emitted by the nlp stage: what later stages consume instead of spaCy Docs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class SkillMention:
    """One skill found in a text."""

    concept_id: str
    """Taxonomy concept id, e.g. ``llo:wondzorg``."""
    label: str
    """The concept's preferred Dutch label."""
    esco_uri: str | None
    """ESCO skill URI when the taxonomy maps the concept to ESCO."""
    start: int
    """Character offset of the match in the analysed text (inclusive)."""
    end: int
    """Character offset of the match in the analysed text (exclusive)."""
    text: str
    """The matched text as written."""


@dataclass(slots=True, kw_only=True)
class TextInput:
    """A text to analyse: a vacancy or a training offer."""

    body: str
    """Plain-text description."""
    title: str = ""
    """Title of the vacancy or course; weighs more for sector rules."""
    category: str = ""
    """The source's own category label (e.g. "Zorg & Welzijn"), when it shows one."""


@dataclass(slots=True, kw_only=True)
class TextAnalysis:
    """What the pipeline found in one text."""

    skills: list[SkillMention] = field(default_factory=list)
    """Skill mentions in text order; overlapping matches are resolved (longest wins)."""
    sector: str | None = None
    """SBI 2008 section letter, or None when no sector rule fired."""

    @property
    def concept_ids(self) -> set[str]:
        """The distinct concept ids mentioned."""
        return {mention.concept_id for mention in self.skills}
