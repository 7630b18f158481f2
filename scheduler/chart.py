"""The KPI chart: actual against the path to target over the months, as data and, where needed, a PNG.

`kpi_chart` builds the one chart model (flows.types.Chart) in the team's language; Slack and
Teams draw it natively (bot/slack/charts.py, bot/teams/charts.py). The PNG is for the console,
documents, exports and the fallback when a platform refuses the native block: it is drawn with
matplotlib's Agg backend (no display), in a worker thread (`png_for`, never on the event loop),
and at most once per chart in this process (the same team and period give the same chart).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from flows.types import Chart, ChartSeries
from scheduler import messages as m
from scheduler.judgement import KpiFacts, expected_path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PANELS = 6
UNIT_SIGNS = {"percent": "%", "money": "€"}


def unit_sign(unit: str | None) -> str | None:
    """"%" and "€" as a reader writes them; counts need no sign."""
    return UNIT_SIGNS.get(unit or "")


def kpi_chart(facts: KpiFacts, language: str) -> Chart:
    """One KPI's months ("nov 2026"), what was measured, and where the straight path to its target was."""
    periods = [p for p, _ in facts.history]
    sign = unit_sign(facts.unit)
    return Chart(
        title=f"{facts.name} ({sign})" if sign else facts.name,
        labels=tuple(m.short_month(p, language) for p in periods),
        series=(
            ChartSeries(m.CHART_MEASURED(language), tuple(v for _, v in facts.history), "actual"),
            ChartSeries(m.TARGET(language), tuple(expected_path(facts, periods)), "target"),
        ),
        unit=facts.unit,
    )


def has_values(chart: Chart) -> bool:
    return any(v is not None for s in chart.series if s.role == "actual" for v in s.values)


def render_png(charts: Sequence[Chart]) -> bytes:
    """One panel per chart (at most six): what was measured as a line with dots, the target dashed."""
    shown = list(charts)[:MAX_PANELS]
    figure = Figure(figsize=(6, 1.9 * max(1, len(shown))), dpi=80)
    axes = figure.subplots(max(1, len(shown)), 1, squeeze=False)[:, 0]
    for ax, chart in zip(axes, shown, strict=False):
        xs = list(range(len(chart.labels)))
        for series in chart.series:
            style = {"linestyle": "--"} if series.role == "target" else {"marker": "o"}
            ax.plot(xs, [float("nan") if v is None else v for v in series.values], label=series.name, **style)
        ax.set_xticks(xs, list(chart.labels), fontsize=7)
        ax.set_title(chart.title, fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
        ax.legend(fontsize=7, loc="best")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


@lru_cache(maxsize=256)
def _cached_png(charts: tuple[Chart, ...]) -> bytes:
    return render_png(charts)


async def png_for(charts: Sequence[Chart]) -> bytes:
    """The PNG of these charts, drawn in a worker thread and remembered: a retried or repeated post of
    the same team and period draws nothing again."""
    return await asyncio.to_thread(_cached_png, tuple(charts))
