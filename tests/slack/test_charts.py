"""KPI charts drawn by Slack itself (data_visualization), within its limits, and the PNG when refused."""

from __future__ import annotations

import json

from bot.slack.blocks import plan_messages
from bot.slack.charts import PER_MESSAGE, chart_block, problems
from flows.types import Chart, ChartSeries, Reply, ReplyKind
from scheduler.chart import PNG_SIGNATURE
from scheduler.delivery import Destination
from tests.slack.harness import CHANNEL, TEAM, SlackHarness


def kpi_chart(title: str = "Conversieratio webshop (%)", months: int = 3) -> Chart:
    labels = tuple(f"m{n} 2026" for n in range(months))
    return Chart(title, labels, (ChartSeries("gemeten", tuple([2.1, None, 2.4][n % 3] for n in range(months))),
                                 ChartSeries("doel", tuple(2.0 + n / 10 for n in range(months)), "target")),
                 unit="percent")


def chart_reply(chart: Chart) -> Reply:
    return Reply(ReplyKind.IMAGE, f"Grafiek: {chart.title}", image_alt=f"Grafiek: {chart.title}", chart=chart)


def test_a_kpi_chart_becomes_a_line_chart_block_with_months_and_units():
    block = chart_block(kpi_chart())
    assert block["type"] == "data_visualization" and block["title"] == "Conversieratio webshop (%)"
    assert block["chart"]["type"] == "line"
    assert block["chart"]["axis_config"] == {"categories": ["m0 2026", "m1 2026", "m2 2026"], "y_label": "%"}
    measured, target = block["chart"]["series"]
    assert measured == {"name": "gemeten", "data": [{"label": "m0 2026", "value": 2.1},
                                                    {"label": "m2 2026", "value": 2.4}]}  # no point where unmeasured
    assert target["name"] == "doel" and len(target["data"]) == 3
    assert problems([block]) == []


def test_an_oversized_chart_is_kept_inside_slacks_limits():
    long = Chart("Een KPI met een naam die veel langer is dan vijftig tekens", tuple(f"maand nummer {n:02d}"
                 for n in range(30)), tuple(ChartSeries(f"reeks met een lange naam {n}", (1.0,) * 30)
                                            for n in range(9)))
    block = chart_block(long)
    assert len(block["title"]) == 50 and block["title"].endswith("…")
    assert len(block["chart"]["series"]) == 6
    assert all(len(s["data"]) == 20 for s in block["chart"]["series"])
    assert problems([block]) == []


def test_a_chart_without_any_value_is_no_block():
    empty = Chart("Leads", ("nov 2026",), (ChartSeries("gemeten", (None,)),))
    assert chart_block(empty) is None


def test_a_report_with_three_charts_spreads_them_two_per_message():
    replies = [Reply(ReplyKind.TEXT, "Zo staan de KPI's ervoor.", title="KPI-rapport november 2026"),
               *(chart_reply(kpi_chart(f"KPI {n}")) for n in range(3))]
    messages = plan_messages(replies, "nl", direct=True)
    assert [sum(b["type"] == "data_visualization" for b in m.blocks) for m in messages] == [2, 1]
    assert all(problems(m.blocks) == [] for m in messages)
    assert len(messages[0].charts) == 2 and messages[0].charts[0]["title"] == "KPI 0"
    assert PER_MESSAGE == 2


async def test_a_scheduled_report_posts_its_charts_natively(slack: SlackHarness) -> None:
    result = await slack.ctx.deliverers["slack"].deliver(
        Destination("slack", TEAM, CHANNEL, "channel", CHANNEL),
        [Reply(ReplyKind.TEXT, "KPI-rapport november 2026"), chart_reply(kpi_chart())])
    assert result.ok
    [posted] = slack.api.of("chat.postMessage")
    blocks = posted.params["blocks"]
    blocks = blocks if isinstance(blocks, list) else json.loads(blocks)
    assert [b["type"] for b in blocks] == ["section", "data_visualization"]
    assert not slack.api.of("files.getUploadURLExternal")


async def test_when_slack_refuses_the_chart_block_the_report_goes_out_with_the_chart_as_png(
        slack: SlackHarness) -> None:
    slack.api.fail("chat.postMessage", "invalid_blocks")
    result = await slack.ctx.deliverers["slack"].deliver(
        Destination("slack", TEAM, CHANNEL, "channel", CHANNEL),
        [Reply(ReplyKind.TEXT, "KPI-rapport november 2026"), chart_reply(kpi_chart())])
    assert result.ok
    refused, posted = slack.api.of("chat.postMessage")
    assert "data_visualization" in str(refused.params["blocks"])
    blocks = posted.params["blocks"]
    blocks = blocks if isinstance(blocks, list) else json.loads(blocks)
    assert [b["type"] for b in blocks] == ["section"]
    [asked] = slack.api.of("files.getUploadURLExternal")
    assert slack.api.uploads[asked.result["file_id"]].startswith(PNG_SIGNATURE)
    [completed] = slack.api.of("files.completeUploadExternal")
    assert completed.params["channel_id"] == CHANNEL
