"""The engine's replies as Block Kit messages: one pure function from `Reply` values to Slack messages.

Consecutive replies that go to the same place share one message (fewer posts, gentler on Slack's
one-message-per-second pacing); a step introduction opens a new top-level message whose thread
takes the questions; a reply that replaces an earlier answer becomes an in-place update. Every block
carries a block_id tagged with its question id, so one reply inside a message can be swapped later.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.render_text import render_reply
from bot.slack import limits as L
from bot.slack.charts import chart_block, fits
from bot.slack.modals import form_view, long_answer_form
from flows.types import Choice, Reply, ReplyKind
from scheduler.payload import chart_to_dict

CHOICE_ACTION = "coach_choice"
COMMAND_ACTION = "coach_cmd"
FORM_ACTION = "coach_form"
LONG_ACTION = "coach_long"

_MARK = {
    ReplyKind.PROBLEM: ":warning: ",
    ReplyKind.CONFIRM: ":white_check_mark: ",
    ReplyKind.HELP: ":information_source: ",
}
_BUTTON_WORDS = {
    "nl": {"fill": "Invullen", "long": "Antwoord in een formulier", "chart": "grafiek"},
    "en": {"fill": "Fill in", "long": "Answer in a form", "chart": "chart"},
}


@dataclass
class Outgoing:
    """One message to post (or, with `replaces`, one reply to swap into an earlier message). JSON-able."""

    place: str  # "thread": the team's question thread (top level when there is none, or in a DM) | "top"
    text: str
    blocks: list[dict[str, Any]]
    starts_thread: bool = False  # a step introduction: its ts becomes the team's question thread
    replaces: str | None = None  # question id whose answer message is updated in place
    updates: str | None = None  # ts of an existing message to update (chat.update) instead of posting a new one
    questions: list[str] = field(default_factory=list)  # question ids asked here
    answers: list[str] = field(default_factory=list)  # question ids whose answer this message shows
    views: dict[str, dict[str, Any]] = field(default_factory=dict)  # question id -> modal to open
    image: str | None = None  # base64 PNG, uploaded as a file
    image_alt: str | None = None
    charts: list[dict[str, Any]] = field(default_factory=list)  # native charts' data: the PNG on invalid_blocks

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outgoing:
        return cls(**data)


def tag(question_id: str | None, n: int, i: int) -> str:
    return f"r{n}.{i}|{question_id or ''}"[: L.BLOCK_ID]


def tagged_question(block_id: str | None) -> str | None:
    if not block_id or "|" not in block_id:
        return None
    return block_id.split("|", 1)[1] or None


_SLACK_TOKEN = re.compile(r"(<[@#!][^>]*>)")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def mrkdwn(markdown: str) -> str:
    """Markdown (as the engine writes it) to Slack mrkdwn; &, <, > escaped except in Slack's own <@U..> tokens."""
    parts = _SLACK_TOKEN.split(markdown)
    escaped = "".join(p if _SLACK_TOKEN.fullmatch(p) else
                      p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for p in parts)
    text = _LINK.sub(lambda m: f"<{m[2]}|{m[1]}>", escaped)
    text = re.sub(r"\*\*(.+?)\*\*", r"*\1*", text)
    text = re.sub(r"(?m)^#{1,6}\s+(.+)$", r"*\1*", text)
    return re.sub(r"(?m)^(\s*)[-*]\s+", r"\1• ", text)


def _button(action_id: str, label: str, value: str, style: str | None = None) -> dict[str, Any]:
    text = {"type": "plain_text", "text": L.trim(label, L.BUTTON_TEXT) or "?", "emoji": True}
    button: dict[str, Any] = {"type": "button", "action_id": action_id[: L.ACTION_ID], "text": text,
                              "value": value[: L.BUTTON_VALUE]}
    if style:
        button["style"] = style
    return button


def _button_rows(prefix: str, choices: Sequence[Choice]) -> list[list[dict[str, Any]]]:
    buttons = [_button(f"{prefix}:{i}", c.label, c.value) for i, c in enumerate(choices)]
    return [buttons[i:i + L.ACTIONS_ELEMENTS] for i in range(0, len(buttons), L.ACTIONS_ELEMENTS)]


def reply_blocks(reply: Reply, n: int, language: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The blocks of one reply (numbered `n` in its turn), and the modal it offers, if any."""
    words = _BUTTON_WORDS.get(language, _BUTTON_WORDS["nl"])
    q = reply.question_id
    raw: list[dict[str, Any]] = []
    if reply.kind == ReplyKind.SUMMARY and "strategy" in reply.meta:  # page one, from the strategy model
        from bot.slack.strategy_blocks import summary_blocks_of

        return [{**b, "block_id": tag(q, n, i)} for i, b in enumerate(summary_blocks_of(reply.meta["strategy"]))], {}
    views: dict[str, dict[str, Any]] = {}
    body = mrkdwn(reply.text)
    if reply.kind == ReplyKind.STEP_INTRO and reply.title:
        raw.append({"type": "header", "text": {"type": "plain_text", "text": L.trim(reply.title, L.HEADER_TEXT)}})
    elif reply.title:
        body = f"*{mrkdwn(reply.title)}*\n{body}"
    body = _MARK.get(reply.kind, "") + body
    raw.extend({"type": "section", "text": {"type": "mrkdwn", "text": piece}} for piece in L.split_text(body))
    for row in _button_rows(CHOICE_ACTION, reply.choices):
        raw.append({"type": "actions", "elements": row})
    if reply.kind == ReplyKind.QUESTION and q:
        if reply.form is not None:
            views[q] = form_view(reply.form, language)
            raw.append({"type": "actions", "elements": [_button(FORM_ACTION, words["fill"], q, "primary")]})
        elif not reply.choices:
            views[q] = form_view(long_answer_form(q, reply.title, reply.text, language), language)
            raw.append({"type": "actions", "elements": [_button(LONG_ACTION, words["long"], q)]})
    for row in _button_rows(COMMAND_ACTION, reply.actions):
        raw.append({"type": "actions", "elements": row})
    for i, block in enumerate(raw):
        block["block_id"] = tag(q, n, i)
    return raw, views


def _fallback(replies: Sequence[Reply]) -> str:
    return L.trim("\n\n".join(render_reply(r) for r in replies), L.MESSAGE_TEXT)


def plan_messages(replies: Sequence[Reply], language: str = "nl", direct: bool = False) -> list[Outgoing]:
    """Group a turn's replies into the Slack messages to post, each within Block Kit's limits."""
    out: list[Outgoing] = []
    group: list[Reply] = []
    current: Outgoing | None = None
    for n, reply in enumerate(replies):
        blocks, views = reply_blocks(reply, n, language)
        native = chart_block(reply.chart, tag(reply.question_id, n, 0)) if reply.chart is not None else None
        if native is not None:  # drawn by Slack: the chart is the block, its alt text the fallback text
            blocks = [native]
        elif reply.image is not None:
            alt = reply.image_alt or _BUTTON_WORDS.get(language, _BUTTON_WORDS["nl"])["chart"]
            out.append(Outgoing("thread", _fallback([reply]), blocks, image=base64.b64encode(reply.image).decode(),
                                image_alt=alt, questions=[reply.question_id] if reply.question_id else []))
            current = None
            continue
        own_message = reply.kind == ReplyKind.STEP_INTRO or reply.replaces is not None
        fits_here = (current is not None and len(current.blocks) + len(blocks) <= L.BLOCKS_PER_MESSAGE
                     and fits(current.blocks, blocks))
        if own_message or not fits_here or current is None or current.replaces or current.starts_thread:
            place = "top" if reply.kind == ReplyKind.STEP_INTRO and not direct else "thread"
            current = Outgoing(place, "", [], starts_thread=reply.kind == ReplyKind.STEP_INTRO and not direct,
                               replaces=reply.replaces)
            out.append(current)
            group = []
        # A single reply longer than one message continues in the next ones.
        while len(blocks) > L.BLOCKS_PER_MESSAGE - len(current.blocks):
            room = L.BLOCKS_PER_MESSAGE - len(current.blocks)
            current.blocks.extend(blocks[:room])
            blocks = blocks[room:]
            current.text = _fallback([*group, reply])
            current = Outgoing(current.place if not current.starts_thread else "thread", "", [])
            out.append(current)
            group = []
        current.blocks.extend(blocks)
        if native is not None:
            current.charts.append(chart_to_dict(reply.chart))  # type: ignore[arg-type]
        current.views.update(views)
        if reply.question_id and reply.question_id not in current.questions:
            current.questions.append(reply.question_id)
        group.append(reply)
        current.text = _fallback(group)
    return out


def answered_blocks(blocks: Sequence[dict[str, Any]], question_id: str, text: str) -> list[dict[str, Any]]:
    """The question's message after a button was pressed: its buttons become who answered what."""
    result: list[dict[str, Any]] = []
    replaced = False
    for block in blocks:
        if block.get("type") == "actions" and tagged_question(block.get("block_id")) == question_id:
            if not replaced:
                result.append({"type": "context", "block_id": block["block_id"],
                               "elements": [{"type": "mrkdwn", "text": L.trim(text, L.CONTEXT_TEXT)}]})
                replaced = True
            continue
        result.append(block)
    return result


def swap_reply(blocks: Sequence[dict[str, Any]], question_id: str,
               new_blocks: Sequence[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """Replace the blocks tagged with `question_id` by `new_blocks`; None when the message has none."""
    result: list[dict[str, Any]] = []
    found = False
    for block in blocks:
        if tagged_question(block.get("block_id")) == question_id:
            if not found:
                result.extend(new_blocks)
                found = True
            continue
        result.append(block)
    if not found or len(result) > L.BLOCKS_PER_MESSAGE:
        return None
    return result


def answer_echo(question_id: str, user: str, values: dict[str, str], labels: dict[str, str],
                text: str | None = None) -> Outgoing:
    """What someone submitted through a modal, shown in the thread and attributed (modals leave no trace)."""
    if text is not None and not values:
        lines = [text]
    else:
        lines = [f"• *{mrkdwn(labels.get(name, name))}*: {mrkdwn(value)}" for name, value in values.items()]
    body = f"<@{user}>:\n" + "\n".join(lines)
    blocks = [{"type": "section", "block_id": tag(question_id, 99, i), "text": {"type": "mrkdwn", "text": piece}}
              for i, piece in enumerate(L.split_text(body)[: L.BLOCKS_PER_MESSAGE])]
    return Outgoing("thread", L.trim(body, L.MESSAGE_TEXT), blocks, answers=[question_id])
