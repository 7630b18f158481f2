"""The PDF's building blocks: colours, paragraph styles, boxes, and the two drawings (the Emphasis
axes and a KPI's months against its target), drawn as vectors so they stay sharp in print."""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from bot.document.fonts import BOLD, register_fonts
from flows.formatting import format_kpi_value
from flows.strategy import Axis
from flows.strategy_kpis import Kpi

INK = colors.HexColor("#1d2b36")
ACCENT = colors.HexColor("#1f6f78")  # headings, the chosen point on an axis
SOFT = colors.HexColor("#e8f1f2")  # box backgrounds
WARN = colors.HexColor("#b5442f")  # "Wat we NIET doen", open items
WARN_SOFT = colors.HexColor("#f8e9e5")
MUTED = colors.HexColor("#6b7780")
RULE = colors.HexColor("#c9d3d8")

FONT = register_fonts()
BULLET = "•"


def _style(name: str, size: float, leading: float | None = None, **extra: object) -> ParagraphStyle:
    settings: dict[str, object] = {"fontName": FONT, "textColor": INK, **extra}
    return ParagraphStyle(name, fontSize=size, leading=leading or size * 1.28, **settings)


STYLES = {
    "title": _style("title", 21, 25, fontName=BOLD, textColor=ACCENT, spaceAfter=3),
    "subtitle": _style("subtitle", 9, textColor=MUTED),
    "h1": _style("h1", 14, 18, fontName=BOLD, textColor=ACCENT, spaceBefore=6, spaceAfter=4),
    "h2": _style("h2", 10.5, 13, fontName=BOLD, textColor=ACCENT, spaceBefore=8, spaceAfter=2),
    "label": _style("label", 7.6, 10, fontName=BOLD, textColor=ACCENT),
    "body": _style("body", 9.6, 12.4),
    "small": _style("small", 8.6, 11),
    "small_bold": _style("small_bold", 8.6, 11, fontName=BOLD),
    "cell": _style("cell", 8.7, 11.2),
    "cell_small": _style("cell_small", 7.6, 9.8),
    "head": _style("head", 7.8, 10, fontName=BOLD, textColor=colors.white),
    "big": _style("big", 15, 18, fontName=BOLD, textColor=ACCENT),
    "warn_label": _style("warn_label", 7.6, 10, fontName=BOLD, textColor=WARN),
    "open": _style("open", 8.5, 11, textColor=MUTED, fontName=f"{FONT}-Oblique"),
    "open_small": _style("open_small", 8.6, 11, textColor=MUTED, fontName=f"{FONT}-Oblique"),
}


_UNIT_SPACE = re.compile(r"(?<=\d) (?=%)|(?<=€) (?=[\d-])")


def _together(markup: str) -> str:
    """A figure and its unit on one line: "1.000,5 %" and "€ 15.000,50" never wrap between the two."""
    return _UNIT_SPACE.sub("\u00a0", markup)


def para(text: str | None, style: str = "body", fallback: str | None = None) -> Paragraph:
    """A paragraph of the team's own text (escaped: it may hold `&` or `<`); `fallback` in grey when empty."""
    if not text:
        muted = "open_small" if style in ("small", "cell", "cell_small") else "open"
        return Paragraph(escape(fallback or "—"), STYLES[muted] if fallback else STYLES[style])
    return Paragraph(_together(escape(text).replace("\n", "<br/>")), STYLES[style])


def rich(markup: str, style: str = "body") -> Paragraph:
    """A paragraph whose markup we wrote ourselves (the texts inside it are escaped by the caller)."""
    return Paragraph(_together(markup), STYLES[style])


def bullets(items: Sequence[str], style: str = "body", fallback: str | None = None) -> list[Paragraph]:
    """A list with hanging bullets: a wrapped line starts under the text, not under the bullet."""
    if not items:
        return [para(None, style, fallback)]
    size = STYLES[style].fontSize
    # ReportLab starts a bulleted first line at the bullet's width plus 0.6 em: the wrapped lines start there too.
    indent = stringWidth(BULLET, FONT, size) + 0.6 * size
    hanging = ParagraphStyle(f"{style}_bullet", parent=STYLES[style], leftIndent=indent, bulletIndent=0,
                             bulletFontName=FONT, bulletFontSize=size)
    return [Paragraph(_together(escape(item)), hanging, bulletText=BULLET) for item in items]


def band(contents: Sequence[list[Flowable]], widths: Sequence[float], tones: Sequence[str] | None = None,
         gap: float = 6) -> Table:
    """Blocks side by side, each with a coloured top rule and a light background, all as tall as the tallest."""
    row: list[object] = []
    col_widths: list[float] = []
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 6),
             ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 5),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
    for index, (content, width) in enumerate(zip(contents, widths, strict=True)):
        if index:
            row.append("")
            col_widths.append(gap)
        column = len(row)
        background, accent = (WARN_SOFT, WARN) if tones and tones[index] == "warn" else (SOFT, ACCENT)
        style += [("BACKGROUND", (column, 0), (column, 0), background),
                  ("LINEABOVE", (column, 0), (column, 0), 2, accent)]
        row.append(content)
        col_widths.append(width)
    table = Table([row], colWidths=col_widths)
    table.setStyle(TableStyle(style))
    return table


def columns(cells: Sequence[list[Flowable]], widths: Sequence[float], gap: float = 10) -> Table:
    """Side-by-side text without a frame (Ambitions beside Challenges)."""
    row: list[object] = []
    col_widths: list[float] = []
    for index, (content, width) in enumerate(zip(cells, widths, strict=True)):
        if index:
            row.append("")
            col_widths.append(gap)
        row.append(content)
        col_widths.append(width)
    table = Table([row], colWidths=col_widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def grid(head: Sequence[str], rows: Sequence[Sequence[Flowable | str]], widths: Sequence[float],
         repeat: bool = True, cell_style: str = "cell") -> Table:
    """A table with a coloured header row and thin rules; splits over pages, repeating its header."""
    data = [[Paragraph(escape(h), STYLES["head"]) for h in head]]
    data += [[c if isinstance(c, Flowable | list) else para(c or "—", cell_style) for c in row] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1 if repeat else 0)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE), ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3), *[("BACKGROUND", (0, r), (-1, r), SOFT)
                                                  for r in range(2, len(data), 2)]]))
    return table


def emphasis_drawing(axes: Sequence[Axis], width: float) -> Drawing:
    """Three axes, five positions each; the team's choice a filled dot, an open axis all rings."""
    row, label_width = 22, width * 0.3
    drawing = Drawing(width, row * len(axes) + 2)
    for index, axis in enumerate(axes):
        y = row * (len(axes) - index) - 11
        x0, x1 = label_width + 10, width - label_width - 10
        drawing.add(String(label_width, y - 3, axis.left, fontName=FONT, fontSize=7.5, fillColor=INK,
                           textAnchor="end"))
        drawing.add(String(width - label_width, y - 3, axis.right, fontName=FONT, fontSize=7.5, fillColor=INK))
        drawing.add(Line(x0, y, x1, y, strokeColor=RULE, strokeWidth=1.2))
        for n in range(1, 6):
            x = x0 + (x1 - x0) * (n - 1) / 4
            chosen = axis.position == n
            drawing.add(Circle(x, y, 5 if chosen else 2.6, fillColor=ACCENT if chosen else colors.white,
                               strokeColor=ACCENT if chosen else MUTED, strokeWidth=0.8))
    return drawing


def kpi_chart(kpi: Kpi, width: float, height: float, target_label: str, language: str) -> Drawing:
    """The months measured (a line with a dot per entered month) against the target (dashed)."""
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 46, 18, width - 56, height - 30
    measured = [p.value for p in kpi.history]
    target = [kpi.target_value] * len(measured) if kpi.target_value is not None else []
    runs = _runs(measured)  # one line per stretch of entered months: a month without a value breaks it
    chart.data = [*runs, target] if target else runs
    chart.categoryAxis.categoryNames = [p.short for p in kpi.history]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize, axis.fillColor = FONT, 6.5, INK
    values = [v for v in (*measured, *target) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = max(0, low - pad) if low >= 0 else low - pad, high + pad
    chart.valueAxis.labelTextFormat = lambda v: format_kpi_value(v, kpi.unit, language)
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = RULE
    for index in range(len(runs)):
        chart.lines[index].strokeColor, chart.lines[index].strokeWidth = ACCENT, 1.6
        chart.lines[index].symbol = _dot()
    if target:
        line = chart.lines[len(runs)]
        line.strokeColor, line.strokeDashArray, line.strokeWidth = WARN, (3, 2), 1
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width, height - 8, target_label, fontName=FONT, fontSize=6.5, fillColor=WARN,
                       textAnchor="end"))
    return drawing


def _runs(values: Sequence[float | None]) -> list[list[float | None]]:
    """The values split where a month is missing: each run keeps its places, None elsewhere."""
    runs: list[list[float | None]] = []
    for index, value in enumerate(values):
        if value is None:
            continue
        if not runs or values[index - 1] is None:
            runs.append([None] * len(values))
        runs[-1][index] = value
    return runs or [[None] * len(values)]


def _dot() -> object:
    from reportlab.graphics.widgets.markers import makeMarker

    marker = makeMarker("FilledCircle")
    marker.size, marker.fillColor, marker.strokeColor = 3.5, ACCENT, ACCENT
    return marker

