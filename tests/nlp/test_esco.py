"""Tests of nlp/esco.py on the Dutch and English ESCO files in shared/refdata."""

from __future__ import annotations

import pytest

from nlp.errors import TaxonomyError
from nlp.esco import import_esco, write_import
from nlp.occupations import load_occupations
from nlp.pipeline import analyse, build_pipeline
from nlp.taxonomy import load_taxonomy
from nlp.types import TextInput
from tests.conftest import REFDATA

ESCO_NL = REFDATA / "esco-nl"


@pytest.fixture(scope="module")
def dutch_v108():
    if not (ESCO_NL / "v1.0.8").is_dir():
        pytest.skip(f"Dutch ESCO files {ESCO_NL / 'v1.0.8'} are absent (shared/refdata not mounted)")
    return import_esco(ESCO_NL / "v1.0.8")


def test_dutch_download_without_skills_file_imports_collections_groups_and_occupations(dutch_v108):
    assert dutch_v108.language == "nl"
    assert len(dutch_v108.occupations) == 2942
    assert len(dutch_v108.isco_groups) == 619
    assert len(dutch_v108.taxonomy.groups) == 673 + 1  # ESCO's skill groups and a catch-all
    concepts = dutch_v108.taxonomy.concepts.values()
    types = {c.type for c in concepts}
    assert {"language", "transversal"} <= types
    assert sum(c.digital for c in concepts) >= 21  # the ICT collection
    assert all(c.esco_uri and c.id.startswith("esco:") for c in concepts)
    nurses = [o for o in dutch_v108.occupations if o.isco == "2221"]
    assert nurses and all("verpleegkundig" in o.label for o in nurses)
    german = next(c for c in concepts if c.label == "mondeling in het Duits communiceren")
    assert "Duits spreken" in german.synonyms  # " | "-separated labels in collections


def test_written_import_feeds_the_pipeline(dutch_v108, tmp_path):
    paths = write_import(dutch_v108, tmp_path)
    taxonomy = load_taxonomy(paths["taxonomy.yaml"])
    assert len(taxonomy.concepts) == len(dutch_v108.taxonomy.concepts)
    assert len(load_occupations(paths["occupations.yaml"])) == 2942
    nlp = build_pipeline(taxonomy=paths["taxonomy.yaml"])
    (analysis,) = analyse([TextInput(body="Je kunt Duits spreken en met anderen omgaan.")], nlp)
    labels = {m.label for m in analysis.skills}
    assert {"mondeling in het Duits communiceren", "met anderen omgaan"} <= labels, labels


def test_newer_release_and_other_language():
    if not (REFDATA / "esco-en").is_dir():
        pytest.skip("ESCO reference files are absent (shared/refdata not mounted)")
    assert len(import_esco(ESCO_NL / "v1.2.0").occupations) == 3039
    english = import_esco(REFDATA / "esco-en")
    assert english.language == "en"
    assert len(english.taxonomy.concepts) == 13412


def test_not_an_esco_folder(tmp_path):
    with pytest.raises(TaxonomyError, match=r"\[E009\]"):
        import_esco(tmp_path)
