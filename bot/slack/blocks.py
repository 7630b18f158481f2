"""The engine's replies as Block Kit messages: one pure function from `Reply` values to Slack messages.

Consecutive replies that go to the same place share one message (fewer posts, gentler on Slack's
one-message-per-second pacing); a step introduction opens a new top-level message whose thread
takes the questions; a reply that replaces an earlier answer becomes an in-place update. Every block
carries a block_id tagged with its question id, so one reply inside a message can be swapped later.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
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
    "nl": {"fill": "Invullen", "another": "Nog een", "long": "Antwoord in een formulier", "chart": "grafiek"},
    "en": {"fill": "Fill in", "another": "Add another", "long": "Answer in a form", "chart": "chart"},
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
    live: list[str | None] | None = None  # [question id, ask version] whose buttons this message carries now
    in_thread: str | None = None  # posted in this thread instead (a reply where the person wrote)
    image: str | None = None  # base64 PNG, uploaded as a file
    image_alt: str | None = None
    file: str | None = None  # base64 bytes of a document (ReplyKind.FILE), uploaded as a file named `filename`
    filename: str | None = None
    charts: list[dict[str, Any]] = field(default_factory=list)  # native charts' data: the PNG on invalid_blocks

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outgoing:
        return cls(**data)


def tag(question_id: str | None, n: int, i: int, version: str | None = None) -> str:
    """A block's id: its place in the turn, the question it belongs to and which time that was asked. A button
    press and a form carry it back, so an old question's button is recognised as such."""
    tagged = f"r{n}.{i}|{question_id or ''}"
    return (f"{tagged}|{version}" if version is not None else tagged)[: L.BLOCK_ID]


def tagged_question(block_id: str | None) -> str | None:
    if not block_id or "|" not in block_id:
        return None
    return block_id.split("|", 2)[1] or None


def tagged_version(block_id: str | None) -> str | None:
    parts = (block_id or "").split("|", 2)
    return parts[2] if len(parts) == 3 else None


_SLACK_TOKEN = re.compile(r"(<[@#][^>]*>)")  # not <!channel>: an echoed answer must not ping everyone
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def escaped(text: str) -> str:
    """&, <, > escaped as Slack asks, except in <@U..> and <#C..> mentions: a typed `<!channel>` pings nobody."""
    parts = _SLACK_TOKEN.split(text)
    return "".join(p if _SLACK_TOKEN.fullmatch(p) else
                   p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for p in parts)


def mrkdwn(markdown: str) -> str:
    """Markdown (as the engine writes it) to Slack mrkdwn, escaped."""
    text = _LINK.sub(lambda m: f"<{m[2]}|{m[1]}>", escaped(markdown))
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
    version = reply.meta.get("version") if reply.kind == ReplyKind.QUESTION else None
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
            # A repeating form (KPIs, actions) that has items already: "Nog een", beside the "Klaar" button.
            label = words["another"] if reply.meta.get("collected") else words["fill"]
            raw.append({"type": "actions", "elements": [_button(FORM_ACTION, label, q, "primary")]})
        elif not reply.choices:
            views[q] = form_view(long_answer_form(q, reply.title, reply.text, language), language)
            raw.append({"type": "actions", "elements": [_button(LONG_ACTION, words["long"], q)]})
    for row in _button_rows(COMMAND_ACTION, reply.actions):
        raw.append({"type": "actions", "elements": row})
    for i, block in enumerate(raw):
        block["block_id"] = tag(q, n, i, version)
    return raw, views


def _fallback(replies: Sequence[Reply]) -> str:
    text = escaped("\n\n".join(render_reply(r) for r in replies))
    # The notification shows this text as is: no Markdown marks, which Slack's mrkdwn would show literally.
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", re.sub(r"(?m)^#{1,6}\s+", "", text))
    return L.trim(_LINK.sub(lambda m: f"{m[1]} ({m[2]})", text), L.MESSAGE_TEXT)


def plan_messages(replies: Sequence[Reply], language: str = "nl", direct: bool = False,
                  opening: bool = False) -> list[Outgoing]:
    """Group a turn's replies into the Slack messages to post, each within Block Kit's limits.

    `opening`: the turn starts the coaching (`start`): its first words join the step introduction, so the
    channel gets one top-level message, and the question goes in its thread.
    """
    out: list[Outgoing] = []
    group: list[Reply] = []
    current: Outgoing | None = None
    for n, reply in enumerate(replies):
        if reply.file is not None:
            out.append(file_message(reply))
            current = None
            continue
        blocks, views = reply_blocks(reply, n, language)
        native = chart_block(reply.chart, tag(reply.question_id, n, 0)) if reply.chart is not None else None
        if native is not None:  # drawn by Slack: the chart is the block, its alt text the fallback text
            blocks = [native]
        elif reply.image is not None:
            out.append(_image_message(reply, n, language))
            current = None
            continue
        if opening and not direct and _only_opening_words(current, group, reply, blocks):
            assert current is not None  # the step's header and introduction first, then the opening words
            current.place, current.starts_thread = "top", True
            current.blocks[0:0] = blocks
            group.insert(0, reply)
            current.text = _fallback(group)
            continue
        if _needs_new_message(current, reply, blocks):
            intro = reply.kind == ReplyKind.STEP_INTRO and not direct
            current = Outgoing("top" if intro else "thread", "", [], starts_thread=intro, replaces=reply.replaces)
            out.append(current)
            group = []
        assert current is not None
        # A single reply longer than one message continues in the next ones.
        while len(blocks) > (room := _fitting(current.blocks, blocks)):
            if room == 0 and not current.blocks:
                room = 1  # a block too big alone still goes, in a message of its own
            current.blocks.extend(blocks[:room])
            blocks = blocks[room:]
            current.text = _fallback([*group, reply])
            if blocks:
                current = Outgoing(current.place if not current.starts_thread else "thread", "", [])
                out.append(current)
                group = []
        current.blocks.extend(blocks)
        if native is not None:
            current.charts.append(chart_to_dict(reply.chart))  # type: ignore[arg-type]
        current.views.update(views)
        if reply.question_id and reply.question_id not in current.questions:
            current.questions.append(reply.question_id)
        if reply.kind == ReplyKind.QUESTION and reply.question_id:
            current.live = [reply.question_id, reply.meta.get("version")]
        group.append(reply)
        current.text = _fallback(group)
    return out


def _needs_new_message(current: Outgoing | None, reply: Reply, blocks: Sequence[dict[str, Any]]) -> bool:
    if current is None or current.replaces or current.starts_thread:
        return True
    if reply.kind == ReplyKind.STEP_INTRO or reply.replaces is not None:
        return True
    # Within Block Kit's count and size, and `charts.fits` (at most two native charts in one message).
    return _fitting(current.blocks, blocks) < len(blocks) or not fits(current.blocks, blocks)


def _fitting(current: Sequence[dict[str, Any]], blocks: Sequence[dict[str, Any]]) -> int:
    """How many of `blocks` still fit in a message holding `current`: at most 50 blocks and `MESSAGE_BLOCKS`
    characters (past that Slack refuses the message as `msg_blocks_too_long`)."""
    size, fitting = L.blocks_size(list(current)), 0
    for block in blocks[: max(0, L.BLOCKS_PER_MESSAGE - len(current))]:
        size += L.blocks_size([block]) + 1  # the comma between blocks
        if size > L.MESSAGE_BLOCKS:
            break
        fitting += 1
    return fitting


def _only_opening_words(current: Outgoing | None, group: Sequence[Reply], reply: Reply,
                        blocks: Sequence[dict[str, Any]]) -> bool:
    """Whether `reply`, a step introduction, can join the message of the plain words before it."""
    return (reply.kind == ReplyKind.STEP_INTRO and current is not None and not current.starts_thread
            and not current.replaces and current.place == "thread" and bool(group)
            and all(r.kind == ReplyKind.TEXT and not r.question_id and not r.actions for r in group)
            and _fitting(current.blocks, blocks) == len(blocks))


def _image_message(reply: Reply, n: int, language: str) -> Outgoing:
    assert reply.image is not None
    blocks, _views = reply_blocks(reply, n, language)
    alt = reply.image_alt or _BUTTON_WORDS.get(language, _BUTTON_WORDS["nl"])["chart"]
    return Outgoing("thread", _fallback([reply]), blocks, image=base64.b64encode(reply.image).decode(),
                    image_alt=alt, questions=[reply.question_id] if reply.question_id else [])


def file_message(reply: Reply) -> Outgoing:
    """A document (PDF, DOCX, CSV) as its own message: uploaded as a file, its text as the comment with it."""
    assert reply.file is not None
    text = f"*{mrkdwn(reply.title)}*\n{mrkdwn(reply.text)}" if reply.title else mrkdwn(reply.text)
    return Outgoing("thread", L.trim(text, L.MESSAGE_TEXT), [], file=base64.b64encode(reply.file).decode(),
                    filename=reply.filename or "document", questions=[reply.question_id] if reply.question_id else [])


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


def retired_blocks(blocks: Sequence[dict[str, Any]], question_id: str) -> list[dict[str, Any]] | None:
    """A question's message once another question is asked: the same text, without its buttons (answer, fill in,
    help, skip); None when it has none left to take off."""
    kept = [b for b in blocks if not (b.get("type") == "actions" and tagged_question(b.get("block_id")) == question_id)]
    return kept if len(kept) < len(blocks) else None


def swap_reply(blocks: Sequence[dict[str, Any]], question_id: str,
               new_blocks: Sequence[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """Replace the blocks tagged with `question_id` by `new_blocks`; None when the message has none, or would then
    be more than one message may hold (the new answer is posted as a message of its own instead)."""
    result: list[dict[str, Any]] = []
    found = False
    for block in blocks:
        if tagged_question(block.get("block_id")) == question_id:
            if not found:
                result.extend(new_blocks)
                found = True
            continue
        result.append(block)
    if not found or len(result) > L.BLOCKS_PER_MESSAGE or L.blocks_size(result) > L.MESSAGE_BLOCKS:
        return None
    return result


_ECHO_WORDS = {
    "nl": {"kept": "", "not_kept": ":warning: _Niet bewaard_ (hieronder staat waarom); wat je invulde, zodat niets "
           "verloren gaat:"},
    "en": {"kept": "", "not_kept": ":warning: _Not saved_ (see below why); what you filled in, so nothing is lost:"},
}


def answer_echo(question_id: str, user: str, values: Mapping[str, str], labels: Mapping[str, str],
                text: str | None = None, options: Mapping[str, Mapping[str, str]] | None = None,
                kept: bool = True, language: str = "nl") -> Outgoing:
    """What someone submitted through a modal, shown in the thread and attributed (modals leave no trace): with
    the choices' labels, not their stored codes; when the coach did not take it, saying so."""
    options = options or {}
    if text is not None and not values:
        lines = [mrkdwn(text)]
    else:
        lines = [f"• *{mrkdwn(labels.get(name, name))}*: {mrkdwn(options.get(name, {}).get(value, value))}"
                 for name, value in values.items()]
    header = f"<@{user}>:" if kept else f"<@{user}> {_ECHO_WORDS.get(language, _ECHO_WORDS['nl'])['not_kept']}"
    body = header + "\n" + "\n".join(lines)
    pieces = L.split_text(body)
    blocks = [{"type": "section", "block_id": tag(question_id, 99, i), "text": {"type": "mrkdwn", "text": piece}}
              for i, piece in enumerate(pieces[: L.BLOCKS_PER_MESSAGE])]
    return Outgoing("thread", L.trim(body, L.MESSAGE_TEXT), blocks, answers=[question_id] if kept else [])
