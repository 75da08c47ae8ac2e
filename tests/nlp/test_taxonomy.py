"""Tests of nlp/taxonomy.py and the bundled taxonomy."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from nlp.errors import TaxonomyError
from nlp.taxonomy import CONCEPT_TYPES, load_taxonomy
from tests.conftest import REFDATA


@pytest.fixture(scope="module")
def bundled():
    return load_taxonomy()


def test_bundled_taxonomy_is_consistent(bundled):
    assert len(bundled.concepts) >= 600
    # "tool" is for the concepts users accept from the review queue; the bundled tools are digital skills.
    assert {c.type for c in bundled.concepts.values()} == CONCEPT_TYPES - {"tool"}
    assert {c.group for c in bundled.concepts.values()} <= bundled.groups.keys()
    terms = Counter(term.casefold() for c in bundled.concepts.values() for term in set(map(str.casefold, c.terms)))
    shared = sorted(term for term, n in terms.items() if n > 1)
    assert not shared, f"terms used by more than one concept: {shared}"


def test_bundled_esco_uris_exist_in_esco(bundled):
    skills_file = REFDATA / "esco-en" / "skills_en.csv"
    if not skills_file.exists():
        pytest.skip(f"ESCO reference file {skills_file} is absent (shared/refdata not mounted)")
    known = set()
    with skills_file.open(encoding="utf-8", newline="") as handle:
        known.update(row["conceptUri"] for row in csv.DictReader(handle))
    for name in ("transversalSkillsCollection_nl.csv", "languageSkillsCollection_nl.csv", "ictSkillsCollection_nl.csv"):
        with (REFDATA / "esco-nl" / "v1.0.8" / name).open(encoding="utf-8", newline="") as handle:
            known.update(row["conceptUri"] for row in csv.DictReader(handle))
    uris = [c.esco_uri for c in bundled.concepts.values() if c.esco_uri]
    assert len(uris) >= 0.3 * len(bundled.concepts)
    assert [uri for uri in uris if uri not in known] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("concepts: [", "not valid YAML"),
        ("- just a list", "expected a mapping"),
        ("groups: [{id: g, label: G}]\nconcepts: [{id: 'Bad Id', label: x, type: skill, group: g}]", "id must look"),
        ("groups: [{id: g, label: G}]\nconcepts: [{id: 'llo:a', type: skill, group: g}]", "label is missing"),
        ("groups: [{id: g, label: G}]\nconcepts: [{id: 'llo:a', label: a, type: vaardigheid, group: g}]", "type"),
        ("groups: []\nconcepts: [{id: 'llo:a', label: a, type: skill, group: g}]", "not declared"),
        (
            "groups: [{id: g, label: G}]\nconcepts:\n"
            "  - {id: 'llo:a', label: a, type: skill, group: g}\n  - {id: 'llo:a', label: b, type: skill, group: g}",
            "appears twice",
        ),
    ],
)
def test_bad_taxonomy_files_name_the_problem(tmp_path, text, message):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(path)


def test_missing_taxonomy_file(tmp_path):
    with pytest.raises(TaxonomyError, match=r"\[E001\]"):
        load_taxonomy(tmp_path / "absent.yaml")


def test_users_add_synonyms_in_a_file(tmp_path):
    from nlp.pipeline import analyse, build_pipeline
    from nlp.types import TextInput

    from .conftest import MINI_TAXONOMY

    extra = tmp_path / "synoniemen.yaml"
    extra.write_text('"llo:wondzorg": [decubituszorg, wonden behandelen]\n', encoding="utf-8")
    nlp = build_pipeline(taxonomy=MINI_TAXONOMY, synonyms=extra)
    (analysis,) = analyse([TextInput(body="Ervaring met decubituszorg en wonden behandelen.")], nlp)
    assert [m.concept_id for m in analysis.skills] == ["llo:wondzorg", "llo:wondzorg"]

    extra.write_text('"llo:bestaat-niet": [iets]\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"\[E008\].*unknown concept id 'llo:bestaat-niet'"):
        build_pipeline(taxonomy=MINI_TAXONOMY, synonyms=extra)
