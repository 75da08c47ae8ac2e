"""Build the analysis pipeline from its config and turn texts into ``TextAnalysis`` records."""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from spacy import util
from spacy.language import Language
from spacy.tokens import Doc

from .cleaning import MAX_HEADLINE_CHARS, prepare_text
from .components._doc_values import FLAGS, HEADLINE_END, KIND, TEXT
from .components._pipes import pipe_of
from .components.evidence import NOT_DEMAND
from .components.language import LANGUAGE
from .components.occupation import OCCUPATION_ID, OCCUPATION_SOURCE, OccupationTagger
from .components.sections import SECTION_INDEX, SectionIndex, SectionTagger, doc_text
from .components.sector_rules import SECTOR
from .components.skill_matcher import SkillMatcher
from .components.skill_tagger import SkillTagger
from .taxonomy import Concept
from .terms import TERM_PREFIX, normalised_term
from .text_facts import find_text_facts
from .types import OccupationMatch, Section, SkillMention, TextAnalysis, TextInput

PIPELINE_CONFIG = Path(__file__).parent / "configs" / "pipeline.cfg"
SKILL_MATCHER = "llo_skill_matcher"
SKILL_TAGGER = "llo_skill_tagger"
SECTIONS = "llo_sections"
OCCUPATION = "llo_occupation"


def build_pipeline(
    config_path: str | Path = PIPELINE_CONFIG,
    *,
    taxonomy: str | Path | None = None,
    synonyms: str | Path | None = None,
    occupations: str | Path | None = None,
    sector_rules: str | Path | None = None,
    section_rules: str | Path | None = None,
    exclude: Iterable[str] = (),
) -> Language:
    """Assemble and initialise the pipeline; the keyword arguments override the bundled data files
    (``synonyms`` adds the user's extra synonyms to the taxonomy); ``exclude`` names components left out."""
    overrides = {
        "paths.taxonomy": str(taxonomy) if taxonomy else None,
        "paths.synonyms": str(synonyms) if synonyms else None,
        "paths.occupations": str(occupations) if occupations else None,
        "paths.sector_rules": str(sector_rules) if sector_rules else None,
        "paths.section_rules": str(section_rules) if section_rules else None,
    }
    config = util.load_config(config_path, overrides=overrides, interpolate=False)
    for name in exclude:  # spaCy would still resolve what an excluded component is initialised with
        config["initialize"]["components"].pop(name, None)
    nlp = util.load_model_from_config(config, auto_fill=True, validate=True, exclude=list(exclude))
    nlp.initialize()
    return nlp


_building = threading.Lock()


def default_pipeline(taxonomy: Path | None = None, synonyms: Path | None = None) -> Language:
    """The pipeline with the bundled rules and ``taxonomy`` (default: the bundled one) plus ``synonyms``, built once
    per process and kept until it ends (``freeze_heap``). Threads that ask at once (a flow run's extraction tasks)
    wait for the one that builds it, rather than each building a copy and starting a worker pool for it."""
    with _building:
        return _kept_pipeline(taxonomy, synonyms)  # one cache key however it is called


@cache
def _kept_pipeline(taxonomy: Path | None, synonyms: Path | None) -> Language:
    nlp = build_pipeline(taxonomy=taxonomy, synonyms=synonyms)
    freeze_heap()
    return nlp


def taxonomy_concepts(nlp: Language) -> dict[str, Concept]:
    """The concepts of the pipeline's taxonomy (its skill matcher's), by id."""
    return pipe_of(nlp, SKILL_MATCHER, SkillMatcher).concepts


def reading_version(nlp: Language) -> str:
    """A fingerprint of what the pipeline knows: its taxonomy's concepts and terms, its trained models and how
    likely a span must be to be kept. A text whose analysis was made under another version is analysed again
    (``extract.text_hash``), so terms accepted into the taxonomy apply at the next extraction."""
    digest = hashlib.sha256()
    for concept in taxonomy_concepts(nlp).values():
        digest.update("\x1f".join((concept.id, concept.type, *concept.terms)).encode() + b"\x1e")
    tagger = pipe_of(nlp, SKILL_TAGGER, SkillTagger)
    if tagger.models is not None:
        digest.update(tagger.models.spans + tagger.models.types)
    digest.update(repr(tagger.min_probability).encode())
    return digest.hexdigest()[:16]


def freeze_heap() -> None:
    """Exempt every object alive now from the cyclic garbage collector for the rest of the process (``gc.freeze``).

    For processes that keep a loaded pipeline until they end. The pipeline and the libraries imported with it are
    some 190,000 container objects with a large taxonomy; left in the collector's oldest generation, each full
    collection (every few thousand texts analysed) walks all of them: 0.18 s a time, 0.09 ms per text on average,
    a fifth of the work after tokenizing. Objects frozen here are still freed by reference counting when unused.
    """
    gc.collect()
    gc.freeze()


def analyse(inputs: Iterable[TextInput], nlp: Language | None = None) -> Iterator[TextAnalysis]:
    """Analyse texts in order; offsets in the results refer to ``analysed_text(input)``."""
    nlp = nlp or default_pipeline()
    matcher = pipe_of(nlp, SKILL_MATCHER, SkillMatcher)
    mentions_key = pipe_of(nlp, SKILL_TAGGER, SkillTagger).spans_key
    sections_key = pipe_of(nlp, SECTIONS, SectionTagger).sections_key
    occupations = pipe_of(nlp, OCCUPATION, OccupationTagger).occupations
    docs = (input_doc(nlp, item) for item in inputs)
    for doc in nlp.pipe(docs):
        text = doc_text(doc)
        index = SECTION_INDEX.get(doc)
        assert index is not None  # the sections component, looked up above, sees every doc
        flags = list(FLAGS.get(doc))
        language = LANGUAGE.get(doc)
        if language not in (None, "nl"):
            flags.append("not_dutch")
        regions = [
            Section(start=span.start_char, end=span.end_char, label=span.label_, counted=index.counts(span.label_))
            for span in doc.spans[sections_key]
        ]
        occupation = occupations.get(OCCUPATION_ID.get(doc))
        facts = find_text_facts(text, regions, KIND.get(doc), HEADLINE_END.get(doc))
        skills = _without_education(
            _mentions(doc, text, index, matcher.concepts, mentions_key, KIND.get(doc)), facts.education
        )
        yield TextAnalysis(
            skills=skills,
            sections=regions,
            occupation=OccupationMatch(
                id=occupation.id,
                label=occupation.label,
                isco=occupation.isco,
                esco_uri=occupation.esco_uri,
                source=OCCUPATION_SOURCE.get(doc),
            )
            if occupation
            else None,
            education=facts.education,
            education_level=facts.education_level,
            hours_min=facts.hours_min,
            hours_max=facts.hours_max,
            contract_type=facts.contract_type,
            places=facts.places,
            sector=SECTOR.get(doc),
            language=language,
            flags=flags,
        )


def _without_education(mentions: list[SkillMention], education: list) -> list[SkillMention]:
    """The mentions, less the unlinked ones within a stated education requirement ("MBO niveau 3", "een afgeronde
    hbo-opleiding"): ANNOTATION.md counts those as education, not skills."""
    if not education:
        return mentions
    return [m for m in mentions if m.linked or not any(e.start <= m.start and m.end <= e.end + 1 for e in education)]


def analysed_text(item: TextInput) -> str:
    """The text the pipeline reads: headline (title, category) and the prepared body (``cleaning.py``)."""
    return _analysed_text(item)[0]


def _analysed_text(item: TextInput) -> tuple[str, list[str]]:
    body, flags = prepare_text(item.body)
    headline = _headline(item)
    return (f"{headline}\n\n{body}" if headline else body), flags


def _headline(item: TextInput) -> str:
    return "\n".join(part for part in (item.title, item.category) if part)[:MAX_HEADLINE_CHARS]


def input_doc(nlp: Language, item: TextInput) -> Doc:
    """The doc the pipeline's components read for ``item``: its analysed text, with kind, headline and flags."""
    text, flags = _analysed_text(item)
    doc = nlp.make_doc(text)
    FLAGS.set(doc, flags)
    TEXT.set(doc, text)
    HEADLINE_END.set(doc, len(_headline(item)))
    KIND.set(doc, item.kind)
    return doc


ENTRY_REQUIREMENTS = "prerequisites"
"""The section of a course page that states its entry requirements ("Voor wie", "Toelatingseisen")."""


def mention_requirement(section: str, counted: bool, nice_to_have: bool, kind: str) -> str | None:
    """The requirement (ANNOTATION.md) a mention stands for, from where the pipeline found it; None for a mention
    that is no requirement of the job or course (benefits, the company's self-description, application details).

    In a course every mention that counts is taught (learning outcomes, content, the intro and the rest of the
    page), and one in its entry requirements is ``must`` (it counts as no supply). In a vacancy, of the mentions
    that count: ``nice`` when marked as a plus (a nice-to-have section or a marker such as "is een pré" in its
    sentence), ``must`` in a requirements section ("Wat vragen wij", "Jouw profiel"), else ``other``: the tasks,
    the intro, a text without headings and the title state what the job involves, not what it asks.

    >>> mention_requirement("learning", True, False, "offer"), mention_requirement("prerequisites", False, 0, "offer")
    ('taught', 'must')
    >>> mention_requirement("requirements", True, False, "vacancy"), mention_requirement("offer", False, 0, "vacancy")
    ('must', None)
    """
    if kind == "offer":
        if section == ENTRY_REQUIREMENTS:
            return "must"
        return "taught" if counted else None
    if not counted:
        return None
    if nice_to_have:
        return "nice"
    return "must" if section == "requirements" else "other"


def _mentions(
    doc: Doc, text: str, index: SectionIndex, concepts: dict[str, Concept], mentions_key: str, kind: str
) -> list[SkillMention]:
    mentions = []
    not_demand = NOT_DEMAND.get(doc)
    for span in doc.spans[mentions_key]:
        concept = concepts.get(span.kb_id_)
        term = normalised_term(span)
        if not term and concept is None:
            continue  # only small words: nothing to name
        start, end = span.start_char, span.end_char
        context = index.of_mention(start, end)
        # A sentence-final period can stick to an abbreviation token ("VCA-VOL."); it is not part of the skill.
        if text[end - 1] == "." and not (concept and concept.label.endswith(".")):
            end -= 1
        reason = not_demand.get((span.start_char, span.end_char)) if context.counted else None
        counted = context.counted and reason is None
        mentions.append(
            SkillMention(
                concept_id=concept.id if concept else f"{TERM_PREFIX}{term}",
                label=concept.label if concept else term,
                esco_uri=concept.esco_uri if concept else None,
                start=start,
                end=end,
                text=text[start:end],
                section=context.section,
                counted=counted,
                nice_to_have=context.nice_to_have,
                reason=reason,
                linked=concept is not None,
                term=term,
                type=span.label_,
                requirement=mention_requirement(context.section, counted, context.nice_to_have, kind),
            )
        )
    return mentions
