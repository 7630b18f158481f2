"""Bot Framework activities (plain JSON dicts, as Microsoft documents them) → the engine's `Inbound`.

Pure functions, no SDK import: they keep working when the SDK under them is replaced, and
they are tested with payloads copied from the docs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flows.types import Inbound

PLATFORM = "teams"
TEAM_FIELD = "coach_team"  # in a button's data: the team the post was for (posts in personal chats)
LOCAL_TENANT = "local"  # activities without a tenant (the Bot Framework Emulator, local development)

Activity = Mapping[str, Any]

_AT_TAG = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t]+")


def tenant_of(activity: Activity) -> str | None:
    """The tenant id, from `conversation.tenantId` or `channelData.tenant.id` (Teams sends both)."""
    conversation = activity.get("conversation") or {}
    tenant = (activity.get("channelData") or {}).get("tenant") or {}
    return conversation.get("tenantId") or tenant.get("id")


def tenants_disagree(activity: Activity) -> bool:
    """True when the two tenant fields name different tenants: such an activity is not trusted."""
    conversation = (activity.get("conversation") or {}).get("tenantId")
    channel_data = ((activity.get("channelData") or {}).get("tenant") or {}).get("id")
    return bool(conversation and channel_data and conversation != channel_data)


def team_key(activity: Activity) -> str:
    """The coached team: the conversation, with a channel thread's `;messageid=` suffix removed.

    So every thread of one channel is the same team, and a personal chat is a one-person team.
    """
    return channel_of(conversation_id_of(activity))


def conversation_id_of(activity: Activity) -> str:
    """The conversation the activity came in, a channel thread's (`<channel>;messageid=<root post>`) included."""
    return str((activity.get("conversation") or {}).get("id") or "")


def channel_of(conversation_id: str) -> str:
    """The conversation without a channel thread's suffix: the channel itself."""
    return conversation_id.split(";messageid=", 1)[0]


def is_thread(conversation_id: str) -> bool:
    return ";messageid=" in conversation_id


def conversation_type(activity: Activity) -> str | None:
    return (activity.get("conversation") or {}).get("conversationType")


def user_of(activity: Activity) -> tuple[str, str | None]:
    """(id, display name) of the sender.

    The id is the channel account id (`29:...`), not `aadObjectId`: @mentions in Teams carry only
    the channel account id, and `rol @anna pm` must reach the same member Anna's own messages do.
    """
    sender = activity.get("from") or {}
    return str(sender.get("id") or sender.get("aadObjectId") or ""), sender.get("name")


def strip_mentions(activity: Activity) -> str:
    """The message text with the bot's @mention removed and other people's mentions made neutral.

    Teams puts `<at>Name</at>` in the text and a `mention` entity beside it. The bot's own mention
    is dropped; another person's becomes `<@id|Name>`, the mention form the role command reads.
    """
    text = str(activity.get("text") or "")
    bot_id = (activity.get("recipient") or {}).get("id")
    for entity in activity.get("entities") or ():
        if entity.get("type") != "mention":
            continue
        mentioned = entity.get("mentioned") or {}
        tag = entity.get("text") or f"<at>{mentioned.get('name', '')}</at>"
        if mentioned.get("id") == bot_id:
            text = text.replace(tag, " ")
        else:
            text = text.replace(tag, f"<@{mentioned.get('id')}|{mentioned.get('name') or ''}>")
    # A mention without an entity still must not reach the parser as markup. Other text is the
    # user's own (Teams sends rich formatting as a separate text/html attachment), so it is kept.
    text = _AT_TAG.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def submitted_data(activity: Activity) -> Mapping[str, Any] | None:
    """The data of a card button: `value` of an Action.Submit message, or of an Action.Execute invoke."""
    value = activity.get("value")
    if not isinstance(value, Mapping):
        return None
    if activity.get("type") == "invoke":
        action = value.get("action") or {}
        data = action.get("data")
        return data if isinstance(data, Mapping) else None
    return value


_FILE_TYPES = ("image/", "application/vnd.microsoft.teams.file.download.info")  # what a person attaches


def to_inbound(activity: Activity) -> Inbound | None:
    """A message (typed text or card submit) or an Action.Execute invoke as an `Inbound`; None if it says nothing."""
    if activity.get("type") not in ("message", "invoke"):
        return None
    user, user_name = user_of(activity)
    base = {
        "platform": PLATFORM,
        "workspace": tenant_of(activity) or LOCAL_TENANT,
        "team": team_key(activity),
        "user": user,
        "user_name": user_name,
        "team_name": (team_name(activity) or "")[:200] or None,  # a first message creates the team named
        "event_id": activity.get("id"),
    }
    data = submitted_data(activity)
    if data is not None:
        return _from_card(base, data)
    if activity.get("type") != "message":
        return None
    text = strip_mentions(activity)
    attached = [str(a.get("contentType", "")) for a in activity.get("attachments") or []]
    if not text and any(kind.startswith(_FILE_TYPES) for kind in attached):
        return Inbound(**base, text="")  # an image or file alone is no answer: say so rather than stay silent
    return Inbound(**base, text=text) if text else None


def _from_card(base: dict[str, Any], data: Mapping[str, Any]) -> Inbound | None:
    question_id = data.get("question_id")
    if data.get("command"):
        return Inbound(**base, text=str(data["command"]))
    if data.get("form"):
        # Inputs arrive as top-level keys beside our own markers; empty inputs are left out.
        fields = {
            str(k): str(v) for k, v in data.items()
            if k not in ("question_id", "form", "msteams", TEAM_FIELD) and v is not None and str(v).strip() != ""
        }
        return Inbound(**base, form=fields, question_id=question_id)
    if data.get("choice") is not None:
        return Inbound(**base, choice=str(data["choice"]), question_id=question_id)
    return None


def bot_added(activity: Activity) -> bool:
    """conversationUpdate with the bot among `membersAdded`, or installationUpdate `add`."""
    return _bot_in(activity, "membersAdded") or _installation(activity, "add")


def bot_removed(activity: Activity) -> bool:
    """conversationUpdate with the bot among `membersRemoved`, or installationUpdate `remove`."""
    return _bot_in(activity, "membersRemoved") or _installation(activity, "remove")


def _bot_in(activity: Activity, field: str) -> bool:
    if activity.get("type") != "conversationUpdate":
        return False
    bot_id = (activity.get("recipient") or {}).get("id")
    return any(member.get("id") == bot_id for member in activity.get(field) or ())


def _installation(activity: Activity, action: str) -> bool:
    return activity.get("type") == "installationUpdate" and str(activity.get("action") or "").startswith(action)


def person_of(activity: Activity) -> tuple[str, str | None, str | None]:
    """(Teams user id, Entra object id, display name) of the sender."""
    sender = activity.get("from") or {}
    return str(sender.get("id") or ""), sender.get("aadObjectId") or None, sender.get("name") or None


def is_personal(activity: Activity) -> bool:
    return conversation_type(activity) == "personal"


def team_name(activity: Activity) -> str | None:
    """What Teams calls the coached team: "Marketing" for a team's General channel, "Marketing › Campagnes" for
    another channel, a group chat's topic, a personal chat's person (as Slack names a direct-message team; the
    conversation id would otherwise head the strategy); None when this activity names nothing (most messages
    name only ids)."""
    data = activity.get("channelData") or {}
    team = data.get("team") or {}
    channel = data.get("channel") or {}
    conversation = activity.get("conversation") or {}
    if conversation.get("conversationType") == "channel":
        team_label = team.get("name")
        channel_label = channel.get("name")
        general = not channel.get("id") or channel.get("id") == team.get("id")
        if team_label and channel_label and not general:
            return f"{team_label} › {channel_label}"
        return team_label or None
    if conversation.get("conversationType") == "groupChat":
        return conversation.get("name") or None
    if conversation.get("conversationType") == "personal":
        return (activity.get("from") or {}).get("name") or None
    return None


def channel_name(activity: Activity) -> str | None:
    """The channel's own name, for a channel other than the team's General (channelCreated/Renamed carry it)."""
    data = activity.get("channelData") or {}
    channel, team = data.get("channel") or {}, data.get("team") or {}
    if not channel.get("name") or (team.get("id") and channel.get("id") == team.get("id")):
        return None
    return str(channel["name"])


_NEEDS_SENDER = ("message", "invoke", "conversationUpdate", "installationUpdate")


def activity_problem(activity: Any) -> str | None:
    """Why a body cannot be handled as a Teams activity (HTTP 400), or None.

    Every activity the coach handles is answered at its `serviceUrl`, belongs to a `conversation`
    and comes `from` someone: one without them is refused before anything is stored.
    """
    if not isinstance(activity, Mapping) or not isinstance(activity.get("type"), str) or not activity["type"]:
        return "body is not a Bot Framework activity (no type)"
    if activity["type"] not in _NEEDS_SENDER:
        return None
    conversation = activity.get("conversation")
    if not isinstance(conversation, Mapping) or not str(conversation.get("id") or "").strip():
        return "activity has no conversation id"
    sender = activity.get("from")
    if not isinstance(sender, Mapping) or not str(sender.get("id") or "").strip():
        return "activity has no sender (from.id)"
    service_url = activity.get("serviceUrl")
    if not isinstance(service_url, str) or not service_url.startswith(("https://", "http://")):
        return "activity has no serviceUrl to answer at"
    return None


def button_team(activity: Activity) -> str | None:
    """The team a pressed button's post was for, when the post said (see `cards.for_team`)."""
    data = submitted_data(activity)
    value = data.get(TEAM_FIELD) if data is not None else None
    return str(value) if value else None
