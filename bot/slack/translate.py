"""Slack payloads -> the engine's `Inbound`, as pure functions over plain dicts (bolt's payload_utils style).

A `Delivery` is what the inbox stores before the ack: the Inbound, where to answer, and the ids
that make a retry or a duplicate recognisable. Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.slack.blocks import CHOICE_ACTION, COMMAND_ACTION, tagged_question, tagged_version
from bot.slack.modals import long_answer, read_metadata, submitted_values
from flows.types import Inbound

PLATFORM = "slack"
ELSEWHERE = "elsewhere"  # a Delivery kind: a reply in an earlier step's thread, answered with a pointer
# Message subtypes a person produces; every other subtype (bot_message, message_changed, channel_join...)
# is not an answer.
_PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*")


@dataclass(frozen=True)
class Delivery:
    key: str  # event_id, or the interaction's trigger id / view id
    kind: str  # message | command | action | view
    workspace: str
    channel: str
    inbound: Inbound
    client_msg_id: str | None = None  # a message's identity in its channel: its ts (see `message_delivery`)
    direct: bool = False  # a direct message: no threads
    thread_ts: str | None = None  # where the person wrote (a thread), if anywhere
    message_ts: str | None = None  # the message whose button was pressed
    response_url: str | None = None
    label: str | None = None  # the pressed button's text, to show who answered what
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        # Shallow copies: this runs before every ack, and the values are JSON already (asdict deep-copies them).
        data = dict(self.__dict__)
        data["inbound"] = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in self.inbound.__dict__.items()}
        data["extra"] = dict(self.extra)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Delivery:
        values = dict(data)
        values["inbound"] = Inbound(**values["inbound"])
        return cls(**values)


def workspace_key(team_id: str | None, enterprise_id: str | None = None) -> str:
    """Our workspace id: Slack's team id, prefixed by the enterprise id on Enterprise Grid."""
    if enterprise_id and team_id:
        return f"{enterprise_id}:{team_id}"
    return team_id or enterprise_id or ""


def split_workspace_key(key: str) -> tuple[str | None, str | None]:
    """(enterprise_id, team_id) of a workspace key, for the installation store."""
    if ":" in key:
        enterprise_id, team_id = key.split(":", 1)
        return enterprise_id, team_id
    return (None, key) if key.startswith("T") else (key, None)


def is_direct(channel: str | None, channel_type: str | None = None) -> bool:
    return channel_type == "im" or bool(channel and channel.startswith("D"))


def is_person_message(event: Mapping[str, Any], bot_user_id: str | None = None) -> bool:
    """A message a person typed: no bot, no system subtype, not the coach itself."""
    if event.get("type") not in ("message", "app_mention"):
        return False
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") not in _PERSON_SUBTYPES:
        return False
    user = event.get("user")
    return bool(user) and user != bot_user_id


def is_answer_message(event: Mapping[str, Any], active_thread: str | None, bot_user_id: str | None = None) -> bool:
    """Messages the coach treats as answers: direct messages, mentions, and replies in the team's thread.

    Top-level channel chatter is the team's own conversation and is left alone.
    """
    if not is_person_message(event, bot_user_id):
        return False
    if event.get("type") == "app_mention" or is_direct(event.get("channel"), event.get("channel_type")):
        return True
    thread = event.get("thread_ts")
    return bool(thread) and thread == active_thread


def is_reply_elsewhere(event: Mapping[str, Any], active_thread: str, bot_user_id: str | None = None) -> bool:
    """A person's reply in another thread than the team's current one, not addressed to the coach by a mention
    (those are answers wherever they are): if that thread is the coach's, it gets a pointer, never silence."""
    thread = event.get("thread_ts")
    text = (event.get("text") or "").lstrip()
    return (event.get("type") == "message" and bool(thread) and thread != active_thread
            and is_person_message(event, bot_user_id) and not (bot_user_id and text.startswith(f"<@{bot_user_id}")))


def strip_mention(text: str, bot_user_id: str | None = None) -> str:
    """The text without its leading mention: any one (an app_mention starts with the bot's), or only the bot's."""
    match = _LEADING_MENTION.match(text)
    if match is None or (bot_user_id is not None and not match.group(0).lstrip().startswith(f"<@{bot_user_id}")):
        return text.strip()
    return text[match.end():].strip()


def _workspace_of(body: Mapping[str, Any]) -> str:
    team = body.get("team")
    team_id = team.get("id") if isinstance(team, Mapping) else (body.get("team_id") or team)
    enterprise = body.get("enterprise")
    enterprise_id = enterprise.get("id") if isinstance(enterprise, Mapping) else (body.get("enterprise_id") or None)
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        team_id = body.get("team_id") or event.get("team")
        enterprise_id = body.get("enterprise_id")
    return workspace_key(team_id, enterprise_id)


def text_of(event: Mapping[str, Any]) -> str:
    """A message's text; when Slack sends it empty beside rich-text blocks (some clients and integrations
    do), the blocks' words, so the person's answer is read rather than met with "Ik zie nog geen antwoord"."""
    text = event.get("text") or ""
    if text.strip():
        return text
    return "\n".join(filter(None, (_rich_text(b) for b in event.get("blocks") or () if isinstance(b, Mapping))))


def _rich_text(element: Mapping[str, Any]) -> str:
    kind = element.get("type")
    if kind in ("text", "link"):
        return str(element.get("text") or element.get("url") or "")
    if kind == "user":
        return f"<@{element.get('user_id', '')}>"
    if kind == "emoji":
        return f":{element.get('name', '')}:"
    parts = [_rich_text(e) for e in element.get("elements") or () if isinstance(e, Mapping)]
    return ("\n" if kind in ("rich_text", "rich_text_list") else "").join(parts)


def message_delivery(body: Mapping[str, Any], bot_user_id: str | None = None) -> Delivery:
    """A message as the coach takes it. "@coach status" arrives twice, as `message` and as `app_mention`: the
    mention goes in both, and both carry the message's ts, which the inbox keeps unique per channel (it is
    the message's identity; Slack's client_msg_id is not always on both), so it runs once, as a command."""
    event = body["event"]
    channel = event["channel"]
    text = strip_mention(text_of(event), None if event.get("type") == "app_mention" else bot_user_id)
    workspace = _workspace_of(body)
    return Delivery(
        key=body["event_id"], kind="message", workspace=workspace, channel=channel,
        inbound=Inbound(PLATFORM, workspace, channel, event["user"], text=text, event_id=body["event_id"]),
        client_msg_id=event["ts"], direct=is_direct(channel, event.get("channel_type")),
        thread_ts=event.get("thread_ts"),
    )


def command_delivery(body: Mapping[str, Any]) -> Delivery:
    workspace = _workspace_of(body)
    channel = body["channel_id"]
    # `/coach <text>` is always a command: the slash stays on, so the engine reads it as one (and answers an
    # unknown one with what it knows), and nothing typed after `/coach` is ever stored as an answer.
    text = "/" + ((body.get("text") or "").strip() or "help")
    return Delivery(
        key=f"command:{body['trigger_id']}", kind="command", workspace=workspace, channel=channel,
        inbound=Inbound(PLATFORM, workspace, channel, body["user_id"], text=text),  # the name: users.info's
        direct=is_direct(channel, None), response_url=body.get("response_url"),
    )


def _user(body: Mapping[str, Any]) -> tuple[str, None]:
    # Interactions carry the person's handle ("anna.devries"), not the name Slack shows: that comes from
    # users.info, as for every message, so one person has one name everywhere.
    return (body.get("user") or {})["id"], None


def action_delivery(body: Mapping[str, Any]) -> Delivery | None:
    """A pressed answer or command button; None for buttons that are not answers (e.g. "fill in")."""
    action = (body.get("actions") or [{}])[0]
    action_id = action.get("action_id", "")
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    if not channel:
        return None
    workspace = _workspace_of(body)
    user, name = _user(body)
    message = body.get("message") or {}
    # Every button carries its question and which time it was asked: an old one is caught by the engine.
    base = Inbound(PLATFORM, workspace, channel, user, user_name=name,
                   question_id=tagged_question(action.get("block_id")),
                   question_version=tagged_version(action.get("block_id")))
    if action_id.startswith(CHOICE_ACTION):
        inbound = Inbound(**{**asdict(base), "choice": action.get("value")})
    elif action_id.startswith(COMMAND_ACTION):
        inbound = Inbound(**{**asdict(base), "text": action.get("value")})
    else:
        return None
    return Delivery(
        key=f"action:{body['trigger_id']}", kind="action", workspace=workspace, channel=channel, inbound=inbound,
        direct=is_direct(channel, None), thread_ts=container.get("thread_ts") or message.get("thread_ts"),
        message_ts=container.get("message_ts") or message.get("ts"), response_url=body.get("response_url"),
        label=(action.get("text") or {}).get("text"),
        extra={"blocks": message.get("blocks") or []} if inbound.choice is not None else {},
    )


def view_delivery(body: Mapping[str, Any]) -> Delivery | None:
    view = body.get("view") or {}
    meta = read_metadata(view)
    channel, question_id = meta.get("c"), meta.get("q")
    if not channel or not question_id:
        return None
    workspace = _workspace_of(body)
    user, name = _user(body)
    values = submitted_values(view)
    version = meta.get("v")
    if meta.get("k") == "text":
        inbound = Inbound(PLATFORM, workspace, channel, user, user_name=name, text=long_answer(values),
                          question_id=question_id, question_version=version)
        values = {}
    else:
        inbound = Inbound(PLATFORM, workspace, channel, user, user_name=name, form=values, question_id=question_id,
                          question_version=version)
    return Delivery(
        key=f"view:{view.get('id')}", kind="view", workspace=workspace, channel=channel, inbound=inbound,
        direct=is_direct(channel, None), thread_ts=meta.get("t"),
        extra={"values": values, "labels": _labels(view), "options": _option_labels(view)},
    )


def _option_labels(view: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Per choice field, the label of each stored code ("do" -> "Do"), so the thread shows what was chosen."""
    options: dict[str, dict[str, str]] = {}
    for block in view.get("blocks") or []:
        block_id = block.get("block_id") or ""
        element = block.get("element") or {}
        if block.get("type") == "input" and block_id.startswith("f:") and element.get("options"):
            options[block_id[2:]] = {o["value"]: (o.get("text") or {}).get("text", o["value"])
                                     for o in element["options"]}
    return options


def _labels(view: Mapping[str, Any]) -> dict[str, str]:
    labels = {}
    for block in view.get("blocks") or []:
        block_id = block.get("block_id") or ""
        if block.get("type") == "input" and block_id.startswith("f:"):
            labels[block_id[2:]] = (block.get("label") or {}).get("text", block_id[2:])
    return labels
