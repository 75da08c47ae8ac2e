"""Emerging skills: terms vacancies ask for that the taxonomy does not know yet, with counts and examples.

Dutch ads name skills after cue phrases ("ervaring met X", "kennis van X", "bekend met X", "certificaat X").
The words after a cue, up to the next punctuation or conjunction, are a candidate when no taxonomy concept
matches there and the sentence is in a section that counts as demand. Candidates are counted once per
text; the most frequent ones are what the taxonomy should learn next.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language

from .pipeline import analyse, analysed_text
from .types import TextInput

_CUE = re.compile(
    r"\b(?:ervaring|kennis|bekendheid|affiniteit|kunde|vaardigheid|vaardig|bekend|werkervaring)\s+(?:met|van|in)\s+"
    r"(?:de |het |een )?(?P<term>[^\n.,;:!?()]{2,60})"
    r"|\b(?:certificaat|diploma|cursus|opleiding)\s+(?P<cert>[A-Z][\w-]{1,40})",
    re.IGNORECASE,
)
_STOP = re.compile(r"\s+(?:en|of|is|zijn|wordt|als|bij|voor|binnen|op|in|met|die|dat|om|een)\b.*$", re.IGNORECASE)
_LEADING = re.compile(r"^(?:het|de|een|goede|ruime|aantoonbare|relevante|enige|basis|praktische)\s+", re.IGNORECASE)


@dataclass
class EmergingTerm:
    """A candidate term with the number of texts that ask for it and a few example sentences."""

    term: str
    count: int = 0
    examples: list[str] = field(default_factory=list)


def emerging_terms(
    texts: Iterable[TextInput], nlp: Language, *, min_count: int = 2, max_examples: int = 3
) -> list[EmergingTerm]:
    """Candidate terms in at least ``min_count`` texts, most frequent first."""
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    texts = list(texts)
    for item, analysis in zip(texts, analyse(texts, nlp), strict=True):
        text = analysed_text(item)
        covered = [(m.start, m.end) for m in analysis.skills]
        counted = [(section.start, section.end) for section in analysis.sections if section.counted]
        seen_here = set()
        for match in _CUE.finditer(text):
            group = "term" if match.group("term") else "cert"
            start, cut = match.start(group), _STOP.sub("", match.group(group))
            term = _LEADING.sub("", cut).strip(" -")
            end = start + len(cut)
            if len(term) < 2 or any(s < end and start < e for s, e in covered):
                continue  # empty, or the taxonomy knows what is there
            if not any(s <= start < e for s, e in counted):
                continue  # benefits, company blurb, application: not demand
            key = term.lower()
            spellings[key][term] += 1
            if key not in seen_here:
                seen_here.add(key)
                counts[key] += 1
                if len(examples[key]) < max_examples:
                    examples[key].append(_sentence(text, match.start(), end))
    return [
        EmergingTerm(spellings[key].most_common(1)[0][0], count, examples[key])
        for key, count in counts.most_common()
        if count >= min_count
    ]


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(sep, 0, start) for sep in ".\n!?") + 1
    right_candidates = [i for i in (text.find(sep, end) for sep in ".\n!?") if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return " ".join(text[left:right].split())[:200]
