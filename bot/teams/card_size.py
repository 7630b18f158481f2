"""Teams' message size limit, kept by cutting a card's longest texts (visibly) until the message fits.

Microsoft counts a bot message's size over the whole payload encoded as UTF-16 (Learn, "Format your bot
messages": 40 KB in its 2024 text, 100 KB with 80 KB advised in its current one); the Teams connectors
of Power Automate and Logic Apps refuse messages over about 28 KB. The coach keeps to the strictest, 28 KB
in UTF-16, so Dutch text (two bytes a character) counts double what a UTF-8 measure would say.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

MESSAGE_LIMIT = 28 * 1024  # bytes of the activity as UTF-16
ENVELOPE = 4 * 1024  # what the sender adds around a card: ids, conversation, recipient, channel data, summary
CARD_BUDGET = MESSAGE_LIMIT - ENVELOPE
SHORTEST = 40  # a text is never cut below this: below it there is nothing left worth reading
ELLIPSIS = "…"


def size_of(payload: Any) -> int:
    """Bytes of `payload` as JSON in UTF-16, the way Teams measures a message."""
    return len(json.dumps(payload, ensure_ascii=False).encode("utf-16-le"))


def fit_card(card: dict[str, Any], budget: int = CARD_BUDGET, shortest: int = SHORTEST) -> dict[str, Any]:
    """`card` itself when it fits `budget`; else a copy whose longest TextBlocks are cut to one length, the
    longest that fits, each ending in "…" (short texts stay whole). A card that does not fit even with its
    texts cut to `shortest` comes back so cut, and too big: the caller then has to show less (`strategy_card_of`)."""
    if size_of(card) <= budget:
        return card
    low, high = shortest, max((len(b["text"]) for b in _text_blocks(card)), default=shortest)
    while low < high:  # the longest cap at which the card still fits
        cap = (low + high + 1) // 2
        if size_of(capped(card, cap)) <= budget:
            low = cap
        else:
            high = cap - 1
    return capped(card, low)


def fit_text(text: str, budget: int = CARD_BUDGET) -> str:
    """`text` itself when its JSON fits `budget`; else its longest head that does, ending in "…" (line breaks
    and quotes take two characters in JSON, so a text of short lines weighs more than its length)."""
    if size_of(text) <= budget:
        return text
    low, high = 0, len(text)
    while low < high:
        keep = (low + high + 1) // 2
        if size_of(text[:keep] + ELLIPSIS) <= budget:
            low = keep
        else:
            high = keep - 1
    return text[:low].rstrip() + ELLIPSIS


def capped(card: dict[str, Any], cap: int) -> dict[str, Any]:
    """A copy of `card` with every TextBlock longer than `cap` characters cut to `cap`, ending in "…"."""
    card = copy.deepcopy(card)
    for block in _text_blocks(card):
        if len(block["text"]) > cap:
            block["text"] = block["text"][: cap - 1].rstrip() + ELLIPSIS
    return card


def _text_blocks(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") == "TextBlock" and isinstance(node.get("text"), str):
            yield node
        for value in node.values():
            yield from _text_blocks(value)
    elif isinstance(node, list):
        for value in node:
            yield from _text_blocks(value)
