"""Tests of nlp/corpus.py: the real texts are read as the manifest describes them, the annotations are valid and
the split keeps every organisation on one side. Skipped, saying why, when the real texts are absent."""

from __future__ import annotations

import csv
import shutil

import pytest

from nlp.corpus import CorpusError, load_annotations, load_split, main, parse_annotation, real_text, realtexts_dir


@pytest.fixture(scope="module")
def folder():
    folder = realtexts_dir()
    if not (folder / "manifest.csv").exists():
        pytest.skip(f"The real texts are not at {folder}: set LLO_RADAR_REALTEXTS to the realtexts folder to run this")
    return folder


def test_every_annotation_file_is_valid(folder, capsys):
    assert main(["check"]) == 0
    assert "FAIL" not in capsys.readouterr().out


def test_every_text_is_annotated_and_split_by_organisation(folder):
    split = load_split()
    primary = {a.text.id: a.text for a in load_annotations("a")}
    assert set(primary) == set(split) and len(primary) == 77
    organisations = {part: {primary[i].organisation for i, p in split.items() if p == part} for part in ("dev", "test")}
    assert not organisations["dev"] & organisations["test"]
    assert {a.text.id for a in load_annotations("b")} <= set(primary)


def test_a_changed_text_is_refused(folder, tmp_path):
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    shutil.copy(folder / "manifest.csv", tmp_path / "manifest.csv")
    (tmp_path / row["file"]).write_text((folder / row["file"]).read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(CorpusError, match=f"Real text {row['id']} changed"):
        real_text(row["id"], tmp_path)


def test_spans_are_placed_in_text_order_and_a_wrong_span_is_named(folder):
    text = real_text("vx-003")
    twice = [["Frans", "language", "must"], ["Frans", "language", "must"]]
    annotation = parse_annotation({"id": "vx-003", "sha256": text.sha256, "mentions": twice})
    first, second = annotation.mentions
    assert text.text[first.span.start : first.span.end] == "Frans" and second.span.start > first.span.start
    with pytest.raises(CorpusError, match="'Klingon' not found; it does not occur in the text"):
        parse_annotation({"id": "vx-003", "sha256": text.sha256, "mentions": [["Klingon", "language", "must"]]})
