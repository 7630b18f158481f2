"""A chart as Teams draws it: an Adaptive Card `Chart.Line` element, from flows.types.Chart.

A pure function over plain dicts (learn.microsoft.com, "Charts in Adaptive Cards"): `data` holds
one entry per line with its `legend` and `values` of `{"x": label, "y": number}`; a month without
a value is left out of its line. `fallback` is a TextBlock with the figures, for a client that
cannot draw charts (or an older card host).
"""

from __future__ import annotations

from typing import Any

from flows.types import Chart

ELEMENT = {"line": "Chart.Line", "bar": "Chart.VerticalBar.Grouped", "area": "Chart.Line"}
TITLE = 100  # kept short: a chart title is one line above the chart


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 2)


def chart_element(chart: Chart, unit_sign: str | None = None) -> dict[str, Any] | None:
    """The card element for `chart`; None when nothing in it has a value to draw."""
    lines = []
    for series in chart.series:
        values = [{"x": label, "y": _number(v)} for label, v in zip(chart.labels, series.values, strict=False)
                  if v is not None]
        if values:
            lines.append({"legend": series.name, "values": values})
    if not lines:
        return None
    element: dict[str, Any] = {
        "type": ELEMENT.get(chart.kind, "Chart.Line"), "title": chart.title[:TITLE], "data": lines,
        "fallback": {"type": "TextBlock", "wrap": True, "isSubtle": True, "text": _as_text(chart)},
    }
    sign = unit_sign or {"percent": "%", "money": "€"}.get(chart.unit or "")
    if sign:
        element["yAxisTitle"] = sign
    return element


def _as_text(chart: Chart) -> str:
    measured = next((s for s in chart.series if s.role == "actual"), chart.series[0] if chart.series else None)
    if measured is None:
        return chart.title
    shown = [f"{label}: {_number(v)}" for label, v in zip(chart.labels, measured.values, strict=False)
             if v is not None]
    return f"{chart.title} — " + ", ".join(shown[-6:])
