"""The review queue of unlinked terms, and accepting one into the user's taxonomy."""

from __future__ import annotations

from core import clock
from nlp.taxonomy import USER_GROUP, taxonomy_with_synonyms
from nlp.taxonomy import accept_term as taxonomy_accept_term
from nlp.terms import TERM_PREFIX
from warehouse.indicators.emerging import EmergingTermLine, read_emerging_terms, term_spellings
from warehouse.models import Skill
from warehouse.periods import parse_period, period_of

from ..exceptions import LloRadarError
from ..settings import Settings
from .database import open_warehouse


def emerging_skills(
    settings: Settings, period: str | None = None, *, min_count: int = 2, limit: int = 30
) -> tuple[str, list[EmergingTermLine]]:
    """The review queue: unlinked terms the vacancies of ``period`` (default: the clock's month) ask for, most
    asked first, with the period before, offers and examples; returns the period's label and the lines."""
    chosen = parse_period(period) if period else period_of(clock.today(), "month")
    sessions = open_warehouse(settings)
    with sessions() as session:
        return chosen.label, read_emerging_terms(session, chosen, min_count=min_count, limit=limit)


def accept_term(
    settings: Settings, term: str, *, concept_id: str | None = None, label: str | None = None, type_: str | None = None
) -> tuple[str, list[str]]:
    """Accept an unlinked term from the review queue into the user's synonyms file (setting ``synonyms``): its
    spellings become synonyms of ``concept_id``, or of a new concept of the user's named ``label``. Returns the
    concept id and the spellings; the next extraction links them."""
    if settings.synonyms is None:
        raise LloRadarError("Accepting a term needs a synonyms file: set LLO_RADAR_SYNONYMS to a YAML file's path")
    skill_id = term if term.startswith(TERM_PREFIX) else f"{TERM_PREFIX}{term}"
    sessions = open_warehouse(settings)
    with sessions() as session:
        found = session.get(Skill, skill_id)
        if found is None or found.linked:
            raise LloRadarError(f"No unlinked term {term!r} in the warehouse; 'llo-radar skills emerging' lists them")
        spellings = term_spellings(session, skill_id)
        concept_type = type_ or found.type
    if concept_id is not None:
        known = taxonomy_with_synonyms(settings.taxonomy, None).concepts
        if concept_id not in known and not concept_id.startswith(f"{USER_GROUP}:"):
            raise LloRadarError(f"Unknown concept {concept_id!r}: name a concept id of the taxonomy (llo:wondzorg)")
    accepted = taxonomy_accept_term(
        settings.synonyms, spellings, concept_id=concept_id, label=label or spellings[0], concept_type=concept_type
    )
    return accepted, spellings
