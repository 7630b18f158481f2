"""`Reply` values → Bot Framework message activities (plain dicts): Adaptive Cards 1.5 or Markdown text.

Choices become Action.Submit buttons, structured answers become one input per field, command
buttons send the command text. The data each button carries is what `translate.to_inbound` reads
back: `{"question_id", "choice"}`, `{"question_id", "form": true, <field>: value}` or `{"command"}`.
No SDK import: pure dicts, which `sender.py` hands to the Agents SDK as Activities. This is the one
place replies become Teams messages: card builders for other replies plug in here.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from bot.teams.charts import chart_element
from bot.teams.translate import TEAM_FIELD
from flows.types import Choice, Form, FormField, Reply, ReplyKind

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"  # the newest version Teams renders on desktop, web and mobile
# Teams refuses messages over about 28 KB; keep cards and texts well below, and say so when trimmed.
MAX_TEXT = 12_000
MAX_INLINE_IMAGE = 18_000  # bytes of PNG; larger charts are described instead (base64 grows by a third)
MAX_ACTIONS = 6  # Teams renders at most 6 actions per action set; more choices go in a choice set
TRIMMED = " […]"

_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)  # Teams shows `# x` as it is, in text and cards
_MARKS = {ReplyKind.PROBLEM: "⚠️ ", ReplyKind.CONFIRM: "✅ ", ReplyKind.HELP: "ℹ️ "}
_NUMBER_KINDS = ("number", "money", "percent")


def trim(text: str, limit: int = MAX_TEXT) -> str:
    """Cut visibly rather than let Teams refuse the whole message."""
    return text if len(text) <= limit else text[: limit - len(TRIMMED)] + TRIMMED


def needs_card(reply: Reply) -> bool:
    """Questions, buttons, forms, images and charts are cards; so is a text with sections (Teams has no headings)."""
    return bool(reply.choices or reply.form or reply.actions or reply.image or reply.chart
                or has_headings(reply.text)
                or reply.kind in (ReplyKind.QUESTION, ReplyKind.STEP_INTRO))


def has_headings(text: str) -> bool:
    return _HEADING.search(text) is not None


def reply_to_activity(reply: Reply) -> dict[str, Any]:
    """One reply as one message activity."""
    builder = _special_card(reply)
    if builder is not None:
        return {"type": "message", "summary": trim(_HEADING.sub(r"\1", reply.title or reply.text), 200),
                "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": builder}]}
    if not needs_card(reply):
        return {"type": "message", "textFormat": "markdown", "text": trim(plain_text(reply))}
    return {
        "type": "message",
        # The summary text shows in notifications and in clients that cannot render the card.
        "summary": trim(_HEADING.sub(r"\1", reply.title or reply.text), 200),
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": reply_to_card(reply)}],
    }


def _special_card(reply: Reply) -> dict[str, Any] | None:
    """A card of its own for replies that carry a model to draw (pure builders beside this module)."""
    if isinstance(reply.meta.get("strategy"), Mapping):
        from bot.teams.strategy_card import strategy_card_of

        return strategy_card_of(dict(reply.meta["strategy"]))
    return None


def replies_to_activities(replies: Sequence[Reply]) -> list[dict[str, Any]]:
    return [reply_to_activity(r) for r in replies]


def plain_text(reply: Reply) -> str:
    lines = [f"**{reply.title}**"] if reply.title else []
    lines.append(_HEADING.sub(r"**\1**", _MARKS.get(reply.kind, "") + reply.text))  # never a `#` in the chat
    return "\n\n".join(lines)


def reply_to_card(reply: Reply) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if reply.title:
        size = "Large" if reply.kind == ReplyKind.STEP_INTRO else "Medium"
        body.append({"type": "TextBlock", "text": trim(reply.title, 300), "weight": "Bolder", "size": size,
                     "wrap": True})
    body.extend(_text_blocks(_MARKS.get(reply.kind, "") + reply.text))
    if reply.image is not None:
        body.append(_image(reply))
    if reply.chart is not None and (chart := chart_element(reply.chart)) is not None:
        body.append(chart)  # drawn natively by Teams
    actions: list[dict[str, Any]] = []
    if reply.choices:
        body.extend(_choices(reply.choices, reply.question_id))
    if reply.form is not None:
        body.extend(_inputs(reply.form))
        actions.append({"type": "Action.Submit", "title": reply.form.submit_label,
                        "data": {"question_id": reply.form.form_id, "form": True}})
    # Command buttons (help, skip, ...) sit at the card's foot, apart from the answers.
    actions.extend({"type": "Action.Submit", "title": a.label, "data": {"command": a.value}}
                   for a in reply.actions[:MAX_ACTIONS - len(actions)])
    card: dict[str, Any] = {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": CARD_VERSION, "body": body}
    if actions:
        card["actions"] = actions
    # Cards are narrow by default in Teams; full width keeps long questions readable.
    card["msteams"] = {"width": "Full"}
    return card


def _text_blocks(text: str) -> list[dict[str, Any]]:
    """The text as TextBlocks; each `# heading` line becomes a bold block of its own."""
    blocks: list[dict[str, Any]] = []
    position = 0
    for heading in _HEADING.finditer(text):
        blocks.extend(_paragraph(text[position:heading.start()]))
        blocks.append({"type": "TextBlock", "text": trim(heading.group(1), 300), "weight": "Bolder",
                       "wrap": True, "spacing": "Medium"})
        position = heading.end()
    blocks.extend(_paragraph(text[position:]))
    return blocks or [{"type": "TextBlock", "text": "", "wrap": True}]


def _paragraph(text: str) -> list[dict[str, Any]]:
    text = text.strip("\n")
    return [{"type": "TextBlock", "text": trim(text), "wrap": True}] if text.strip() else []


def for_team(activity: Mapping[str, Any], team: str) -> dict[str, Any]:
    """The activity with every button saying which team it was posted for (posts in a personal chat, where
    the chat is about one of the person's teams at a time): `translate.button_team` reads it back."""
    tagged = dict(activity)
    attachments = []
    for attachment in activity.get("attachments") or ():
        content = attachment.get("content")
        if attachment.get("contentType") == CARD_CONTENT_TYPE and isinstance(content, Mapping):
            attachment = {**attachment, "content": _tag_actions(content, team)}
        attachments.append(attachment)
    if attachments:
        tagged["attachments"] = attachments
    return tagged


def _tag_actions(element: Any, team: str) -> Any:
    if isinstance(element, list):
        return [_tag_actions(e, team) for e in element]
    if not isinstance(element, Mapping):
        return element
    copy = {k: _tag_actions(v, team) for k, v in element.items()}
    if copy.get("type") in ("Action.Submit", "Action.Execute"):
        copy["data"] = {**(copy.get("data") or {}), TEAM_FIELD: team}
    return copy


def card_actions(card: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every action of a card, in its body's action sets and at its foot."""
    for element in card.get("body") or ():
        if element.get("type") == "ActionSet":
            yield from element.get("actions") or ()
    yield from card.get("actions") or ()


def _choices(choices: Sequence[Choice], question_id: str | None) -> list[dict[str, Any]]:
    if len(choices) <= MAX_ACTIONS:
        buttons = [{"type": "Action.Submit", "title": c.label, "data": {"question_id": question_id, "choice": c.value}}
                   for c in choices]
        return [{"type": "ActionSet", "actions": buttons}]
    # Too many for one row of buttons: an expanded choice set whose input is named "choice", and one submit.
    choice_set = {"type": "Input.ChoiceSet", "id": "choice", "style": "expanded", "isRequired": True,
                  "choices": [{"title": c.label, "value": c.value} for c in choices]}
    submit = {"type": "Action.Submit", "title": "OK", "data": {"question_id": question_id}}
    return [choice_set, {"type": "ActionSet", "actions": [submit]}]


def _inputs(form: Form) -> list[dict[str, Any]]:
    return [_input(f) for f in form.fields]


def _input(field: FormField) -> dict[str, Any]:
    element: dict[str, Any] = {"id": field.name, "label": field.label, "isRequired": field.required}
    if field.required:
        element["errorMessage"] = field.label
    if field.kind == "choice":
        element.update(type="Input.ChoiceSet", style="compact",
                       choices=[{"title": c.label, "value": c.value} for c in field.choices])
    elif field.kind == "date":
        element["type"] = "Input.Date"
    elif field.kind in _NUMBER_KINDS:
        element["type"] = "Input.Number"
    else:
        element.update(type="Input.Text", maxLength=field.max_length, isMultiline=field.kind == "long_text")
    if field.hint and element["type"] in ("Input.Text", "Input.Number"):
        element["placeholder"] = field.hint
    if field.value is not None:
        element["value"] = field.value
    return element


def _image(reply: Reply) -> dict[str, Any]:
    alt = reply.image_alt or "chart"
    if reply.image is None or len(reply.image) > MAX_INLINE_IMAGE:
        return {"type": "TextBlock", "text": f"[{alt}]", "wrap": True, "isSubtle": True}
    data = base64.b64encode(reply.image).decode("ascii")
    return {"type": "Image", "url": f"data:image/png;base64,{data}", "altText": alt}
