"""Tests of core/files.py: files written whole, by several writers at once."""

from __future__ import annotations

import pytest

from core.files import replaced_whole


def test_writers_of_one_file_at_once_each_finish_and_the_last_wins(tmp_path):
    path = tmp_path / "werkradar.analysed.jsonl"
    with replaced_whole(path) as first, replaced_whole(path) as second:  # the second finishes first
        first.write("eerste\n")
        second.write("tweede\n")
        assert not path.exists()  # nobody reads half a file
    assert path.read_text(encoding="utf-8") == "eerste\n"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_an_interrupted_write_leaves_the_previous_file(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text("oud", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), replaced_whole(path) as handle:
        handle.write("half")
        raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == "oud" and list(tmp_path.iterdir()) == [path]


def test_a_file_in_a_missing_folder_is_named_in_the_error(tmp_path):
    with pytest.raises(FileNotFoundError) as error, replaced_whole(tmp_path / "geen-map" / "x.csv"):
        pass
    assert error.value.filename == str(tmp_path / "geen-map" / "x.csv")
