"""What a Teams client does with our Adaptive Cards: find a button, fill the inputs, send the Action.Submit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def card_of(message: dict[str, Any]) -> dict[str, Any]:
    return message["attachments"][0]["content"]


def texts_of(message: dict[str, Any]) -> list[str]:
    """The visible texts of one posted message: its text, or its card's TextBlocks (a file card shows the text)."""
    if "attachments" not in message or "body" not in card_of(message):
        return [message.get("text") or ""]
    return [b["text"] for b in card_of(message)["body"] if b["type"] == "TextBlock"]


def _actions(card: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for element in card["body"]:
        if element["type"] == "ActionSet":
            yield from element["actions"]
    yield from card.get("actions", ())


def button(card: dict[str, Any], title: str) -> dict[str, Any]:
    return next(a for a in _actions(card) if a["title"] == title)


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def submit_data(card: dict[str, Any], title: str, values: dict[str, str] | None = None) -> dict[str, Any]:
    """The `value` Teams sends: the button's data merged with every input's id → value (empty ones left out)."""
    data = dict(button(card, title).get("data") or {})
    for input_id, element in inputs(card).items():
        value = (values or {}).get(input_id, element.get("value"))
        if value not in (None, ""):
            data[input_id] = value
    return data
