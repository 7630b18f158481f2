"""What a person sent in Teams that the coach does not use, so they are told rather than met with silence:
files and images beside (or instead of) a typed answer, and a card button whose data the coach does not know
(a card from an older version of the coach, or from elsewhere)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot import not_kept
from bot.teams import translate

# Attachments Teams adds that are not the person's own: the message's formatting as HTML, cards.
_NOT_SENT_BY_THE_PERSON = ("text/html", "application/vnd.microsoft.card.", "application/vnd.microsoft.teams.card.")


def attachment_names(activity: Mapping[str, Any], language: str) -> list[str]:
    """The files and images a message carries, by name ("een afbeelding" for a pasted image)."""
    names = []
    for attachment in activity.get("attachments") or ():
        if not isinstance(attachment, Mapping):
            continue
        content_type = str(attachment.get("contentType") or "")
        if content_type.startswith(_NOT_SENT_BY_THE_PERSON):
            continue
        # Files come with their name; a pasted image has none. Anything else unnamed is Teams' own, not sent.
        name = str(attachment.get("name") or "")
        if name or content_type.startswith("image/"):
            names.append(name or not_kept.AN_IMAGE.get(language, not_kept.AN_IMAGE["nl"]))
    return names


def is_unknown_button(activity: Mapping[str, Any]) -> bool:
    """A card button (Action.Submit or Action.Execute) whose data the coach cannot read."""
    if activity.get("type") == "invoke":
        return activity.get("name") == "adaptiveCard/action" and translate.to_inbound(activity) is None
    has_value = activity.get("value") not in (None, {}, [], "")
    return has_value and not translate.strip_mentions(activity) and translate.to_inbound(activity) is None


def anything_unused(activity: Mapping[str, Any]) -> bool:
    return is_unknown_button(activity) or bool(attachment_names(activity, "nl"))


def what_was_not_used(activity: Mapping[str, Any], language: str) -> str:
    """The sentence telling the person what of this activity (one with `anything_unused`) the coach did not keep."""
    if is_unknown_button(activity):
        return not_kept.UNKNOWN_BUTTON.get(language, not_kept.UNKNOWN_BUTTON["nl"])
    return not_kept.files_not_kept(attachment_names(activity, language), language)
