"""Tests of nlp/components/_serialisation.py: a pipeline saved to disk or bytes and loaded again gives the same
analyses, without the data files it was built from, and each component saves its data the way spaCy's do."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict

import pytest
import spacy
import srsly

from llo_radar.demo.texts import demo_texts
from nlp.components._serialisation import SavedData
from nlp.corpus import real_texts, realtexts_dir
from nlp.evaluate import real_text_input
from nlp.pipeline import SKILL_MATCHER, SKILL_TAGGER, analyse, reading_version
from nlp.taxonomy import BUNDLED_TAXONOMY
from nlp.types import TextInput

DATA_DIR = BUNDLED_TAXONOMY.parent
"""The bundled data files a pipeline is built from: a loaded pipeline has its own copy."""
_LOAD_AND_ANALYSE = """
import json, os, sys
from dataclasses import asdict
from pathlib import Path

pipeline_dir, bytes_file, data_dir = sys.argv[1:4]
opened = {"data": [], "saved": []}

def note_opened_files(event, args):
    if event == "open" and isinstance(args[0], (str, os.PathLike)):
        path = os.fspath(args[0])
        for folder, key in ((data_dir, "data"), (pipeline_dir, "saved")):
            if path.startswith(folder):
                opened[key].append(path)

sys.addaudithook(note_opened_files)
import spacy
from spacy import util
from nlp.pipeline import analyse, reading_version
from nlp.types import TextInput

inputs = [TextInput(**item) for item in json.load(sys.stdin)]
from_disk = spacy.load(pipeline_dir)
fresh = util.get_lang_class(from_disk.config["nlp"]["lang"]).from_config(from_disk.config)
from_bytes = fresh.from_bytes(Path(bytes_file).read_bytes())
json.dump(
    {
        name: {"analyses": [asdict(a) for a in analyse(inputs, nlp)], "version": reading_version(nlp)}
        for name, nlp in (("disk", from_disk), ("bytes", from_bytes))
    }
    | {"opened": opened},
    sys.stdout,
)
"""


def _real_inputs() -> list[TextInput]:
    if not (realtexts_dir() / "manifest.csv").exists():
        return []
    return [real_text_input(text) for text in real_texts()]


@pytest.fixture(scope="module")
def texts() -> dict[str, list[TextInput]]:
    return {"demo": demo_texts(), "real": _real_inputs()}


@pytest.fixture(scope="module")
def loaded(nlp, texts, tmp_path_factory) -> dict:
    """What the bundled pipeline, saved to a folder and to bytes, reads once loaded in a process of its own, and
    which files of nlp/data and of the saved folder that process opens."""
    folder = tmp_path_factory.mktemp("saved-pipeline")
    nlp.to_disk(folder / "pipeline")
    (folder / "pipeline.bin").write_bytes(nlp.to_bytes())
    inputs = [asdict(item) for group in texts.values() for item in group]
    arguments = [str(folder / "pipeline"), str(folder / "pipeline.bin"), str(DATA_DIR)]
    result = subprocess.run(
        [sys.executable, "-c", _LOAD_AND_ANALYSE, *arguments],
        input=json.dumps(inputs),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout)


def _as_json(analyses) -> list[dict]:
    return json.loads(json.dumps([asdict(analysis) for analysis in analyses]))


@pytest.mark.parametrize("transport", ["disk", "bytes"])
@pytest.mark.parametrize("group", ["demo", "real"])
def test_a_loaded_pipeline_reads_texts_as_the_one_saved(nlp, texts, loaded, transport, group):
    if not texts[group]:
        pytest.skip(f"The real texts are not at {realtexts_dir()}: set LLO_RADAR_REALTEXTS to the realtexts folder")
    first = len(texts["demo"]) if group == "real" else 0
    expected = _as_json(analyse(texts[group], nlp))
    got = loaded[transport]["analyses"][first : first + len(expected)]
    assert any(analysis["skills"] for analysis in expected)  # the texts give something to compare
    assert got == expected  # skills with offsets and concept ids, sections, occupation, sector, levels, places


def test_a_loaded_pipeline_opens_none_of_the_data_files_and_knows_what_the_saved_one_knew(nlp, loaded):
    assert loaded["opened"]["data"] == []
    assert any(path.endswith("concepts.json") for path in loaded["opened"]["saved"])  # opens are seen
    assert loaded["disk"]["version"] == loaded["bytes"]["version"] == reading_version(nlp)


def _saved_components(nlp) -> list[tuple[str, SavedData]]:
    return [(name, component) for name, component in nlp.pipeline if isinstance(component, SavedData)]


def test_every_component_with_data_saves_it(nlp):
    assert {name for name, _component in _saved_components(nlp)} == set(nlp.pipe_names) - {"llo_language"}


def test_components_round_trip_their_bytes(mini_nlp):
    fresh = spacy.util.get_lang_class("nl").from_config(mini_nlp.config)
    for name, component in _saved_components(mini_nlp):
        data = component.to_bytes()
        assert fresh.get_pipe(name).from_bytes(data).to_bytes() == data, name


def test_exclude_leaves_a_file_out_as_spacy_components_do(mini_nlp, nlp, tmp_path):
    matcher = mini_nlp.get_pipe(SKILL_MATCHER)
    matcher.to_disk(tmp_path / "matcher", exclude=["concepts"])
    assert not (tmp_path / "matcher" / "concepts.json").exists()
    tagger = nlp.get_pipe(SKILL_TAGGER)
    tagger.to_disk(tmp_path / "tagger", exclude=["skill_types"])
    assert [path.name for path in (tmp_path / "tagger").iterdir()] == ["skill_spans.crfsuite"]
    assert set(srsly.msgpack_loads(matcher.to_bytes(exclude=["concepts"]))) == set()
    # Loading with a file left out keeps what the component has.
    mini_concepts = dict(matcher.concepts)
    matcher.from_bytes(nlp.get_pipe(SKILL_MATCHER).to_bytes(), exclude=["concepts"])
    assert matcher.concepts == mini_concepts
