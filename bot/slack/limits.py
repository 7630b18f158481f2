"""Every Block Kit limit the adapter respects, in one place, and the helpers that keep texts inside them.

Sources: api.slack.com/reference/block-kit (blocks, block elements, composition objects, views) and
the chat.postMessage / views.open docs. Anything longer is split or visibly trimmed (ending in "…"),
never left for Slack to reject.
"""

from __future__ import annotations

import json
from typing import Any

BLOCKS_PER_MESSAGE = 50
BLOCKS_PER_VIEW = 100  # modals and the Home tab
SECTION_TEXT = 3000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 2000  # practical limit per context element (Slack documents 3000 for text objects)
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
BLOCK_ID = 255
ACTIONS_ELEMENTS = 25
VIEW_TITLE = 24
VIEW_SUBMIT = 24
VIEW_CLOSE = 24
PRIVATE_METADATA = 3000
INPUT_LABEL = 2000
INPUT_HINT = 2000
INPUT_PLACEHOLDER = 150
INPUT_MAX_LENGTH = 3000
INPUT_INITIAL_VALUE = 3000
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTIONS_PER_SELECT = 100
# Characters of one message's blocks as JSON. Slack answers `msg_blocks_too_long` past a total it does not
# publish (chat.postMessage names only the error); slackapi/bolt-js#2509 measured it at about 13,200-13,300.
MESSAGE_BLOCKS = 12_000
MESSAGE_TEXT = 4000  # the fallback `text` of a message with blocks (Slack truncates at 40,000; 4,000 is readable)

ELLIPSIS = "…"


def blocks_size(blocks: list[dict[str, Any]]) -> int:
    """What `MESSAGE_BLOCKS` counts: the blocks' JSON, in characters."""
    return len(json.dumps(blocks, ensure_ascii=False))


def trim(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters, visibly: the last character becomes an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def split_text(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """Split a long text into pieces of at most `limit` characters, preferring paragraph, line, then word breaks."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _break_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _break_point(text: str, limit: int) -> int:
    window = text[:limit]
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at > limit // 2:
            return at + len(separator)
    return limit
