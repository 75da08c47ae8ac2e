"""The dashboard's charts as Plotly figures, drawn in the browser by plotly.js (served from the plotly package).

Figures are built as plain Plotly figure dictionaries and serialised without validation: building them as
``plotly.graph_objects`` validated every property and took 50–100 ms per chart, more than reading the figures
(bench/dashboard_pages.py). Every point that stands for a cell carries the link to its evidence (or, on the map,
to the region's page) in ``customdata``; one click handler (``CLICK``) follows it. Text from outside (skill labels
of terms the pipeline found, region and occupation names) is HTML-escaped before it reaches a chart, since
plotly.js reads a few HTML tags in labels.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import plotly.io as pio

from warehouse.indicators.gaps import GapLine
from warehouse.indicators.profiles import ProfileLine

from .figures import METRIC_NAMES, RegionValue

Figure = dict[str, Any]
"""A Plotly figure: ``data`` (traces) and ``layout``."""
GEOMETRY_URL = "/static/arbeidsmarktregios.geojson"
BASE_MAPS = "/static/topojson/"
"""Where plotly.js finds its base maps (``geometry.BASE_MAP``) instead of its CDN."""
CLICK = """document.getElementById('{plot_id}').on('plotly_click', function (event) {
  var link = event.points[0].customdata;
  if (typeof link === 'string') { window.location.assign(link); }
});"""
"""Follows the link of a clicked point: the only script the dashboard adds to plotly.js."""
SHORTAGE, SURPLUS, NEUTRAL, MISSING = "#b00020", "#1b5e20", "#1f4e79", "#d9d9d9"
FONT = {"family": "system-ui, sans-serif", "size": 12, "color": "#1d1d1f"}
_STATUS_TEXT = {
    "suppressed": "onderdrukt: minder dan 10 vacatures en opleidingen",
    "no_data": "geen cijfers",
    "no_comparison": "geen vergelijking: vorige periode niet waargenomen",
}
_DIVERGING = {"gap", "share_gap", "trend"}
"""Metrics with a meaningful zero: coloured from surplus (green) through zero (white) to shortage (red)."""
SEQUENTIAL = [[0, "#eff3ff"], [0.5, "#6baed6"], [1, "#08519c"]]
DIVERGING = [[0, "#1b7837"], [0.5, "#f7f7f7"], [1, "#b2182b"]]
"""ColorBrewer scales: light to dark blue for counts; green, white, red around zero."""
_AXIS = {"gridcolor": "#ececec", "zerolinecolor": "#bbb", "automargin": True}


def label(text: str) -> str:
    """Outside text made safe for a chart label: plotly.js shows the escaped characters as themselves."""
    return html.escape(text, quote=False)


def _layout(height: int, **layout: Any) -> dict[str, Any]:
    base = {"height": height, "font": FONT, "paper_bgcolor": "white", "plot_bgcolor": "white",
            "margin": {"l": 10, "r": 10, "t": 10, "b": 40}, "hoverlabel": {"namelength": -1}}  # fmt: skip
    return base | layout


def chart_html(figure: Figure, div_id: str, *, static: bool = False) -> str:
    """The figure as an HTML fragment (a div and the script that draws it); ``static`` for print: no hover,
    zoom or clicks."""
    config = {"displaylogo": False, "responsive": True, "staticPlot": static, "topojsonURL": BASE_MAPS}
    script = None if static else CLICK
    return pio.to_html(
        figure,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config=config,
        post_script=script,
        validate=False,
    )


def map_figure(values: Sequence[RegionValue], metric: str, link: Callable[[RegionValue], str]) -> Figure:
    """The arbeidsmarktregio's coloured by ``metric``; regions without a value grey, with the reason on hover."""
    regions = {"type": "choropleth", "geojson": GEOMETRY_URL, "featureidkey": "properties.statcode",
               "marker": {"line": {"color": "white", "width": 1}}}  # fmt: skip
    every = regions | {
        "locations": [value.code for value in values],
        "z": [0] * len(values),
        "colorscale": [[0, MISSING], [1, MISSING]],
        "showscale": False,
        "text": [f"{label(v.name)}<br>{_STATUS_TEXT.get(v.status, '')}" for v in values],
        "customdata": [link(value) for value in values],
        "hovertemplate": "%{text}<extra></extra>",
    }
    shown = [value for value in values if value.value is not None]
    diverging = metric in _DIVERGING
    coloured = regions | {
        "locations": [value.code for value in shown],
        "z": [value.value for value in shown],
        "colorscale": DIVERGING if diverging else SEQUENTIAL,
        "text": [label(value.name) for value in shown],
        "customdata": [link(value) for value in shown],
        "hovertemplate": "%{text}<br>%{z}<extra></extra>",
        "colorbar": {"title": {"text": METRIC_NAMES[metric], "side": "right"}, "thickness": 12},
    }
    if diverging:
        coloured["zmid"] = 0
    geo = {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}}
    layout = _layout(520, geo=geo, dragmode=False, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return {"data": [every, coloured], "layout": layout}


def _error_bars(values: Sequence[float | None], lows: Sequence[float | None], highs: Sequence[float | None]) -> dict:
    """Asymmetric error bars from interval bounds (all in the same unit)."""
    return {
        "type": "data",
        "array": [None if v is None or h is None else h - v for v, h in zip(values, highs, strict=True)],
        "arrayminus": [None if v is None or lo is None else v - lo for v, lo in zip(values, lows, strict=True)],
        "color": "#444",
    }


def _percent(values: Sequence[float | None]) -> list[float | None]:
    return [None if value is None else value * 100 for value in values]


def share_gap_figure(lines: Sequence[GapLine | ProfileLine], link: Callable[[GapLine | ProfileLine], str]) -> Figure:
    """Each line's share gap (share in vacancies − share in offers, in percentage points) with its 95% interval,
    the first line on top."""
    measured = [line for line in lines if line.share_gap is not None][::-1]
    points = _percent([line.share_gap for line in measured])
    bars = {
        "type": "bar",
        "orientation": "h",
        "y": [label(line.skill) for line in measured],
        "x": points,
        "error_x": _error_bars(points, _percent([line.share_gap_low for line in measured]),
                               _percent([line.share_gap_high for line in measured])),
        "marker": {"color": [SHORTAGE if point is not None and point > 0 else SURPLUS for point in points]},
        "customdata": [link(line) for line in measured],
        "hovertemplate": "%{y}: %{x:+.0f} procentpunt<extra></extra>",
    }  # fmt: skip
    layout = _layout(
        max(220, 28 * len(measured) + 80),
        xaxis=_AXIS | {"title": {"text": "aandeel in vacatures − aandeel in opleidingen (procentpunt, 95%-interval)"}},
        yaxis=_AXIS | {"type": "category"},
    )
    return {"data": [bars], "layout": layout}


def series_figure(lines: Sequence[GapLine], link: Callable[[GapLine], str]) -> Figure:
    """Demand and supply over the periods, and below the share gap with its 95% interval as a band; suppressed
    periods are left open."""
    periods = [line.period for line in lines]
    links = [link(line) for line in lines]
    counts = [
        {"type": "scatter", "mode": "lines+markers", "x": periods, "y": [getattr(line, field) for line in lines],
         "name": name, "line": {"color": colour}, "customdata": links, "yaxis": "y"}
        for field, name, colour in (
            ("demand", "vraag (vacatures)", SHORTAGE), ("supply", "aanbod (opleidingen)", NEUTRAL),
        )
    ]  # fmt: skip
    band = {"type": "scatter", "mode": "lines", "x": periods, "line": {"width": 0}, "yaxis": "y2", "hoverinfo": "skip"}
    gap = [
        band | {"y": _percent([line.share_gap_high for line in lines]), "showlegend": False},
        band | {"y": _percent([line.share_gap_low for line in lines]), "fill": "tonexty",
                "fillcolor": "rgba(31,78,121,0.2)", "name": "95%-interval"},
        {"type": "scatter", "mode": "lines+markers", "x": periods, "y": _percent([line.share_gap for line in lines]),
         "name": "aandeelverschil (procentpunt)", "line": {"color": "#333"}, "customdata": links, "yaxis": "y2"},
    ]  # fmt: skip
    layout = _layout(
        480,
        xaxis=_AXIS | {"type": "category", "anchor": "y2"},
        yaxis=_AXIS | {"domain": [0.45, 1], "title": {"text": "aantal"}, "rangemode": "tozero"},
        yaxis2=_AXIS | {"domain": [0, 0.37], "title": {"text": "procentpunt"}, "anchor": "x"},
        legend={"orientation": "h", "y": -0.12},
    )
    return {"data": [*counts, *gap], "layout": layout}


def profile_figure(lines: Sequence[ProfileLine], link: Callable[[ProfileLine], str]) -> Figure:
    """An occupation's profile: per skill the share of its jobs asking for it and of its courses teaching it,
    each with its 95% interval, the first skill on top."""
    shown = [line for line in lines if not line.suppressed][::-1]
    bars = []
    for name, share, colour in (
        ("in vacatures", "demand_share", SHORTAGE),
        ("in opleidingen", "supply_share", NEUTRAL),
    ):
        values = _percent([getattr(line, share) for line in shown])
        bars.append({
            "type": "bar", "orientation": "h", "name": name, "y": [label(line.skill) for line in shown], "x": values,
            "error_x": _error_bars(values, _percent([getattr(line, f"{share}_low") for line in shown]),
                                   _percent([getattr(line, f"{share}_high") for line in shown])),
            "marker": {"color": colour}, "customdata": [link(line) for line in shown],
            "hovertemplate": "%{y}: %{x:.0f}% " + name + "<extra></extra>",
        })  # fmt: skip
    layout = _layout(
        max(240, 36 * len(shown) + 80),
        barmode="group",
        xaxis=_AXIS | {"title": {"text": "aandeel (%, 95%-interval)"}},
        yaxis=_AXIS | {"type": "category"},
        legend={"orientation": "h", "y": -0.15},
    )
    return {"data": bars, "layout": layout}


def trends_figure(series: Mapping[str, Sequence[GapLine]], link: Callable[[GapLine], str]) -> Figure:
    """Demand over the periods for several skills (a factsheet's trends), one line each."""
    lines = [
        {"type": "scatter", "mode": "lines+markers", "name": label(name), "x": [line.period for line in values],
         "y": [line.demand for line in values], "customdata": [link(line) for line in values]}
        for name, values in series.items()
    ]  # fmt: skip
    layout = _layout(
        300,
        xaxis=_AXIS | {"type": "category"},
        yaxis=_AXIS | {"title": {"text": "vacatures"}, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.2},
    )
    return {"data": lines, "layout": layout}
