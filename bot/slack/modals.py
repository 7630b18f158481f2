"""Structured answers as Slack modals: a `Form` becomes a view with one input per field, and back.

Limits (title/submit/close 24, labels 2,000, input 3,000, 100 blocks, private_metadata 3,000) come
from `limits`; a form that would not fit is trimmed visibly rather than rejected by Slack.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from bot.slack import limits as L
from flows.answers import MAX_TEXT
from flows.types import Form, FormField

CALLBACK_ID = "coach_form"
TEXT_FIELD = "answer"  # the first field of a "long answer" modal; with its sequels it becomes Inbound.text

_WORDS = {
    "nl": {"cancel": "Annuleren", "save": "Opslaan", "answer": "Antwoord", "more": "Niet alle velden passen hier; "
           "beantwoord de rest in de thread.", "sequel": "Vervolg ({n} van {total})",
           "sequel_hint": "Slack laat 3.000 tekens per vak toe: is je antwoord langer, ga dan hier verder."},
    "en": {"cancel": "Cancel", "save": "Save", "answer": "Answer", "more": "Not every field fits here; answer "
           "the rest in the thread.", "sequel": "Continued ({n} of {total})",
           "sequel_hint": "Slack allows 3,000 characters per box: if your answer is longer, continue here."},
}


def words(language: str) -> Mapping[str, str]:
    return _WORDS.get(language, _WORDS["nl"])


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": L.trim(text, limit) or " ", "emoji": True}


def _element(field: FormField) -> dict[str, Any]:
    max_length = max(1, min(field.max_length, L.INPUT_MAX_LENGTH))
    if field.kind == "choice" and field.choices:
        options = [{"text": _plain(c.label, L.OPTION_TEXT), "value": c.value[: L.OPTION_VALUE]}
                   for c in field.choices[: L.OPTIONS_PER_SELECT]]
        element: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": options}
        chosen = next((o for o in options if o["value"] == field.value), None)
        if chosen:
            element["initial_option"] = chosen
        return element
    if field.kind == "date":
        element = {"type": "datepicker", "action_id": "value"}
        if field.value:
            element["initial_date"] = field.value[:10]
        return element
    if field.kind == "number":
        element = {"type": "number_input", "action_id": "value", "is_decimal_allowed": True}
    else:
        element = {"type": "plain_text_input", "action_id": "value", "max_length": max_length,
                   "multiline": field.kind == "long_text"}
    if field.value:
        element["initial_value"] = L.trim(field.value, max_length)
    return element


def _input(field: FormField) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": f"f:{field.name}"[: L.BLOCK_ID],
        "optional": not field.required,
        "label": _plain(field.label, L.INPUT_LABEL),
        "element": _element(field),
    }
    if field.hint:
        block["hint"] = _plain(field.hint, L.INPUT_HINT)
    return block


def form_view(form: Form, language: str) -> dict[str, Any]:
    """The modal for a structured answer (without private_metadata: that is added when it is opened)."""
    blocks = [_input(f) for f in form.fields[: L.BLOCKS_PER_VIEW - 1]]
    if len(form.fields) > L.BLOCKS_PER_VIEW - 1:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": words(language)["more"]}]})
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": _plain(form.title, L.VIEW_TITLE),
        "submit": _plain(form.submit_label or words(language)["save"], L.VIEW_SUBMIT),
        "close": _plain(words(language)["cancel"], L.VIEW_CLOSE),
        "blocks": blocks,
    }


def long_answer_form(question_id: str, title: str | None, question: str, language: str,
                     limit: int = MAX_TEXT) -> Form:
    """A form for typing a long free-text answer in peace. Slack's text input holds 3,000 characters; an answer
    may be up to `limit` (the engine's), so the form has as many boxes as that takes, the later ones optional,
    and their texts are joined as paragraphs (`long_answer`)."""
    w = words(language)
    boxes = max(1, math.ceil(limit / L.INPUT_MAX_LENGTH))
    fields = [FormField(name=TEXT_FIELD, label=question, kind="long_text", required=True,
                        hint=w["sequel_hint"] if boxes > 1 else None)]
    fields.extend(FormField(name=f"{TEXT_FIELD}_{n}", label=w["sequel"].format(n=n, total=boxes), kind="long_text")
                  for n in range(2, boxes + 1))
    return Form(form_id=question_id, title=title or w["answer"], fields=tuple(fields), submit_label=w["save"])


def long_answer(values: Mapping[str, str]) -> str:
    """The text of a submitted long-answer form: its boxes in order, as paragraphs."""
    parts = [values.get(TEXT_FIELD, "")]
    parts.extend(values[name] for name in sorted((k for k in values if k.startswith(f"{TEXT_FIELD}_")),
                                                key=lambda k: int(k.rsplit("_", 1)[1])))
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def with_metadata(view: Mapping[str, Any], metadata: Mapping[str, Any]) -> dict[str, Any]:
    encoded = json.dumps(metadata, separators=(",", ":"))
    if len(encoded) > L.PRIVATE_METADATA:  # never expected (ids only); refuse loudly rather than let Slack do it
        raise ValueError(f"private_metadata is {len(encoded)} characters, the limit is {L.PRIVATE_METADATA}")
    return {**view, "private_metadata": encoded}


def read_metadata(view: Mapping[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def submitted_values(view: Mapping[str, Any]) -> dict[str, str]:
    """The submitted form as field name -> text (empty fields left out), from `view.state.values`."""
    values: dict[str, str] = {}
    for block_id, actions in (view.get("state", {}).get("values") or {}).items():
        if not block_id.startswith("f:"):
            continue
        state = actions.get("value") or {}
        value = state.get("value")
        if value is None and state.get("selected_option"):
            value = state["selected_option"].get("value")
        if value is None:
            value = state.get("selected_date")
        if value not in (None, ""):
            values[block_id[2:]] = str(value)
    return values
