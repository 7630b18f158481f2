"""Benchmark: the time to build the strategy document of a full strategy, as PDF and as Word.

The strategy is the example team's (bot/document/example.py): all four steps answered, three focus
groups, four KPIs with a year of monthly values. Measured in one run, side by side:
- baseline: building the model and rendering it as Markdown (what the chat and `export --format md` do);
- pdf:      the model rendered by reportlab, vector charts included;
- docx:     the model rendered by python-docx, its four KPI charts drawn as pictures (Pillow);
- docx, no charts: the same without the charts, to show what the pictures cost.
The first build of each (fonts loaded, caches cold) is shown apart from the steady ones. Wall time
and CPU time both: on a shared machine the CPU time is the steadier figure. Goal: under 500 ms each.

Run: .venv/bin/python bench/document.py [--rounds N] [--lang nl|en]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.document import docx as word
from bot.document.build import example_strategy
from bot.document.pdf import render_pdf
from flows.strategy import Strategy
from flows.strategy_markdown import render_markdown

GOAL_MS = 500


def _time(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def measure(name: str, work: Callable[[], object], rounds: int) -> dict[str, float | str]:
    first_wall, first_cpu = _time(work)
    samples = [_time(work) for _ in range(rounds)]
    walls, cpus = sorted(s[0] for s in samples), sorted(s[1] for s in samples)
    return {"name": name, "first_ms": first_wall, "first_cpu_ms": first_cpu, "p50_ms": statistics.median(walls),
            "p90_ms": walls[min(len(walls) - 1, int(len(walls) * 0.9))], "cpu_p50_ms": statistics.median(cpus)}


def _without_charts(strategy: Strategy) -> bytes:
    keep = word._history
    word._history = lambda _document, _strategy: None  # type: ignore[assignment]
    try:
        return word.render_docx(strategy)
    finally:
        word._history = keep


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--lang", choices=["nl", "en"], default="nl")
    args = parser.parse_args()
    strategy = example_strategy(args.lang)
    sizes = {"pdf": len(render_pdf(strategy)), "docx": len(word.render_docx(strategy))}
    rows = [
        measure("baseline: model + Markdown", lambda: render_markdown(example_strategy(args.lang)), args.rounds),
        measure("pdf (reportlab)", lambda: render_pdf(strategy), args.rounds),
        measure("docx (python-docx + chart pictures)", lambda: word.render_docx(strategy), args.rounds),
        measure("docx, no charts", lambda: _without_charts(strategy), args.rounds),
    ]
    measured = sum(1 for k in strategy.kpis for p in k.history if p.value is not None)
    print(f"full strategy: {len(strategy.focus_groups)} focus groups, {len(strategy.kpis)} KPIs, "
          f"{measured} monthly values; pdf {sizes['pdf'] // 1024} KB, docx {sizes['docx'] // 1024} KB; "
          f"{args.rounds} rounds after a first build")
    print(f"{'':40} {'first':>8} {'p50':>8} {'p90':>8} {'cpu p50':>8}")
    for row in rows:
        print(f"{row['name']:40} {row['first_ms']:8.1f} {row['p50_ms']:8.1f} {row['p90_ms']:8.1f} "
              f"{row['cpu_p50_ms']:8.1f}")
    baseline = float(rows[0]["p50_ms"])
    for row in rows[1:3]:
        verdict = "within" if float(row["p50_ms"]) < GOAL_MS else "OVER"
        print(f"{row['name']}: p50 {row['p50_ms']:.0f} ms, {verdict} the {GOAL_MS} ms goal; "
              f"{float(row['p50_ms']) / baseline:.0f}x the Markdown baseline")


if __name__ == "__main__":
    main()
