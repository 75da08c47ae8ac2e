"""Feed exporters of the project (``FEED_EXPORTERS`` in ``settings.py``).

``JsonLinesItemExporter`` writes the lines Scrapy's own writes, without its pass over each field of each item when
there is nothing for it to do: the items are dataclasses without field serializers, exported whole. That pass cost
the crawl process ~0.035 ms of its ~0.05 ms per item (bench/crawl_throughput.py).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from scrapy import exporters
from scrapy.utils.python import to_bytes


class JsonLinesItemExporter(exporters.JsonLinesItemExporter):
    """Scrapy's JSON lines exporter, with dataclass items without serializers encoded as they are."""

    def export_item(self, item: Any) -> None:
        names = _plain_field_names(item.__class__) if self.fields_to_export is None else None
        if names is None:
            super().export_item(item)
            return
        data = self.encoder.encode({name: getattr(item, name) for name in names}) + "\n"
        self.file.write(to_bytes(data, self.encoding))


@cache
def _plain_field_names(item_class: type) -> tuple[str, ...] | None:
    """The fields of a dataclass, in order, if none has a serializer (else None, as for any other class)."""
    if not dataclasses.is_dataclass(item_class):
        return None
    fields = dataclasses.fields(item_class)
    if any("serializer" in field.metadata for field in fields):
        return None
    return tuple(field.name for field in fields)
