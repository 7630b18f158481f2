"""The KPI chart: actual against target over the months, as a small PNG.

The series are built by a pure function (tested on their own); drawing uses matplotlib's Agg
backend, so no display is needed and nothing touches a GUI toolkit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from scheduler.judgement import KpiFacts, expected_value

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PANELS = 6


@dataclass(frozen=True)
class Series:
    title: str
    periods: tuple[str, ...]
    actual: tuple[float | None, ...]
    target: tuple[float | None, ...]  # the straight path to the target, per period


def series_for(facts: KpiFacts) -> Series:
    periods = tuple(p for p, _ in facts.history)
    return Series(
        title=facts.name + (f" ({facts.unit})" if facts.unit and facts.unit != "count" else ""),
        periods=periods,
        actual=tuple(v for _, v in facts.history),
        target=tuple(expected_value(facts, p) for p in periods),
    )


def render_png(all_series: Sequence[Series], target_label: str = "target") -> bytes:
    """One panel per KPI (at most six), actual as a line with dots, target dashed."""
    shown = list(all_series)[:MAX_PANELS]
    figure = Figure(figsize=(6, 1.9 * max(1, len(shown))), dpi=80)
    axes = figure.subplots(max(1, len(shown)), 1, squeeze=False)[:, 0]
    for ax, series in zip(axes, shown, strict=False):
        xs = list(range(len(series.periods)))
        ax.plot(xs, [float("nan") if v is None else v for v in series.actual], marker="o", label=series.title)
        ax.plot(xs, [float("nan") if v is None else v for v in series.target], linestyle="--", label=target_label)
        ax.set_xticks(xs, [p[2:] for p in series.periods], fontsize=7)
        ax.set_title(series.title, fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
        ax.legend(fontsize=7, loc="best")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
