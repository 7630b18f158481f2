"""What Teams documents for the messages a bot posts, as a checker over posted activities: a list of what breaks.

Size: Microsoft counts the whole payload in UTF-16 (Learn, "Format your bot messages"); the coach keeps
to the strictest published figure, 28 KB (`bot.teams.card_size`). Cards: Adaptive Cards up to 1.5 (what
Teams renders on desktop, web and mobile), no empty TextBlock, unique input ids, small button data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from bot.teams.card_size import MESSAGE_LIMIT, size_of

CARD = "application/vnd.microsoft.card.adaptive"
BUTTON_DATA = 1024  # bytes: a button carries ids and a command, never content
# Question ids, status codes, "None", and Teams' conversation ids ("a:1Xq3…") have no place in what people read.
_LEAKS = re.compile(r"golden_circle|_kept\b|[._]overall|overall[._]|\bNone\b|\b[a-z]+_[a-z]+\.[a-z_]+\b"
                    r"|\ba:[0-9A-Za-z]{8,}")


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def check_card(card: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if float(card.get("version", "0")) > 1.5:
        out.append(f"card version {card['version']} > 1.5")
    ids: list[str] = []
    for node in _nodes(card):
        kind = str(node.get("type", ""))
        text = node.get("text")
        if kind == "TextBlock":
            if not str(text or "").strip():
                out.append("empty TextBlock")
            elif _LEAKS.search(str(text)):
                out.append(f"internal code in {str(text)[:100]!r}")
        if kind.startswith("Input."):
            ids.append(str(node.get("id")))
        if kind in ("Action.Submit", "Action.Execute"):
            if len(json.dumps(node.get("data", {})).encode()) > BUTTON_DATA:
                out.append(f"{kind} data over {BUTTON_DATA} bytes")
            if not node.get("title"):
                out.append(f"{kind} without title")
    out += [f"input id {i!r} repeated" for i in sorted(set(ids)) if ids.count(i) > 1]
    return out


def check_activity(activity: dict[str, Any]) -> list[str]:
    out: list[str] = []
    where = str(activity.get("text") or activity.get("summary") or "")[:60]
    if size_of(activity) > MESSAGE_LIMIT:
        out.append(f"{where!r}: {size_of(activity)} bytes in UTF-16 > {MESSAGE_LIMIT}")
    if _LEAKS.search(str(activity.get("text") or "")):
        out.append(f"{where!r}: internal code in the text")
    for attachment in activity.get("attachments") or []:
        if attachment.get("contentType") == CARD:
            out += [f"{where!r}: {problem}" for problem in check_card(attachment["content"])]
    return out


def check_activities(activities: Iterable[dict[str, Any]]) -> list[str]:
    return [problem for activity in activities for problem in check_activity(activity)]
