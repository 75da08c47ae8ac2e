"""The examples in docstrings run (itemloaders' habit): every module with doctests is listed here."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "core.clock",
    "llo_radar.demo.timeline",
    "warehouse.models.mismatch",
    "core.dutch.contracts",
    "core.dutch.education",
    "core.dutch.hours",
    "core.dutch.places",
    "core.dutch.words",
    "core.outside_text",
    "core.html_text",
    "crawlers.items",
    "crawlers.sources",
    "llo_radar.export",
    "warehouse.db",
    "crawlers.processors",
    "crawlers.middlewares.retry",
    "crawlers.extraction.structured",
    "nlp.cleaning",
    "nlp.scoring",
    "nlp.taxonomy",
    "nlp.terms",
    "nlp.text_facts",
    "nlp.pipeline",
    "nlp.components.lexical_norms",
    "warehouse.periods",
    "warehouse.dedupe.similarity",
    "warehouse.indicators.gaps",
    "llo_radar.reports",
    "alerts.messages",
    "warehouse.models.occupation",
    "llo_radar.dashboard.rendering",
    "llo_radar.factsheets.duiding",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0, f"{name} has no doctests; remove it from MODULES"
    assert result.failed == 0
