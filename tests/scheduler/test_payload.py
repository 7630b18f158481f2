"""An outbox row holds exactly what will be posted: every part of a reply survives the trip through JSON."""

from __future__ import annotations

import json

from flows.types import Chart, ChartSeries, Choice, Reply, ReplyKind
from scheduler import payload


def test_a_file_reply_comes_back_with_its_bytes_and_name() -> None:
    reply = Reply(ReplyKind.FILE, "De strategie als PDF", file=b"%PDF-1.7\x00\xff", filename="strategie.pdf")
    [back] = payload.load(json.loads(json.dumps(payload.dump([reply]))))
    assert (back.kind, back.file, back.filename) == (ReplyKind.FILE, b"%PDF-1.7\x00\xff", "strategie.pdf")


def test_a_chart_comes_back_with_its_months_series_and_unit() -> None:
    chart = Chart("Conversieratio", ("okt 2026", "nov 2026"),
                  (ChartSeries("Gemeten", (2.1, None)), ChartSeries("Doel", (2.5, 2.5), role="target")), unit="percent")
    reply = Reply(ReplyKind.IMAGE, "KPI-rapport", image=b"\x89PNG", chart=chart, choices=(Choice("a", "A"),))
    [back] = payload.load(json.loads(json.dumps(payload.dump([reply]))))
    assert back.chart == chart
    assert back.image == b"\x89PNG"
