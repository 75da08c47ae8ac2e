"""Tests of nlp/components/_pipes.py: a component looked up by name is the kind the caller expects."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import Sentencizer

from nlp.components._pipes import pipe_of
from nlp.components.skill_matcher import SkillMatcher


def test_a_component_of_the_expected_kind_is_returned_and_another_kind_is_named():
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    assert isinstance(pipe_of(nlp, "sentencizer", Sentencizer), Sentencizer)
    with pytest.raises(TypeError, match=r"\[E012\] Component sentencizer of the pipeline is a Sentencizer, not a Skil"):
        pipe_of(nlp, "sentencizer", SkillMatcher)
