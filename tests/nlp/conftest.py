"""Fixtures of the nlp tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.pipeline import build_pipeline

MINI_TAXONOMY = Path(__file__).parent / "data" / "mini_taxonomy.yaml"


@pytest.fixture(scope="session")
def mini_nlp():
    """The pipeline with a small test taxonomy, so the mechanics are tested apart from the bundled data."""
    return build_pipeline(taxonomy=MINI_TAXONOMY)
