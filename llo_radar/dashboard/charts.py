"""The dashboard's charts as Plotly figures, drawn in the browser by plotly.js (served from the plotly package).

Every point that stands for a cell carries the link to its evidence (or, on the map, to the region's page) in
``customdata``; one click handler (``CLICK``) follows it. Text from outside (skill labels of terms the pipeline
found, region and occupation names) is HTML-escaped before it reaches a chart, since plotly.js reads a few HTML
tags in labels.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from warehouse.indicators.gaps import GapLine
from warehouse.indicators.profiles import ProfileLine

from .figures import METRIC_NAMES, RegionValue

GEOMETRY_URL = "/static/arbeidsmarktregios.geojson"
BASE_MAPS = "/static/topojson/"
"""Where plotly.js finds its base maps (``geometry.BASE_MAP``) instead of its CDN."""
CLICK = """document.getElementById('{plot_id}').on('plotly_click', function (event) {
  var link = event.points[0].customdata;
  if (typeof link === 'string') { window.location.assign(link); }
});"""
"""Follows the link of a clicked point: the only script the dashboard adds to plotly.js."""
TEMPLATE = "plotly_white"
SHORTAGE, SURPLUS, NEUTRAL, MISSING = "#b00020", "#1b5e20", "#1f4e79", "#d9d9d9"
_STATUS_TEXT = {
    "suppressed": "onderdrukt: minder dan 10 vacatures en opleidingen",
    "no_data": "geen cijfers",
    "no_comparison": "geen vergelijking: vorige periode niet waargenomen",
}
_DIVERGING = {"gap", "share_gap", "trend"}
"""Metrics with a meaningful zero: coloured from surplus (green) through zero to shortage (red)."""


def label(text: str) -> str:
    """Outside text made safe for a chart label: plotly.js shows the escaped characters as themselves."""
    return html.escape(text, quote=False)


def chart_html(figure: go.Figure, div_id: str, *, static: bool = False) -> str:
    """The figure as an HTML fragment (a div and the script that draws it); ``static`` for print: no hover,
    zoom or clicks."""
    config = {"displaylogo": False, "responsive": True, "staticPlot": static, "topojsonURL": BASE_MAPS}
    return pio.to_html(
        figure,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config=config,
        post_script=None if static else CLICK,
    )


def map_figure(values: Sequence[RegionValue], metric: str, link: Callable[[RegionValue], str]) -> go.Figure:
    """The arbeidsmarktregio's coloured by ``metric``; regions without a value grey, with the reason on hover."""
    figure = go.Figure()
    figure.add_trace(
        go.Choropleth(
            geojson=GEOMETRY_URL,
            featureidkey="properties.statcode",
            locations=[value.code for value in values],
            z=[0] * len(values),
            colorscale=[[0, MISSING], [1, MISSING]],
            showscale=False,
            text=[f"{label(v.name)}<br>{_STATUS_TEXT.get(v.status, '')}" for v in values],
            customdata=[link(value) for value in values],
            hovertemplate="%{text}<extra></extra>",
            marker_line_color="white",
            name="geen waarde",
        )
    )
    shown = [value for value in values if value.value is not None]
    diverging = metric in _DIVERGING
    figure.add_trace(
        go.Choropleth(
            geojson=GEOMETRY_URL,
            featureidkey="properties.statcode",
            locations=[value.code for value in shown],
            z=[value.value for value in shown],
            colorscale="RdYlGn_r" if diverging else "Blues",
            zmid=0 if diverging else None,
            text=[label(value.name) for value in shown],
            customdata=[link(value) for value in shown],
            hovertemplate="%{text}<br>%{z}<extra></extra>",
            marker_line_color="white",
            colorbar={"title": {"text": METRIC_NAMES[metric], "side": "right"}, "thickness": 12},
            name=METRIC_NAMES[metric],
        )
    )
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    figure.update_layout(template=TEMPLATE, height=520, margin={"l": 0, "r": 0, "t": 0, "b": 0}, dragmode=False)
    return figure


def share_gap_figure(lines: Sequence[GapLine | ProfileLine], link: Callable[[GapLine | ProfileLine], str]) -> go.Figure:
    """Each line's share gap (share in vacancies − share in offers, in percentage points) with its 95% interval,
    the first line on top."""
    measured = [line for line in lines if line.share_gap is not None][::-1]
    points = [line.share_gap * 100 for line in measured]
    figure = go.Figure(
        go.Bar(
            orientation="h",
            y=[label(line.skill) for line in measured],
            x=points,
            error_x={
                "type": "data",
                "array": [line.share_gap_high * 100 - point for line, point in zip(measured, points, strict=True)],
                "arrayminus": [point - line.share_gap_low * 100 for line, point in zip(measured, points, strict=True)],
                "color": "#444",
            },
            marker_color=[SHORTAGE if point > 0 else SURPLUS for point in points],
            customdata=[link(line) for line in measured],
            hovertemplate="%{y}: %{x:+.0f} procentpunt<extra></extra>",
        )
    )
    figure.update_layout(
        template=TEMPLATE,
        height=max(220, 28 * len(measured) + 80),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis_title="aandeel in vacatures − aandeel in opleidingen (procentpunt, 95%-interval)",
        yaxis_automargin=True,
    )
    return figure


def series_figure(lines: Sequence[GapLine], link: Callable[[GapLine], str]) -> go.Figure:
    """Demand and supply over the periods, and below the share gap with its 95% interval as a band; suppressed
    periods are left open."""
    periods = [line.period for line in lines]
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.6, 0.4])
    links = [link(line) for line in lines]
    for name, values, colour in (
        ("vraag (vacatures)", [line.demand for line in lines], SHORTAGE),
        ("aanbod (opleidingen)", [line.supply for line in lines], NEUTRAL),
    ):
        figure.add_trace(
            go.Scatter(x=periods, y=values, name=name, mode="lines+markers", line_color=colour, customdata=links,
                       connectgaps=False),
            row=1, col=1,
        )  # fmt: skip
    gaps = [None if line.share_gap is None else line.share_gap * 100 for line in lines]
    lows = [None if line.share_gap_low is None else line.share_gap_low * 100 for line in lines]
    highs = [None if line.share_gap_high is None else line.share_gap_high * 100 for line in lines]
    figure.add_trace(go.Scatter(x=periods, y=highs, mode="lines", line_width=0, showlegend=False, hoverinfo="skip"),
                     row=2, col=1)  # fmt: skip
    figure.add_trace(
        go.Scatter(x=periods, y=lows, mode="lines", line_width=0, fill="tonexty", fillcolor="rgba(31,78,121,0.2)",
                   name="95%-interval", hoverinfo="skip"),
        row=2, col=1,
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(x=periods, y=gaps, name="aandeelverschil (procentpunt)", mode="lines+markers", line_color="#333",
                   customdata=links),
        row=2, col=1,
    )  # fmt: skip
    figure.update_yaxes(title_text="aantal", row=1, col=1, rangemode="tozero")
    figure.update_yaxes(title_text="procentpunt", row=2, col=1, zeroline=True)
    figure.update_xaxes(type="category")
    figure.update_layout(template=TEMPLATE, height=480, margin={"l": 10, "r": 10, "t": 10, "b": 40},
                         legend={"orientation": "h", "y": -0.12})  # fmt: skip
    return figure


def profile_figure(lines: Sequence[ProfileLine], link: Callable[[ProfileLine], str]) -> go.Figure:
    """An occupation's profile: per skill the share of its jobs asking for it and of its courses teaching it,
    each with its 95% interval, the first skill on top."""
    shown = [line for line in lines if not line.suppressed][::-1]
    figure = go.Figure()
    for name, share, low, high, colour in (
        ("in vacatures", "demand_share", "demand_share_low", "demand_share_high", SHORTAGE),
        ("in opleidingen", "supply_share", "supply_share_low", "supply_share_high", NEUTRAL),
    ):
        values = [(getattr(line, share), getattr(line, low), getattr(line, high)) for line in shown]
        figure.add_trace(
            go.Bar(
                orientation="h",
                name=name,
                y=[label(line.skill) for line in shown],
                x=[None if v is None else v * 100 for v, _, _ in values],
                error_x={
                    "type": "data",
                    "array": [None if v is None else (h - v) * 100 for v, _, h in values],
                    "arrayminus": [None if v is None else (v - lo) * 100 for v, lo, _ in values],
                },
                marker_color=colour,
                customdata=[link(line) for line in shown],
                hovertemplate="%{y}: %{x:.0f}% " + name + "<extra></extra>",
            )
        )
    figure.update_layout(
        template=TEMPLATE,
        barmode="group",
        height=max(240, 36 * len(shown) + 80),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis_title="aandeel (%, 95%-interval)",
        yaxis_automargin=True,
        legend={"orientation": "h", "y": -0.15},
    )
    return figure


def trends_figure(series: dict[str, Sequence[GapLine]], link: Callable[[GapLine], str]) -> go.Figure:
    """Demand over the periods for several skills (a factsheet's trends), one line each."""
    figure = go.Figure()
    for skill, lines in series.items():
        figure.add_trace(
            go.Scatter(x=[line.period for line in lines], y=[line.demand for line in lines], name=label(skill),
                       mode="lines+markers", customdata=[link(line) for line in lines])
        )  # fmt: skip
    figure.update_xaxes(type="category")
    figure.update_yaxes(title_text="vacatures", rangemode="tozero")
    figure.update_layout(template=TEMPLATE, height=300, margin={"l": 10, "r": 10, "t": 10, "b": 40},
                         legend={"orientation": "h", "y": -0.2})  # fmt: skip
    return figure
