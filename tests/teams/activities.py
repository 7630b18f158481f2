"""Teams activities shaped as in Microsoft's documentation (Bot Framework REST schema, Teams channelData).

See "Conversation events in your Teams bot" and "Receive and send messages" on learn.microsoft.com.
"""

from __future__ import annotations

import itertools
from typing import Any

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OTHER_TENANT = "c2f1a2b3-0000-4000-8000-000000000042"
BOT_ID = "28:c9e8c047-2a74-40a2-b28a-b162d5f5327c"
BOT_NAME = "Coach"
CHANNEL = "19:a8c7f1e2b3d44f5a9c0e1d2f3a4b5c6d@thread.tacv2"
TEAM_ID = "19:0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e@thread.tacv2"
PERSONAL = "a:1Xq3lMvc5GBtc2JwZq0oj8tHZmzrQgFmB25ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ"
ANNA = {"id": "29:1ANNAjMvc5GBtc2JwZq0oj8tHZmzrQgFmB25A", "name": "Anna de Vries",
        "aadObjectId": "7faf80cb-1111-4a1b-9c1d-000000000001"}
BOB = {"id": "29:1BOBxjMvc5GBtc2JwZq0oj8tHZmzrQgFmB25A", "name": "Bob Peeters",
       "aadObjectId": "7faf80cb-2222-4a1b-9c1d-000000000002"}

_ids = itertools.count(1_700_000_000_000)


def next_id() -> str:
    return str(next(_ids))


def _base(service_url: str, conversation: dict[str, Any], sender: dict[str, Any], tenant: str) -> dict[str, Any]:
    return {
        "id": next_id(),
        "timestamp": "2026-11-23T09:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": dict(sender),
        "conversation": {**conversation, "tenantId": tenant},
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "locale": "nl-NL",
    }


def channel_conversation(thread: str | None = None, channel: str = CHANNEL) -> dict[str, Any]:
    conversation_id = f"{channel};messageid={thread}" if thread else channel
    return {"isGroup": True, "conversationType": "channel", "id": conversation_id}


def personal_conversation(conversation_id: str = PERSONAL) -> dict[str, Any]:
    return {"conversationType": "personal", "id": conversation_id}


def _channel_data(tenant: str, channel: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"tenant": {"id": tenant}}
    if channel:
        data.update(teamsChannelId=CHANNEL, teamsTeamId=TEAM_ID, channel={"id": CHANNEL},
                    team={"id": TEAM_ID, "name": "Marketing"})
    return data


def message(service_url: str, text: str, *, sender: dict[str, Any] = ANNA, conversation: dict[str, Any] | None = None,
            tenant: str = TENANT, mention_bot: bool = False) -> dict[str, Any]:
    """A typed message; in a channel the bot must be @mentioned, as Teams requires."""
    conversation = conversation or personal_conversation()
    is_channel = conversation.get("conversationType") == "channel"
    activity = _base(service_url, conversation, sender, tenant)
    entities: list[dict[str, Any]] = [{"type": "clientInfo", "locale": "nl-NL", "platform": "Web"}]
    if mention_bot:
        text = f"<at>{BOT_NAME}</at> {text}"
        entities.append({"type": "mention", "text": f"<at>{BOT_NAME}</at>",
                         "mentioned": {"id": BOT_ID, "name": BOT_NAME}})
    activity.update(type="message", text=text, textFormat="plain", entities=entities,
                    channelData=_channel_data(tenant, is_channel))
    return activity


def card_submit(service_url: str, data: dict[str, Any], *, sender: dict[str, Any] = ANNA,
                conversation: dict[str, Any] | None = None, tenant: str = TENANT) -> dict[str, Any]:
    """What Teams sends for an Adaptive Card Action.Submit: a message with `value`, no text."""
    conversation = conversation or personal_conversation()
    activity = _base(service_url, conversation, sender, tenant)
    activity.update(type="message", value=data, replyToId=next_id(),
                    channelData=_channel_data(tenant, conversation.get("conversationType") == "channel"))
    return activity


def card_execute(service_url: str, data: dict[str, Any], *, sender: dict[str, Any] = ANNA,
                 conversation: dict[str, Any] | None = None, tenant: str = TENANT) -> dict[str, Any]:
    """An Adaptive Card Action.Execute (Universal Actions): an `adaptiveCard/action` invoke."""
    conversation = conversation or personal_conversation()
    activity = _base(service_url, conversation, sender, tenant)
    activity.update(type="invoke", name="adaptiveCard/action",
                    value={"action": {"type": "Action.Execute", "verb": "answer", "data": data}, "trigger": "manual"},
                    channelData=_channel_data(tenant, conversation.get("conversationType") == "channel"))
    return activity


def bot_added(service_url: str, *, conversation: dict[str, Any] | None = None, tenant: str = TENANT,
              sender: dict[str, Any] = ANNA) -> dict[str, Any]:
    """conversationUpdate, membersAdded with the bot: the app was installed in a team (eventType teamMemberAdded)."""
    conversation = conversation or channel_conversation()
    activity = _base(service_url, conversation, sender, tenant)
    channel_data = _channel_data(tenant, conversation.get("conversationType") == "channel")
    channel_data["eventType"] = "teamMemberAdded"
    activity.update(type="conversationUpdate", membersAdded=[{"id": BOT_ID}], channelData=channel_data)
    return activity


def bot_removed(service_url: str, *, conversation: dict[str, Any] | None = None, tenant: str = TENANT,
                sender: dict[str, Any] = ANNA) -> dict[str, Any]:
    conversation = conversation or channel_conversation()
    activity = _base(service_url, conversation, sender, tenant)
    channel_data = _channel_data(tenant, conversation.get("conversationType") == "channel")
    channel_data["eventType"] = "teamMemberRemoved"
    activity.update(type="conversationUpdate", membersRemoved=[{"id": BOT_ID}], channelData=channel_data)
    return activity


def file_consent(service_url: str, action: str, context: dict[str, Any], upload_info: dict[str, Any] | None = None,
                 *, sender: dict[str, Any] = ANNA, conversation: dict[str, Any] | None = None,
                 tenant: str = TENANT) -> dict[str, Any]:
    """What Teams sends when the person presses Allow or Decline on a file-consent card: a `fileConsent/invoke`
    with the card's accept or decline context, and on accept an upload session in their OneDrive."""
    conversation = conversation or personal_conversation()
    activity = _base(service_url, conversation, sender, tenant)
    value: dict[str, Any] = {"type": "fileUpload", "action": action, "context": context}
    if upload_info is not None:
        value["uploadInfo"] = upload_info
    activity.update(type="invoke", name="fileConsent/invoke", value=value, channelData=_channel_data(tenant, False))
    return activity
