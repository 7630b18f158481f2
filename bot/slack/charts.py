"""A chart as Slack draws it: the Block Kit `data_visualization` block, from flows.types.Chart.

Pure functions over plain dicts. The limits are Slack's (docs.slack.dev/reference/block-kit/
blocks/data-visualization-block): a title of at most 50 characters, at most two such blocks per
message, 1-6 series with unique names of at most 20 characters, 1-20 data points per series whose
labels are axis categories of at most 20 characters, axis labels of at most 50. A month without a
value is left out of its series (a data point needs a number). While Slack rolls the block out a
workspace may answer `invalid_blocks`: the adapter then posts the message without these blocks and
uploads the chart as a PNG (scheduler.chart.png_for).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flows.types import Chart

BLOCK_TYPE = "data_visualization"
TITLE = 50
PER_MESSAGE = 2
SERIES = 6
POINTS = 20
NAME = 20
LABEL = 20
AXIS_LABEL = 50
KINDS = ("line", "bar", "area")
_UNIT_AXIS = {"percent": "%", "money": "€"}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chart_block(chart: Chart, block_id: str | None = None) -> dict[str, Any] | None:
    """The block for `chart`, inside every limit; None when nothing in it has a value to draw."""
    labels = [_cut(label, LABEL) for label in chart.labels[-POINTS:]]
    offset = len(chart.labels) - len(labels)
    series: list[dict[str, Any]] = []
    names: set[str] = set()
    for item in chart.series[:SERIES]:
        values = item.values[offset:]
        data = [{"label": label, "value": value} for label, value in zip(labels, values, strict=False)
                if value is not None]
        name = _cut(item.name, NAME) or "–"
        number = 2
        while name in names:  # names must be unique: "… 2", "… 3"
            name = f"{_cut(item.name, NAME - 1 - len(str(number)))} {number}"
            number += 1
        if data:
            names.add(name)
            series.append({"name": name, "data": data})
    if not series or not any(s["data"] for s in series):
        return None
    axis: dict[str, Any] = {"categories": labels}
    if chart.unit in _UNIT_AXIS:
        axis["y_label"] = _UNIT_AXIS[chart.unit]
    block: dict[str, Any] = {
        "type": BLOCK_TYPE, "title": _cut(chart.title, TITLE),
        "chart": {"type": chart.kind if chart.kind in KINDS else "line", "series": series, "axis_config": axis},
    }
    if block_id:
        block["block_id"] = block_id
    return block


def is_chart(block: dict[str, Any]) -> bool:
    return block.get("type") == BLOCK_TYPE


def count_charts(blocks: Sequence[dict[str, Any]]) -> int:
    return sum(is_chart(b) for b in blocks)


def fits(blocks: Sequence[dict[str, Any]], more: Sequence[dict[str, Any]]) -> bool:
    """Whether `more` can join a message of `blocks` without passing two charts."""
    return count_charts(blocks) + count_charts(more) <= PER_MESSAGE


def without_charts(blocks: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The message as it is posted when Slack refuses the chart blocks (`invalid_blocks`)."""
    return [b for b in blocks if not is_chart(b)]


def problems(blocks: Sequence[dict[str, Any]]) -> list[str]:
    """What breaks Slack's documented limits in a message's chart blocks (empty when all is well)."""
    found = []
    charts = [b for b in blocks if is_chart(b)]
    if len(charts) > PER_MESSAGE:
        found.append(f"{len(charts)} data_visualization blocks (at most {PER_MESSAGE})")
    for block in charts:
        title = block.get("title") or ""
        if not title or len(title) > TITLE:
            found.append(f"title {title!r}")
        chart = block.get("chart") or {}
        if chart.get("type") not in (*KINDS, "pie"):
            found.append(f"chart type {chart.get('type')!r}")
            continue
        axis = chart.get("axis_config") or {}
        categories = axis.get("categories") or []
        if any(len(c) > LABEL for c in categories):
            found.append("a category over 20 characters")
        if any(len(axis.get(k) or "") > AXIS_LABEL for k in ("x_label", "y_label")):
            found.append("an axis label over 50 characters")
        series = chart.get("series") or []
        if not 1 <= len(series) <= SERIES:
            found.append(f"{len(series)} series")
        if len({s.get("name") for s in series}) != len(series):
            found.append("series names repeat")
        for s in series:
            data = s.get("data") or []
            if not s.get("name") or len(s["name"]) > NAME:
                found.append(f"series name {s.get('name')!r}")
            if not 1 <= len(data) <= POINTS:
                found.append(f"{len(data)} data points in {s.get('name')!r}")
            if any(p.get("label") not in categories or not isinstance(p.get("value"), int | float) for p in data):
                found.append(f"a data point of {s.get('name')!r} off the axis or without a number")
    return found
