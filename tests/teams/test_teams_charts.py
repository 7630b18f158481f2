"""KPI charts drawn by Teams itself: an Adaptive Card Chart.Line in the report's card."""

from __future__ import annotations

from bot.teams.cards import reply_to_activity
from bot.teams.charts import chart_element
from flows.types import Chart, ChartSeries, Reply, ReplyKind

CHART = Chart("Kosten per lead (€)", ("okt 2026", "nov 2026", "dec 2026"),
              (ChartSeries("gemeten", (41.0, None, 38.5)), ChartSeries("doel", (40.0, 39.0, 38.0), "target")),
              unit="money")


def test_a_kpi_chart_becomes_a_line_chart_with_a_legend_per_line():
    element = chart_element(CHART)
    assert element["type"] == "Chart.Line" and element["title"] == "Kosten per lead (€)"
    assert element["yAxisTitle"] == "€"
    measured, target = element["data"]
    assert measured == {"legend": "gemeten", "values": [{"x": "okt 2026", "y": 41}, {"x": "dec 2026", "y": 38.5}]}
    assert target["legend"] == "doel" and [v["x"] for v in target["values"]] == list(CHART.labels)
    assert element["fallback"]["type"] == "TextBlock" and "dec 2026: 38.5" in element["fallback"]["text"]


def test_a_chart_without_values_adds_nothing():
    assert chart_element(Chart("Leads", ("nov 2026",), (ChartSeries("gemeten", (None,)),))) is None


def test_the_report_chart_is_part_of_an_adaptive_card():
    activity = reply_to_activity(Reply(ReplyKind.IMAGE, "Grafiek: Kosten per lead", chart=CHART))
    card = activity["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert [e["type"] for e in card["body"]] == ["TextBlock", "Chart.Line"]
