"""The coach never files a message under a question nobody saw.

When a team writes while the question before it has not reached Slack (Slack is still being tried, or gave
up: see `retrying`), the message is not an answer: the coach says so, and asks that question (again) first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import Outgoing, mrkdwn
from bot.slack.inbox import AlreadyProcessed
from bot.slack.translate import Delivery
from flows.commands import parse_command

if TYPE_CHECKING:
    from bot.slack.app import SlackCoach

WORDS = {
    "nl": {
        "again": ":warning: Mijn vorige bericht is niet bij jullie aangekomen (Slack nam het niet aan). Hier is het "
                 "alsnog. Je bericht heb ik daarom niet als antwoord bewaard: antwoord hieronder op de vraag.",
        "waiting": ":hourglass: Je bericht heb ik niet als antwoord bewaard: mijn vraag is nog niet bij jullie "
                   "aangekomen (Slack laat me even wachten). Ze komt eraan; antwoord daarop.",
    },
    "en": {
        "again": ":warning: My previous message did not reach you (Slack did not take it). Here it is. So I did not "
                 "save your message as an answer: answer the question below.",
        "waiting": ":hourglass: I did not save your message as an answer: my question has not reached you yet "
                   "(Slack makes me wait). It is on its way; answer that one.",
    },
}


def _could_be_an_answer(delivery: Delivery) -> bool:
    # Buttons and forms belong to a question someone saw; commands are not answers.
    text = delivery.inbound.text
    return delivery.kind == "message" and bool(text and text.strip()) and parse_command(text) is None


async def ask_undelivered_first(coach: SlackCoach, row_id: int, client: AsyncWebClient, delivery: Delivery) -> bool:
    """True when the delivery was not taken as an answer because the question before it was not delivered."""
    if not _could_be_an_answer(delivery):
        return False
    held = await coach.inbox.undelivered_question(delivery.workspace, delivery.channel, row_id)
    if held is None:
        return False
    words = WORDS.get(await coach.language_of(delivery.workspace, delivery.channel), WORDS["nl"])
    note = Outgoing("thread", words["again" if held.final else "waiting"], [])
    note.blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn(note.text)}}]
    messages = [note, *(Outgoing.from_json(m) for m in held.unsent)] if held.final else [note]
    try:
        async with coach.ctx.engine.begin() as conn:
            if held.final and not await coach.inbox.take_undelivered(conn, held.row_id):
                messages = [note]  # another turn is asking it again already
            await coach.inbox.mark_processed(conn, row_id, [m.to_json() for m in messages])
    except AlreadyProcessed:
        return True
    await coach.post_row(row_id, client, delivery, messages, 0)
    return True
