"""Tests of crawlers/exporters.py: the feed's lines are the ones Scrapy's own exporter writes."""

from __future__ import annotations

from io import BytesIO

from scrapy.exporters import JsonLinesItemExporter as ScrapyJsonLinesItemExporter

from crawlers.exporters import JsonLinesItemExporter
from crawlers.extraction import extract_item

from .test_extraction import response, source


def _feed(exporter_class: type[ScrapyJsonLinesItemExporter], items: list, **options: object) -> bytes:
    out = BytesIO()
    exporter = exporter_class(out, encoding="utf8", **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return out.getvalue()


def _items() -> list:
    pages = [("jobposting_graph.html", "vacancy"), ("course_microdata.html", "offer"),
             ("course_rdfa.html", "offer"), ("program_jsonld.html", "offer")]  # fmt: skip
    items = [extract_item(response(name), source(kind)) for name, kind in pages]
    items[0].title = 'Verpleegkundige "VIG" € 3.000 — «zorg»'  # text that JSON could escape
    items[1].locations = ["Utrecht", "Den Haag"]
    return [*items, {"url": "https://example.org/x", "title": "Geen dataclass"}]


def test_the_feed_has_the_lines_scrapys_exporter_writes():
    items = _items()
    lines = _feed(JsonLinesItemExporter, items)
    assert lines == _feed(ScrapyJsonLinesItemExporter, items)
    assert "€ 3.000 — «zorg»".encode() in lines and b"Den Haag" in lines  # UTF-8, not escaped
    fields = {"fields_to_export": ["url", "title"]}
    assert _feed(JsonLinesItemExporter, items, **fields) == _feed(ScrapyJsonLinesItemExporter, items, **fields)
