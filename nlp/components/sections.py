"""``llo_sections``: finds the sections of a text by their headings and tells, per skill mention, which section
it is in, whether it counts (demand for vacancies, supply for offers) and whether it is a nice-to-have.

A line is a heading when it is not a bullet, has at most ``max_heading_words`` words and either equals a known
heading phrase, ends in "?" or ":", or is short and starts with a known phrase; the longest matching phrase
gives its type (``other`` when none). Heading phrases, the sections that count per kind of text and the
nice-to-have markers are data (``nlp/data/sections.yaml``, through the ``llo.section_rules.v1`` config hook).
Section spans go to ``doc.spans[sections_key]``. Each section and skill span has ``span._.llo_section``,
``span._.llo_counted`` and ``span._.llo_nice_to_have``: getters over one ``MentionContext`` per span in
``doc._.llo_mention_context``, set once per doc (spaCy keeps a span's own extension values in ``doc.user_data``,
one dictionary write per attribute per span, which cost more than finding the sections). The kind of text is
``doc._.llo_kind``.
"""

# No `from __future__ import annotations`: spaCy validates initialize() arguments from real type hints.
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import srsly
import yaml
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, registry

from ..errors import Errors, RulesError
from ._batching import BatchedPipe

BUNDLED_SECTION_RULES = Path(__file__).parent.parent / "data" / "sections.yaml"
_RULES_FILE = "section_rules.json"
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d+[.)])\s")
_SENTENCE_END = re.compile(r"[.!?;\n]")
_TRAILING_PUNCTUATION = re.compile(r"[?:!.]+$")
SHORT_HEADING_WORDS = 5


class MentionContext(NamedTuple):
    """Where a span is: its section, whether it counts (demand or supply), whether it is a nice-to-have."""

    section: str
    counted: bool
    nice_to_have: bool


OUTSIDE_SECTIONS = MentionContext("body", True, False)
"""The context of a span the component did not tag."""


def mention_context(span: Span, contexts: dict | None = None) -> MentionContext:
    """The context the component gave a section or skill span (``contexts``: the doc's, when at hand)."""
    contexts = span.doc._.llo_mention_context if contexts is None else contexts
    return contexts.get((span.start, span.end, span.label), OUTSIDE_SECTIONS) if contexts else OUTSIDE_SECTIONS


Doc.set_extension("llo_kind", default="vacancy", force=True)
Doc.set_extension("llo_mention_context", default=None, force=True)
Span.set_extension("llo_section", getter=lambda span: mention_context(span).section, force=True)
Span.set_extension("llo_counted", getter=lambda span: mention_context(span).counted, force=True)
Span.set_extension("llo_nice_to_have", getter=lambda span: mention_context(span).nice_to_have, force=True)


class SectionRules:
    """Heading phrases per section type, counted sections per kind of text, nice-to-have markers.

    A plain class, not a dataclass, so that spaCy's pydantic validation of ``initialize()`` keeps it intact.
    """

    __slots__ = ("counted", "headings", "nice_markers")

    def __init__(self, headings: dict[str, list[str]], counted: dict[str, list[str]], nice_markers: list[str]) -> None:
        self.headings = headings
        self.counted = counted
        self.nice_markers = nice_markers

    def to_dict(self) -> dict:
        return {"headings": self.headings, "counted": self.counted, "nice_to_have_markers": self.nice_markers}


def load_section_rules(path: str | Path = BUNDLED_SECTION_RULES) -> SectionRules:
    """Read section rules from YAML."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("headings", "counted", "nice_to_have_markers"):
        if not data.get(key):
            raise RulesError(Errors.E007.format(path=path, key=key))
    headings = {section: [str(p).lower() for p in phrases] for section, phrases in data["headings"].items()}
    return SectionRules(headings, data["counted"], [str(m).lower() for m in data["nice_to_have_markers"]])


@registry.misc("llo.section_rules.v1")
def section_rules_from_file(path: str | None = None) -> SectionRules:
    """Config hook: the section rules at ``path``, or the bundled default when ``path`` is null."""
    return load_section_rules(path or BUNDLED_SECTION_RULES)


@Language.factory(
    "llo_sections",
    assigns=["doc.spans", "doc._.llo_mention_context"],
    default_config={"skills_key": "skills", "sections_key": "sections", "max_heading_words": 8},
)
def make_sections(
    nlp: Language, name: str, skills_key: str, sections_key: str, max_heading_words: int
) -> "SectionTagger":
    """Build the component.

    skills_key: ``doc.spans`` key of the skill mentions to tag.
    sections_key: ``doc.spans`` key the sections are written to.
    max_heading_words: longest line that can be a heading.
    """
    return SectionTagger(name, skills_key=skills_key, sections_key=sections_key, max_heading_words=max_heading_words)


def doc_text(doc: Doc) -> str:
    """The doc's text: the string it was made from when ``nlp.pipeline`` kept it, else ``doc.text`` (which
    spaCy builds anew from the tokens on every access)."""
    return doc.user_data.get("llo_text") or doc.text


def _region_spans(doc: Doc, regions: list[tuple[int, int, str]]) -> list[Span]:
    """Token spans covering character regions (expanded to whole tokens); empty regions are left out.

    One pass over the tokens plus bisection: ``doc.char_span(alignment_mode="expand")`` walks all tokens per call
    and cost more than the rest of the pipeline together.
    """
    starts = doc.to_array(IDX).tolist()
    spans = []
    for start, end, label in regions:
        first = max(bisect_right(starts, start) - 1, 0)
        last = bisect_left(starts, end)
        if last > first and start < end:
            spans.append(Span(doc, first, last, label=label))
    return spans


class _NiceMarkers:
    """Whether the sentence (or bullet) around a mention marks it as a plus: the text's sentence ends are found
    once, not once per mention, and each sentence is checked once, for all markers in one search."""

    __slots__ = ("_ends", "_markers", "_seen", "_text")

    def __init__(self, text: str, markers: re.Pattern) -> None:
        self._text = text
        self._markers = markers
        self._ends = [match.start() for match in _SENTENCE_END.finditer(text)]
        self._seen: dict[tuple[int, int], bool] = {}

    def in_sentence_of(self, span: Span) -> bool:
        before = bisect_left(self._ends, span.start_char)
        start = self._ends[before - 1] + 1 if before else 0
        after = bisect_left(self._ends, span.end_char)
        end = self._ends[after] + 1 if after < len(self._ends) else len(self._text)
        if (start, end) not in self._seen:
            self._seen[start, end] = self._markers.search(self._text[start:end].lower()) is not None
        return self._seen[start, end]


class SectionTagger(BatchedPipe):
    """Finds sections and tags skill mentions with them."""

    def __init__(self, name: str, *, skills_key: str, sections_key: str, max_heading_words: int) -> None:
        self.name = name
        self.skills_key = skills_key
        self.sections_key = sections_key
        self.max_heading_words = max_heading_words
        self.rules: SectionRules | None = None
        self._section_of_phrase: dict[str, str] = {}
        self._counted: dict[str, frozenset[str]] = {}
        self._nice_markers: re.Pattern | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None, rules: SectionRules) -> None:
        """Load the section rules."""
        self.set_rules(rules)

    def set_rules(self, rules: SectionRules) -> None:
        """Replace the rules."""
        self.rules = rules
        self._section_of_phrase = {}
        for section, phrases in rules.headings.items():
            for phrase in phrases:
                self._section_of_phrase.setdefault(phrase, section)  # a phrase listed twice keeps its first section
        self._counted = {kind: frozenset(sections) for kind, sections in rules.counted.items()}
        self._nice_markers = re.compile("|".join(map(re.escape, rules.nice_markers)))

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise ValueError(Errors.E006.format(name=self.name))
        ext = doc._  # every "doc._" makes a new accessor object
        text = doc_text(doc)
        regions = self.find_sections(text, ext.llo_headline_end)
        counted = self._counted.get(ext.llo_kind, frozenset())
        sections = _region_spans(doc, regions)
        contexts: dict[tuple[int, int, int], MentionContext] = {}
        for span in sections:
            label = span.label_
            contexts[span.start, span.end, span.label] = MentionContext(
                label, label in counted, label == "nice_to_have"
            )
        doc.spans[self.sections_key] = sections
        skills = doc.spans.get(self.skills_key)
        if skills:
            region_starts = [start for start, _end, _label in regions]
            nice = _NiceMarkers(text, self._nice_markers)
            for span in skills:
                # Regions are in order and do not overlap: only the last one starting at or before the mention
                # can hold it.
                _start, end, section = regions[bisect_right(region_starts, span.start_char) - 1]
                section = section if span.start_char < end else "body"
                contexts[span.start, span.end, span.label] = MentionContext(
                    section, section in counted, section == "nice_to_have" or nice.in_sentence_of(span)
                )
        ext.llo_mention_context = contexts
        return doc

    def find_sections(self, text: str, headline_end: int = 0) -> list[tuple[int, int, str]]:
        """(start, end, section) regions covering ``text`` after the headline, in order."""
        regions: list[tuple[int, int, str]] = [(0, headline_end, "headline")] if headline_end else []
        headings = []
        offset = 0
        for line in text.splitlines(keepends=True):
            if offset >= headline_end and (section := self.heading_type(line)):
                headings.append((offset, offset + len(line), section))
            offset += len(line)
        if not headings:
            return [*regions, (headline_end, len(text), "body")]
        if headings[0][0] > headline_end:
            regions.append((headline_end, headings[0][0], "intro"))
        for index, (start, _end, section) in enumerate(headings):
            region_end = headings[index + 1][0] if index + 1 < len(headings) else len(text)
            regions.append((start, region_end, section))
        return regions

    def heading_type(self, line: str) -> str | None:
        """The section a line opens, or None when it is not a heading."""
        if _BULLET.match(line):
            return None
        stripped = line.strip().lstrip("#").strip()
        words = stripped.split()
        if not words or len(words) > self.max_heading_words:
            return None
        normalised = " ".join(_TRAILING_PUNCTUATION.sub("", stripped).lower().split())
        phrase_section = self._longest_phrase_section(normalised)
        if normalised in self._section_of_phrase:
            return phrase_section
        if stripped.endswith(("?", ":")):
            return phrase_section or "other"
        if phrase_section and len(words) <= SHORT_HEADING_WORDS and not stripped.endswith((".", ",")):
            return phrase_section
        return None

    def _longest_phrase_section(self, normalised: str) -> str | None:
        """Section of the longest heading phrase that makes up the first words of ``normalised``, so that
        "over de functie" (tasks) wins over "over" (company); a dictionary look-up per word count rather than a
        scan of every phrase."""
        words = normalised.split(" ")
        for count in range(len(words), 0, -1):
            if section := self._section_of_phrase.get(" ".join(words[:count])):
                return section
        return None

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / _RULES_FILE, self.rules.to_dict() if self.rules else {})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "SectionTagger":
        data = srsly.read_json(ensure_path(path) / _RULES_FILE)
        self.set_rules(SectionRules(data["headings"], data["counted"], data["nice_to_have_markers"]))
        return self
