"""Posting a message with native charts, and the PNG fallback when Slack refuses them.

`data_visualization` blocks are rolling out: a workspace that does not have them answers
`invalid_blocks`. Then the message goes out without those blocks and the charts follow as one PNG
upload, drawn off the event loop (scheduler.chart.png_for) from the chart data the message carries.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.charts import without_charts
from scheduler.chart import png_for
from scheduler.payload import chart_from_dict

log = logging.getLogger(__name__)


async def post_message(client: AsyncWebClient, channel: str, message: Any, thread_ts: str | None = None) -> Any:
    """chat.postMessage for an `Outgoing`; on `invalid_blocks` for its charts, the fallback. The response of
    the message posted (None when the message was nothing but charts)."""
    try:
        return await client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks,
                                             thread_ts=thread_ts, unfurl_links=False)
    except SlackApiError as exc:
        if exc.response.get("error") != "invalid_blocks" or not getattr(message, "charts", None):
            raise
        log.info("Slack refused the chart blocks in %s; posting the charts as a PNG", channel)
    response = None
    rest = without_charts(message.blocks)
    if rest:
        response = await client.chat_postMessage(channel=channel, text=message.text, blocks=rest,
                                                 thread_ts=thread_ts, unfurl_links=False)
    charts = [chart_from_dict(c) for c in message.charts]
    alt = "; ".join(c.title for c in charts)
    await client.files_upload_v2(channel=channel, thread_ts=thread_ts, content=await png_for(charts),
                                 filename="chart.png", title=alt, alt_txt=alt)
    return response
