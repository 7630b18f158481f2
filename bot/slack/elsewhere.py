"""A reply in an earlier step's thread: never silently dropped, never quietly filed under the current question.

The coach answers in that thread: this was not saved, the current question is there (a link), and a button
that takes the text as the answer to the current question after all (an answer button of that question, so
the engine refuses it once the question is past, like any other).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import limits as L
from bot.slack import pointers
from bot.slack.blocks import CHOICE_ACTION, Outgoing, tag
from bot.slack.inbox import AlreadyProcessed
from bot.slack.translate import Delivery

if TYPE_CHECKING:
    from bot.slack.app import SlackCoach

log = logging.getLogger(__name__)


async def point_from_an_earlier_thread(coach: SlackCoach, row_id: int, client: AsyncWebClient,
                                       delivery: Delivery) -> None:
    live = await coach.poster.live_question(delivery.workspace, delivery.channel)
    language = await coach.language_of(delivery.workspace, delivery.channel)
    where = await pointers.where(client, delivery.channel, live, language)
    text = pointers.words(language)["elsewhere"].format(where=where)
    message = Outgoing("thread", text, pointer_blocks(text, live, delivery.inbound.text or "", language),
                       in_thread=delivery.thread_ts)
    try:
        async with coach.ctx.engine.begin() as conn:
            await coach.inbox.mark_processed(conn, row_id, [message.to_json()])
    except AlreadyProcessed:
        return
    await coach.post_row(row_id, client, delivery, [message], 0)


def pointer_blocks(text: str, live: Any, answer: str, language: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]  # has a link
    if live is not None and answer.strip() and len(answer) <= L.BUTTON_VALUE:
        button = {"type": "button", "action_id": f"{CHOICE_ACTION}:elsewhere", "value": answer,
                  "text": {"type": "plain_text", "text": pointers.words(language)["take"]}}
        blocks.append({"type": "actions", "block_id": tag(live.question_id, 0, 1, live.version),
                       "elements": [button]})
    return blocks
