"""Tests of nlp/components/_doc_values.py: every per-doc value of the pipeline goes through ``DocValue``."""

from __future__ import annotations

from pathlib import Path

from nlp.components import _doc_values
from nlp.pipeline import analyse, input_doc
from nlp.types import TextInput

NLP_PACKAGE = Path(_doc_values.__file__).resolve().parents[1]


def test_no_module_but_doc_values_touches_user_data():
    touching = {
        path.relative_to(NLP_PACKAGE).as_posix()
        for path in NLP_PACKAGE.rglob("*.py")
        if "user_data" in path.read_text(encoding="utf-8")
    }
    assert touching == {"components/_doc_values.py"}


def test_the_prepared_text_and_its_flags_are_doc_values(mini_nlp):
    item = TextInput(body="<p>Kennis van <b>Python</b></p>")
    doc = input_doc(mini_nlp, item)
    assert (doc._.llo_text, doc._.llo_flags) == ("Kennis van Python", ["html_removed"])
    assert next(analyse([item], mini_nlp)).flags == ["html_removed"]
