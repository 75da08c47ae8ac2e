"""The map's geometry: the 35 arbeidsmarktregio's of 2024 as GeoJSON, compiled from the CBS/PDOK boundaries.

The source is the TopoJSON file ``arbeidsmarktregio_2024.topojson`` of ``../shared/refdata/nl-geo`` (CBS
"gebiedsindelingen", ``arbeidsmarktregio_gegeneraliseerd`` from the PDOK WFS, simplified with mapshaper by the
cartomap/nl project; CC BY 4.0, attribution: CBS / PDOK). Plotly draws GeoJSON, not TopoJSON, so this script
decodes its arcs (shared borders stay identical on both sides), keeps the source's precision of 0.001°
(about 100 m) and writes ``static/arbeidsmarktregios.geojson`` with each region's code and name. Run it again
when the source changes::

    .venv/bin/python -m llo_radar.dashboard.geometry ../shared/refdata/nl-geo/arbeidsmarktregio_2024.topojson
"""

from __future__ import annotations

import argparse
import json
from itertools import accumulate
from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "static"
GEOMETRY = STATIC / "arbeidsmarktregios.geojson"
"""The compiled geometry the dashboard serves."""
BASE_MAP = STATIC / "topojson" / "world_110m.json"
"""The base map plotly.js loads for every geo chart (its default comes from a CDN): empty, since the dashboard's
maps show only the regions (``visible=False``)."""
BASE_LAYERS = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")
ATTRIBUTION = "Grenzen arbeidsmarktregio's 2024: CBS / PDOK, CC BY 4.0"
PRECISION = 3
"""Decimals of a coordinate: the source is quantized to 0.001°."""


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of longitude-latitude points (TopoJSON stores quantized, delta-encoded arcs)."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        xs = accumulate(dx for dx, _ in arc)
        ys = accumulate(dy for _, dy in arc)
        arcs.append(
            [
                (round(x * scale_x + shift_x, PRECISION), round(y * scale_y + shift_y, PRECISION))
                for x, y in zip(xs, ys, strict=True)
            ]
        )
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A closed ring from arc indexes; index ~i is arc i reversed. Consecutive arcs share their joining point."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def to_geojson(topology: dict[str, Any], layer: str) -> dict[str, Any]:
    """The layer ``layer`` of a TopoJSON topology as a GeoJSON FeatureCollection, each feature with the
    properties ``statcode`` and ``statnaam``."""
    arcs = decode_arcs(topology)
    features: list[dict[str, Any]] = []
    for geometry in topology["objects"][layer]["geometries"]:
        coordinates: list[list[tuple[float, float]]] | list[list[list[tuple[float, float]]]]
        if geometry["type"] == "Polygon":
            coordinates = [_ring(ring, arcs) for ring in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            coordinates = [[_ring(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
        else:
            raise ValueError(f"{layer}: {geometry['properties']['statcode']} is a {geometry['type']}, not an area")
        properties = {key: geometry["properties"][key] for key in ("statcode", "statnaam")}
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": geometry["type"], "coordinates": coordinates},
            }
        )
    features.sort(key=lambda feature: feature["properties"]["statcode"])
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def compile_geometry(source: Path, target: Path = GEOMETRY, base_map: Path = BASE_MAP) -> dict[str, Any]:
    """Compile the arbeidsmarktregio TopoJSON at ``source`` into the GeoJSON file ``target``, and write the empty
    base map; returns the GeoJSON."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    collection = to_geojson(topology, next(iter(topology["objects"])))
    target.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    empty = {"type": "Topology", "arcs": [], "objects": {layer: {"type": "GeometryCollection", "geometries": []}
                                                         for layer in BASE_LAYERS}}  # fmt: skip
    base_map.parent.mkdir(exist_ok=True)
    base_map.write_text(json.dumps(empty, separators=(",", ":")), encoding="utf-8")
    return collection


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="arbeidsmarktregio_2024.topojson")
    parser.add_argument("--output", type=Path, default=GEOMETRY)
    args = parser.parse_args()
    collection = compile_geometry(args.source, args.output)
    print(f"{len(collection['features'])} regions written to {args.output} ({args.output.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
