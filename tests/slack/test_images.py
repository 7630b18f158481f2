"""Charts reach Slack as files, through slack_sdk's three-step external upload to the fake Web API."""

from __future__ import annotations

import base64

from bot.slack.blocks import Outgoing
from flows.types import Chart, ChartSeries, Reply, ReplyKind
from scheduler.chart import render_png
from scheduler.delivery import Destination
from tests.slack.harness import CHANNEL, TEAM, SlackHarness, start

CHART_ALT = "Grafiek: de KPI's tegen hun doel"


def chart() -> bytes:
    return render_png([Chart("Leads", ("sep 2026", "okt 2026", "nov 2026"),
                             (ChartSeries("gemeten", (120.0, 135.5, None)),
                              ChartSeries("doel", (110.0, 130.0, 150.0), "target")))])


async def test_a_scheduled_report_uploads_its_chart_into_the_channel(slack: SlackHarness) -> None:
    png = chart()
    result = await slack.ctx.deliverers["slack"].deliver(
        Destination("slack", TEAM, CHANNEL, "channel", CHANNEL),
        [Reply(ReplyKind.TEXT, "KPI-rapport van november"), Reply(ReplyKind.IMAGE, CHART_ALT, image=png,
                                                                   image_alt=CHART_ALT)])
    assert result.ok
    [asked] = slack.api.of("files.getUploadURLExternal")
    assert int(asked.params["length"]) == len(png)
    assert slack.api.uploads[asked.result["file_id"]] == png
    [completed] = slack.api.of("files.completeUploadExternal")
    assert completed.params["channel_id"] == CHANNEL
    assert CHART_ALT not in [call.params.get("text") for call in slack.api.of("chat.postMessage")]


async def test_a_chart_in_a_conversation_reply_is_uploaded_into_the_team_thread(slack: SlackHarness) -> None:
    thread = await start(slack)
    png = chart()
    message = Outgoing(place="thread", text=CHART_ALT, blocks=[], image=base64.b64encode(png).decode(),
                       image_alt=CHART_ALT)
    await slack.coach.poster.post(slack.coach.client, TEAM, CHANNEL, False, [message])
    [completed] = slack.api.of("files.completeUploadExternal")
    assert completed.params["channel_id"] == CHANNEL
    assert completed.params["thread_ts"] == thread
    assert list(slack.api.uploads.values()) == [png]
