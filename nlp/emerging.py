"""Emerging skills: the unlinked terms texts ask for or teach, with counts and examples, for review.

The pipeline keeps every skill mention the taxonomy does not know as a term of its own, in normalised form
(``nlp/terms.py``). Terms are counted once per text they count in (demand in a vacancy, supply in a course) and
listed most frequent first, each with its most common spelling and a few sentences it stands in; a reviewer
accepts a term into the taxonomy as a synonym of a concept (``llo-radar skills accept``), after which the next
extraction links it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language

from .pipeline import analyse, analysed_text
from .types import TextAnalysis, TextInput


@dataclass
class EmergingTerm:
    """An unlinked term with the number of texts it counts in and a few example sentences."""

    term: str
    """The normalised term (``dakkapel plaatsen``)."""
    spelling: str = ""
    """How texts write it most often ("dakkapellen plaatsen")."""
    type: str = ""
    """Its most common mention type (``skill``, ``knowledge``, ``tool``, ...)."""
    count: int = 0
    examples: list[str] = field(default_factory=list)


def emerging_terms(
    texts: Iterable[TextInput], nlp: Language, *, min_count: int = 2, max_examples: int = 3
) -> list[EmergingTerm]:
    """Unlinked terms that count in at least ``min_count`` texts, most frequent first."""
    texts = list(texts)
    return collect_terms(zip(texts, analyse(texts, nlp), strict=True), min_count=min_count, max_examples=max_examples)


def collect_terms(
    analysed: Iterable[tuple[TextInput, TextAnalysis]], *, min_count: int = 2, max_examples: int = 3
) -> list[EmergingTerm]:
    """The unlinked terms of analysed texts that count in at least ``min_count`` of them, most frequent first."""
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for item, analysis in analysed:
        text = analysed_text(item)
        seen_here = set()
        for mention in analysis.skills:
            if mention.linked or not mention.counted:
                continue
            spellings[mention.term][mention.text] += 1
            types[mention.term][mention.type] += 1
            if mention.term not in seen_here:
                seen_here.add(mention.term)
                counts[mention.term] += 1
                if len(examples[mention.term]) < max_examples:
                    examples[mention.term].append(sentence_around(text, mention.start, mention.end))
    return [
        EmergingTerm(
            term,
            spellings[term].most_common(1)[0][0],
            types[term].most_common(1)[0][0],
            count,
            examples[term],
        )
        for term, count in counts.most_common()
        if count >= min_count
    ]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence, line or list item the characters ``start`` to ``end`` stand in, in one line (at most 200
    characters)."""
    left = max(text.rfind(separator, 0, start) for separator in ".\n!?") + 1
    right_candidates = [i for i in (text.find(separator, end) for separator in ".\n!?") if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return " ".join(text[left:right].split())[:200]
