"""``llo_sections``: finds the sections of a text by their headings and tells, per skill mention, which section
it is in, whether it counts (demand for vacancies, supply for offers) and whether it is a nice-to-have.

A line is a heading when it is not a bullet, has at most ``max_heading_words`` words and either equals a known
heading phrase, ends in "?" or ":", or is short and starts with a known phrase; the longest matching phrase
gives its type (``other`` when none). Heading phrases, the sections that count per kind of text and the
nice-to-have markers are data (``nlp/data/sections.yaml``, through the ``llo.section_rules.v1`` config hook).
Section spans go to ``doc.spans[sections_key]``, and what the component found to ``doc._.llo_sections_found``,
as plain data that ``Doc.to_bytes`` stores; ``section_index(doc)`` makes it a ``SectionIndex``, which tells the
``MentionContext`` of any span when asked, so the component does not visit the skill spans itself. Each section
and skill span has ``span._.llo_section``, ``span._.llo_counted`` and ``span._.llo_nice_to_have``, getters over
that index. The kind of text is ``doc._.llo_kind``.
"""

# No `from __future__ import annotations`: spaCy validates initialize() arguments from real type hints.
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import srsly
import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, registry

from ..errors import Errors, RulesError
from ._batching import BatchedPipe
from ._doc_values import HEADLINE_END, KIND, DocValue

BUNDLED_SECTION_RULES = Path(__file__).parent.parent / "data" / "sections.yaml"
_RULES_FILE = "section_rules.json"
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d+[.)])\s")
_SENTENCE_END = re.compile(r"[.!?;\n]")
SHORT_HEADING_WORDS = 5


class MentionContext(NamedTuple):
    """Where a span is: its section, whether it counts (demand or supply), whether it is a nice-to-have."""

    section: str
    counted: bool
    nice_to_have: bool


OUTSIDE_SECTIONS = MentionContext("body", True, False)
"""The context of a span the component did not tag."""


def mention_context(span: Span) -> MentionContext:
    """The context of a section or skill span; ``OUTSIDE_SECTIONS`` when the component did not see its doc."""
    index = section_index(span.doc)
    return index.of_span(span) if index else OUTSIDE_SECTIONS


def section_index(doc: Doc) -> "SectionIndex | None":
    """What the component found in ``doc``, made ready for questions; None when it did not see the doc."""
    found = SECTIONS_FOUND.get(doc)
    return SectionIndex(doc_text(doc), **found) if found else None


SECTIONS_FOUND = DocValue("llo_sections_found")
"""What the component found, as plain data: ``regions`` ((start, end, section), in characters), ``spans`` ((start,
end, section) of the section spans, in tokens), the sections that count for the doc's kind of text (``counted``)
and the nice-to-have ``markers``."""
Span.set_extension("llo_section", getter=lambda span: mention_context(span).section, force=True)
Span.set_extension("llo_counted", getter=lambda span: mention_context(span).counted, force=True)
Span.set_extension("llo_nice_to_have", getter=lambda span: mention_context(span).nice_to_have, force=True)


class SectionRules:
    """Heading phrases per section type, counted sections per kind of text, nice-to-have markers.

    A plain class, not a dataclass, so that spaCy's pydantic validation of ``initialize()`` keeps it intact.
    """

    __slots__ = ("counted", "heading_words", "headings", "nice_markers")
    # heading_words: section -> words that decide a heading's section wherever they stand in it, alone or as the
    # end of a compound ("cursusinhoud"), when no heading phrase starts it.

    def __init__(
        self,
        headings: dict[str, list[str]],
        counted: dict[str, list[str]],
        nice_markers: list[str],
        heading_words: dict[str, list[str]] | None = None,
    ) -> None:
        self.headings = headings
        self.counted = counted
        self.nice_markers = nice_markers
        self.heading_words = heading_words or {}

    def to_dict(self) -> dict:
        return {
            "headings": self.headings,
            "heading_words": self.heading_words,
            "counted": self.counted,
            "nice_to_have_markers": self.nice_markers,
        }


def load_section_rules(path: str | Path = BUNDLED_SECTION_RULES) -> SectionRules:
    """Read section rules from YAML."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("headings", "counted", "nice_to_have_markers"):
        if not data.get(key):
            raise RulesError(Errors.E007.format(path=path, key=key))
    headings = {section: [str(p).lower() for p in phrases] for section, phrases in data["headings"].items()}
    words = {section: [str(w).lower() for w in found] for section, found in (data.get("heading_words") or {}).items()}
    return SectionRules(headings, data["counted"], [str(m).lower() for m in data["nice_to_have_markers"]], words)


@registry.misc("llo.section_rules.v1")
def section_rules_from_file(path: str | None = None) -> SectionRules:
    """Config hook: the section rules at ``path``, or the bundled default when ``path`` is null."""
    return load_section_rules(path or BUNDLED_SECTION_RULES)


@Language.factory(
    "llo_sections",
    assigns=["doc.spans", "doc._.llo_sections_found"],
    default_config={"sections_key": "sections", "max_heading_words": 8},
)
def make_sections(nlp: Language, name: str, sections_key: str, max_heading_words: int) -> "SectionTagger":
    """Build the component.

    sections_key: ``doc.spans`` key the sections are written to.
    max_heading_words: longest line that can be a heading.
    """
    return SectionTagger(name, sections_key=sections_key, max_heading_words=max_heading_words)


def doc_text(doc: Doc) -> str:
    """The doc's text: the string it was made from when ``nlp.pipeline`` kept it, else ``doc.text`` (which
    spaCy builds anew from the tokens on every access)."""
    return doc.user_data.get("llo_text") or doc.text


def _region_spans(doc: Doc, regions: list[tuple[int, int, str]]) -> list[Span]:
    """Token spans covering character regions (expanded to whole tokens); empty regions are left out."""
    spans = []
    for start, end, label in regions:
        span = doc.char_span(start, end, label=label, alignment_mode="expand") if start < end else None
        if span:
            spans.append(span)
    return spans


class SectionIndex:
    """A doc's sections as the tagger found them: tells the context of any span of the doc."""

    __slots__ = ("_counted", "_nice", "_region_starts", "_regions", "_section_spans")

    def __init__(
        self,
        text: str,
        regions: list[tuple[int, int, str]],
        spans: list[tuple[int, int, str]],
        counted: tuple[str, ...],
        markers: tuple[str, ...],
    ) -> None:
        self._regions = regions
        self._region_starts = [start for start, _end, _section in regions]
        # Tuples again: the data may have been through Doc.to_bytes, which makes them lists.
        self._section_spans = {tuple(span) for span in spans}
        self._counted = counted
        self._nice = _NiceMarkers(text, markers)

    def counts(self, section: str) -> bool:
        """Whether skills in ``section`` count for the doc's kind of text."""
        return section in self._counted

    def of_span(self, span: Span) -> MentionContext:
        """The context of one of the doc's section spans, or of a mention span."""
        section = span.label_
        if (span.start, span.end, section) in self._section_spans:
            return MentionContext(section, section in self._counted, section == "nice_to_have")
        return self.of_mention(span.start_char, span.end_char)

    def section_at(self, start: int) -> str:
        """The section the character at ``start`` is in."""
        # Regions are in order and do not overlap: only the last one starting at or before the mention can hold it.
        _start, region_end, section = self._regions[bisect_right(self._region_starts, start) - 1]
        return section if start < region_end else "body"

    def of_mention(self, start: int, end: int) -> MentionContext:
        """The context of a mention at characters ``start`` to ``end``."""
        section = self.section_at(start)
        return MentionContext(
            section, section in self._counted, section == "nice_to_have" or self._nice.in_sentence_of(start, end)
        )


class _NiceMarkers:
    """Whether the sentence (or bullet) around a mention marks it as a plus (has one of ``markers``, lower-case).

    Most texts have no marker at all, which one look at the whole text tells when first asked; in the others the
    sentence ends are found once, not once per mention, and each sentence is checked once.
    """

    __slots__ = ("_ends", "_marked", "_markers", "_seen", "_text")

    def __init__(self, text: str, markers: tuple[str, ...]) -> None:
        self._text = text
        self._markers = markers
        self._marked: bool | None = None  # whether the text has a marker at all, once asked
        self._ends: list[int] = []
        self._seen: dict[tuple[int, int], bool] = {}

    def _has_marker(self, text: str) -> bool:
        lowered = text.lower()
        return any(marker in lowered for marker in self._markers)

    def in_sentence_of(self, mention_start: int, mention_end: int) -> bool:
        if self._marked is None:
            self._marked = self._has_marker(self._text)
            if self._marked:
                self._ends = [match.start() for match in _SENTENCE_END.finditer(self._text)]
        if not self._marked:
            return False
        before = bisect_left(self._ends, mention_start)
        start = self._ends[before - 1] + 1 if before else 0
        after = bisect_left(self._ends, mention_end)
        end = self._ends[after] + 1 if after < len(self._ends) else len(self._text)
        if (start, end) not in self._seen:
            self._seen[start, end] = self._has_marker(self._text[start:end])
        return self._seen[start, end]


class SectionTagger(BatchedPipe):
    """Finds sections; their index tells skill mentions which section they are in."""

    def __init__(self, name: str, *, sections_key: str, max_heading_words: int) -> None:
        self.name = name
        self.sections_key = sections_key
        self.max_heading_words = max_heading_words
        self.rules: SectionRules | None = None
        self._section_of_phrase: dict[str, str] = {}
        self._section_of_word: dict[str, str] = {}
        self._longest_phrase = 0  # words
        self._counted: dict[str, tuple[str, ...]] = {}
        self._nice_markers: tuple[str, ...] = ()

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
        self._longest_phrase = max((len(phrase.split(" ")) for phrase in self._section_of_phrase), default=0)
        self._section_of_word = {}
        for section, words in rules.heading_words.items():
            for word in words:
                self._section_of_word.setdefault(word, section)
        self._counted = {kind: tuple(sections) for kind, sections in rules.counted.items()}
        # A marker that holds another ("is een pré", "pré") finds nothing the other does not.
        markers = rules.nice_markers
        self._nice_markers = tuple(m for m in markers if not any(other != m and other in m for other in markers))

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise ValueError(Errors.E006.format(name=self.name))
        text = doc_text(doc)
        regions = self.find_sections(text, HEADLINE_END.get(doc))
        sections = _region_spans(doc, regions)
        doc.spans[self.sections_key] = sections
        found = {
            "regions": regions,
            "spans": [(span.start, span.end, span.label_) for span in sections],
            "counted": self._counted.get(KIND.get(doc), ()),
            "markers": self._nice_markers,
        }
        SECTIONS_FOUND.set(doc, found)
        return doc

    def find_sections(self, text: str, headline_end: int = 0) -> list[tuple[int, int, str]]:
        """(start, end, section) regions covering ``text`` after the headline, in order."""
        regions: list[tuple[int, int, str]] = [(0, headline_end, "headline")] if headline_end else []
        headings = []
        offset = 0
        lines = text.splitlines(keepends=True)
        for number, line in enumerate(lines):
            # A line with blank lines (or the text's ends) around it stands alone, as headings do on web pages.
            alone = (number == 0 or not lines[number - 1].strip()) and (
                number + 1 == len(lines) or not lines[number + 1].strip()
            )
            if offset >= headline_end and (section := self.heading_type(line, standing_alone=alone)):
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

    def heading_type(self, line: str, *, standing_alone: bool = False) -> str | None:
        """The section a line opens, or None when it is not a heading.

        A line is a heading when it is no bullet, has at most ``max_heading_words`` words and is a heading phrase,
        ends in "?" or ":", or is short (``SHORT_HEADING_WORDS``), does not end like a sentence and either starts
        with a heading phrase or stands alone between blank lines. Its section is that of the longest heading
        phrase it starts with, else that of a heading word in it, else ``other``.
        """
        if _BULLET.match(line):
            return None
        stripped = line.strip().lstrip("#").strip()
        words = stripped.split()
        if not words or len(words) > self.max_heading_words:
            return None
        normalised = " ".join(stripped.rstrip("?:!.").lower().split())
        phrase_section = self._longest_phrase_section(normalised)
        if normalised in self._section_of_phrase:
            return phrase_section
        section = phrase_section or self._heading_word_section(normalised)
        if stripped.endswith(("?", ":")):
            return section or "other"
        short = len(words) <= SHORT_HEADING_WORDS and not stripped.endswith((".", ",", ";", "!"))
        if short and (phrase_section or standing_alone):
            return section or "other"
        return None

    def _heading_word_section(self, normalised: str) -> str | None:
        """Section of the first heading word in ``normalised``, a word itself or the end of a compound."""
        for word in re.split(r"[^\w]+", normalised):
            for start in range(len(word)):
                if section := self._section_of_word.get(word[start:]):
                    return section
        return None

    def _longest_phrase_section(self, normalised: str) -> str | None:
        """Section of the longest heading phrase that makes up the first words of ``normalised``, so that
        "over de functie" (tasks) wins over "over" (company); a dictionary look-up per word count rather than a
        scan of every phrase."""
        words = normalised.split(" ")
        for count in range(min(len(words), self._longest_phrase), 0, -1):
            if section := self._section_of_phrase.get(" ".join(words[:count])):
                return section
        return None

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / _RULES_FILE, self.rules.to_dict() if self.rules else {})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "SectionTagger":
        data = srsly.read_json(ensure_path(path) / _RULES_FILE)
        rules = SectionRules(data["headings"], data["counted"], data["nice_to_have_markers"], data.get("heading_words"))
        self.set_rules(rules)
        return self
