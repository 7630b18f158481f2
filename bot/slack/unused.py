"""What a person did in Slack that the coach does not use, told to them privately where they did it.

The coach keeps what was typed as it first arrived: an edit or a deletion in Slack changes nothing stored,
and a file attached to an answer is not kept. Saying nothing would let the team believe otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from slack_sdk.web.async_client import AsyncWebClient

from bot import not_kept
from bot.slack.translate import Delivery, workspace_key

if TYPE_CHECKING:
    from bot.slack.app import SlackCoach

EDITED = {
    "nl": "Je hebt je bericht in Slack aangepast. De coach bewaart je antwoord zoals je het eerst stuurde; "
          "typ `wijzig` (bijvoorbeeld `wijzig kernwaarden`) om een antwoord te veranderen.",
    "en": "You edited your message in Slack. The coach keeps your answer as you first sent it; "
          "type `edit` (for example `edit core values`) to change an answer.",
}
DELETED = {
    "nl": "Je hebt je bericht in Slack verwijderd, maar de coach had het al ontvangen: verwijderen maakt dat niet "
          "ongedaan. Was het een antwoord, typ dan `wijzig` (bijvoorbeeld `wijzig kernwaarden`) om het te veranderen.",
    "en": "You deleted your message in Slack, but the coach had already received it: deleting does not undo that. "
          "If it was an answer, type `edit` (for example `edit core values`) to change it.",
}


def file_names(event: Mapping[str, Any]) -> list[str]:
    """The names of the files a message carries (Slack's `file_share` subtype, or files on a mention)."""
    return [str(f.get("name") or f.get("title") or "") or "?" for f in event.get("files") or []
            if isinstance(f, Mapping)]


async def tell(client: AsyncWebClient, channel: str, user: str, thread_ts: str | None, text: str) -> None:
    await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text=text)


def deleted_message(event: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The person's message a `message_deleted` event removed; None for the coach's or another bot's."""
    previous = event.get("previous_message") or {}
    if not previous.get("user") or previous.get("bot_id") or not (event.get("deleted_ts") or previous.get("ts")):
        return None
    return previous


async def on_edited(coach: SlackCoach, event: Mapping[str, Any], body: Mapping[str, Any],
                    client: AsyncWebClient) -> None:
    """A person edited, in Slack, a message the coach already took: the edit changes nothing stored, so
    tell them (only them, where they edited it) how to change the answer."""
    message = event.get("message") or {}
    user, message_id, channel = message.get("user"), message.get("ts"), event.get("channel", "")
    if not user or not message_id or message.get("bot_id"):
        return
    workspace = workspace_key(body.get("team_id"), body.get("enterprise_id"))
    if await coach.inbox.received(workspace, channel, message_id):
        language = await coach.language_of(workspace, channel)
        await tell(client, channel, user, message.get("thread_ts"), EDITED.get(language, EDITED["nl"]))


async def on_deleted(coach: SlackCoach, event: Mapping[str, Any], body: Mapping[str, Any],
                     client: AsyncWebClient) -> None:
    """A person deleted, in Slack, a message the coach already took: it stays taken, so tell them."""
    message = deleted_message(event)
    channel = event.get("channel", "")
    workspace = workspace_key(body.get("team_id"), body.get("enterprise_id"))
    if message is None or not await coach.inbox.received(workspace, channel, event.get("deleted_ts") or message["ts"]):
        return
    language = await coach.language_of(workspace, channel)
    await tell(client, channel, message["user"], message.get("thread_ts"), DELETED.get(language, DELETED["nl"]))


async def on_files(coach: SlackCoach, event: Mapping[str, Any], delivery: Delivery, client: AsyncWebClient) -> None:
    """A message taken as an answer or command that carried files: only its text was used."""
    names = file_names(event)
    if names:
        language = await coach.language_of(delivery.workspace, delivery.channel)
        await tell(client, delivery.channel, delivery.inbound.user, event.get("thread_ts"),
                   not_kept.files_not_kept(names, language))
