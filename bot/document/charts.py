"""A KPI's months against its target as a PNG, for the Word document (Word takes pictures).

Drawn with Pillow at twice the size and scaled down (that smooths the lines), with matplotlib's
tick locator choosing round values for the axis. matplotlib's own Agg rendering looked the same
but took about 90 ms a chart against about 15 ms here (bench/document.py: four charts per
document), which alone broke the document's 500 ms goal. The PDF draws the same chart as vectors
(pdf_parts.kpi_chart).
"""

from __future__ import annotations

import io
from functools import cache

from matplotlib.ticker import MaxNLocator
from PIL import Image, ImageDraw, ImageFont

from bot.document.fonts import font_dir
from flows.formatting import format_kpi_value
from flows.strategy_kpis import Kpi

ACCENT, WARN, INK, RULE, GRID = (31, 111, 120), (181, 68, 47), (29, 43, 54), (201, 211, 216), (232, 238, 240)
SCALE = 2  # drawn this many times larger, then scaled down
WIDTH, HEIGHT = 693, 190  # pixels of the finished picture (6.3 inches at 110 dpi)
LEFT, RIGHT, TOP, BOTTOM = 70, 12, 20, 26  # margins around the plot, in finished pixels


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_dir() / "DejaVuSans.ttf"), size * SCALE)


def _ticks(low: float, high: float, whole: bool) -> list[float]:
    if high == low:
        low, high = low - (abs(low) * 0.1 or 1), high + (abs(high) * 0.1 or 1)
    ticks = [float(t) for t in MaxNLocator(nbins=4, integer=whole).tick_values(low, high)]
    return [t for t in ticks if low - (ticks[1] - ticks[0]) < t < high + (ticks[1] - ticks[0])]


def kpi_chart_png(kpi: Kpi, language: str, target_label: str) -> bytes:
    s = SCALE
    image = Image.new("RGB", (WIDTH * s, HEIGHT * s), "white")
    draw = ImageDraw.Draw(image)
    values = [p.value for p in kpi.history]
    known = [v for v in values if v is not None] + ([kpi.target_value] if kpi.target_value is not None else [])
    pad = (max(known) - min(known)) * 0.06 if known else 0
    whole = kpi.unit in (None, "count")  # no "1,5 nieuwe klanten" on the axis
    ticks = _ticks(min(known) - pad, max(known) + pad, whole) if known else [0.0, 1.0]
    low, high = ticks[0], ticks[-1]
    x0, x1, y0, y1 = LEFT * s, (WIDTH - RIGHT) * s, (HEIGHT - BOTTOM) * s, TOP * s
    step = (x1 - x0) / max(1, len(values))
    x_of = lambda i: x0 + (i + 0.5) * step  # noqa: E731  (each month in the middle of its slot)
    y_of = lambda v: y0 - (v - low) / ((high - low) or 1) * (y0 - y1)  # noqa: E731
    for tick in ticks:
        y = y_of(tick)
        draw.line([(x0, y), (x1, y)], fill=GRID, width=s)
        draw.text((x0 - 6 * s, y), format_kpi_value(tick, kpi.unit, language), fill=INK, font=_font(9), anchor="rm")
    draw.line([(x0, y0), (x1, y0)], fill=RULE, width=s)
    for i, point in enumerate(kpi.history):
        draw.text((x_of(i), y0 + 6 * s), point.short, fill=INK, font=_font(9), anchor="ma")
    if kpi.target_value is not None:
        y = y_of(kpi.target_value)
        dash = 8 * s
        for x in range(int(x0), int(x1), dash * 2):
            draw.line([(x, y), (min(x + dash, x1), y)], fill=WARN, width=s + 1)
        draw.text((x1, y - 3 * s), target_label, fill=WARN, font=_font(9), anchor="rd")
    run: list[tuple[float, float]] = []
    for i, value in enumerate([*values, None]):  # a month without a value breaks the line
        if value is not None:
            run.append((x_of(i), y_of(value)))
            continue
        if len(run) > 1:
            draw.line(run, fill=ACCENT, width=3 * s, joint="curve")
        for x, y in run:
            draw.ellipse((x - 4 * s, y - 4 * s, x + 4 * s, y + 4 * s), fill=ACCENT)
        run = []
    buffer = io.BytesIO()
    image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
