"""`Reply` values → Bot Framework message activities (plain dicts): Adaptive Cards 1.5 or Markdown text.

Choices become Action.Submit buttons, structured answers become one input per field, command
buttons send the command text. The data each button carries is what `translate.to_inbound` reads
back: `{"question_id", "choice"}`, `{"question_id", "form": true, <field>: value}` or `{"command"}`.
No SDK import: pure dicts, which `sender.py` hands to the Agents SDK as Activities. This is the one
place replies become Teams messages: card builders for other replies plug in here.

A FILE reply becomes a file-consent card once `files.py` has stored its bytes and put the token in
its meta (`FILE_TOKEN`); Teams hands files over only in a personal chat, so for a request in a channel
`to_person` moves the cards into one message for the person's personal chat and leaves a pointer.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from bot.teams import file_words as W
from bot.teams.card_size import fit_card, fit_text
from bot.teams.charts import chart_element
from bot.teams.translate import TEAM_FIELD
from flows.types import Choice, Form, FormField, Reply, ReplyKind

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"  # the newest version Teams renders on desktop, web and mobile
FILE_CONSENT_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.info"
FILE_TOKEN = "teams_file"  # in a FILE reply's meta: the stored file's token (`files.py`)
FILE_AGAIN = "teams_again"  # in a FILE reply's meta: the command that hands it over anew
FILE_LANGUAGE = "teams_language"
CONSENT_CONTEXT = "coach_file"  # the key of the token in the card's accept and decline contexts
TO_PERSON = "coach_to_person"  # a message whose cards go to someone's personal chat first (`to_person`)
# Teams refuses messages over about 28 KB (`card_size`); keep texts well below, and say so when trimmed.
MAX_TEXT = 12_000
MAX_INLINE_IMAGE = 18_000  # bytes of PNG; larger charts are described instead (base64 grows by a third)
MAX_ACTIONS = 6  # Teams renders at most 6 actions per action set; more choices go in a choice set
TRIMMED = " […]"

_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)  # Teams shows `# x` as it is, in text and cards
_MARKS = {ReplyKind.PROBLEM: "⚠️ ", ReplyKind.CONFIRM: "✅ ", ReplyKind.HELP: "ℹ️ "}
_NUMBER_KINDS = ("number", "money", "percent")
_NOT_IN_FILENAMES = re.compile(r'[\x00-\x1f"*:<>?/\\|#%]+')  # OneDrive refuses these in a file's name


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
    if reply.kind == ReplyKind.FILE and reply.file is not None:
        return _file_activity(reply)
    builder = _special_card(reply)
    if builder is not None:
        return {"type": "message", "summary": trim(_HEADING.sub(r"\1", reply.title or reply.text), 200),
                "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": fit_card(builder)}]}
    if not needs_card(reply):
        return {"type": "message", "textFormat": "markdown", "text": fit_text(trim(plain_text(reply)))}
    return {
        "type": "message",
        # The summary text shows in notifications and in clients that cannot render the card.
        "summary": trim(_HEADING.sub(r"\1", reply.title or reply.text), 200),
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": fit_card(reply_to_card(reply))}],
    }


def _special_card(reply: Reply) -> dict[str, Any] | None:
    """A card of its own for replies that carry a model to draw (pure builders beside this module)."""
    if isinstance(reply.meta.get("strategy"), Mapping):
        from bot.teams.strategy_card import strategy_card_of

        return strategy_card_of(dict(reply.meta["strategy"]))
    return None


def _file_activity(reply: Reply) -> dict[str, Any]:
    """The file-consent card of a stored file; a file that was not stored (nowhere to ask consent) is named."""
    language = W.language_of(reply.meta.get(FILE_LANGUAGE))
    name = safe_filename(reply.filename or "bestand")
    token = reply.meta.get(FILE_TOKEN)
    if not token:
        again = reply.meta.get(FILE_AGAIN) or W.AGAIN_FALLBACK[language]
        return {"type": "message", "textFormat": "markdown",
                "text": W.ASK_IN_PERSONAL_CHAT[language].format(filename=name, again=again)}
    context = {CONSENT_CONTEXT: token}
    description = trim(_HEADING.sub(r"\1", reply.text or name), 500)
    return {"type": "message", "summary": trim(name, 200), "attachments": [{
        "contentType": FILE_CONSENT_CONTENT_TYPE, "name": name,
        "content": {"description": description, "sizeInBytes": len(reply.file or b""),
                    "acceptContext": context, "declineContext": dict(context)}}]}


def file_info_activity(text: str, upload: Mapping[str, Any]) -> dict[str, Any]:
    """The file as Teams shows a shared one (preview, open in OneDrive, download), after its upload."""
    return {"type": "message", "textFormat": "markdown", "text": trim(text), "attachments": [{
        "contentType": FILE_INFO_CONTENT_TYPE, "contentUrl": upload["contentUrl"], "name": upload["name"],
        "content": {"uniqueId": upload["uniqueId"], "fileType": upload["fileType"]}}]}


def safe_filename(name: str) -> str:
    cleaned = _NOT_IN_FILENAMES.sub("-", name).strip(" .-")
    return cleaned[:200] or "bestand"


def is_consent_card(payload: Mapping[str, Any]) -> bool:
    return any(a.get("contentType") == FILE_CONSENT_CONTENT_TYPE for a in payload.get("attachments") or ())


def to_person(payloads: Sequence[Mapping[str, Any]], user: str, team: str, language: str, again: str,
              document: bool) -> list[dict[str, Any]]:
    """A channel's messages with the file-consent cards taken out: one message in their place carries them to
    the person's personal chat (`TO_PERSON`), and says so in the channel (`person_pointer`)."""
    cards = [dict(p) for p in payloads if is_consent_card(p)]
    first = next((p for p in payloads if is_consent_card(p)), None)
    if first is None:
        return [dict(p) for p in payloads]
    language = W.language_of(language)
    what = W.WHAT[language][document]
    pointer = {"type": "message", "textFormat": "markdown",
               "text": W.TO_PERSONAL_CHAT[language].format(what=what),
               TO_PERSON: {"user": user, "team": team, "activities": cards,
                           "unreachable": {"type": "message", "textFormat": "markdown",
                                           "text": W.NO_PERSONAL_CHAT[language].format(again=again)}}}
    out: list[dict[str, Any]] = []
    for payload in payloads:
        if not is_consent_card(payload):
            out.append(dict(payload))
        elif payload is first:
            out.append(pointer)
    return out


def person_pointer(payload: Mapping[str, Any], reached: bool) -> dict[str, Any]:
    """What the channel reads of a `to_person` message: the pointer, or how to get the file when the personal
    chat could not be reached."""
    if not reached:
        return dict(payload[TO_PERSON]["unreachable"])
    return {k: v for k, v in payload.items() if k != TO_PERSON}


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
