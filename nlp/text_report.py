"""Everything the pipeline finds in one text, as a JSON-ready mapping (``llo-radar analyse``).

For a plain text file (its first line the title, the rest the body) every offset refers to the characters of the
file as given; for a crawled page, to the analysed text, which the report then includes.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from spacy.language import Language

from .esco_linking import link_mentions
from .pipeline import analyse, analysed_text
from .types import TextAnalysis, TextInput, file_offset, file_text_input


def file_report(text: str, kind: str, nlp: Language) -> dict[str, Any]:
    """The analysis of a plain text file, offsets into ``text``."""
    item = file_text_input(text, kind)
    (analysis,) = analyse([item], nlp)
    link_mentions(analysis.skills)
    in_file = analysed_text(item) == f"{item.title}\n\n{item.body}"  # else markup or bad characters were removed
    report = {"kind": kind, **_analysis(analysis, item if in_file else None)}
    if not in_file:
        report["text"] = analysed_text(item)
    return report


def item_report(item: TextInput, nlp: Language) -> dict[str, Any]:
    """The analysis of a crawled item, offsets into its analysed text (included)."""
    (analysis,) = analyse([item], nlp)
    link_mentions(analysis.skills)
    return {"kind": item.kind, **_analysis(analysis, None), "text": analysed_text(item)}


def _analysis(analysis: TextAnalysis, item: TextInput | None) -> dict[str, Any]:
    """The analysis as plain data, its offsets moved into the file of ``item`` when given."""
    data = asdict(analysis)
    if item is not None:
        for key in ("skills", "sections", "education", "places"):
            for entry in data[key]:
                entry["start"], entry["end"] = file_offset(entry["start"], item), file_offset(entry["end"], item)
    return data
