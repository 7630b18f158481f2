"""A turn's replies as the Slack messages to post for one delivery: the engine's replies (`plan_messages`), plus
what only Slack needs: the copy of a submitted form in the thread, and the pressed button's message showing
who chose what."""

from __future__ import annotations

from bot.slack.blocks import Outgoing, answer_echo, answered_blocks, plan_messages
from bot.slack.translate import Delivery
from flows.commands import parse_command
from flows.types import Reply, ReplyKind

_OPENING_COMMANDS = ("start", "continue")


def plan_turn(delivery: Delivery, replies: list[Reply], language: str) -> list[Outgoing]:
    inbound = delivery.inbound
    command = parse_command(inbound.text)
    opening = command is not None and command.name in _OPENING_COMMANDS
    messages = plan_messages(replies, language, direct=delivery.direct, opening=opening)
    # The engine says why it did not take an answer with a PROBLEM reply (unreadable, or an earlier question's).
    accepted = not any(r.kind == ReplyKind.PROBLEM for r in replies)
    extra = delivery.extra
    # A form sent empty has nothing to show or keep: the engine's reply says what is missing.
    if delivery.kind == "view" and inbound.question_id and (extra.get("values") or inbound.text):
        messages.insert(0, answer_echo(inbound.question_id, inbound.user, extra.get("values") or {},
                                       extra.get("labels") or {}, inbound.text, extra.get("options") or {},
                                       kept=accepted, language=language))
    if delivery.kind == "action" and inbound.choice is not None and accepted and delivery.message_ts:
        # The pressed button's message shows who chose what: an update, posted first.
        blocks = delivery.extra.get("blocks") or []
        label = delivery.label or inbound.choice or ""
        text = f":ballot_box_with_check: *{label}* — <@{inbound.user}>"
        messages.insert(0, Outgoing(place="thread", text=text,
                                    blocks=answered_blocks(blocks, inbound.question_id or "", text),
                                    updates=delivery.message_ts,
                                    answers=[inbound.question_id] if inbound.question_id else []))
    return messages
