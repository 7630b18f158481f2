"""Replies as plain text: the console's rendering, and the fallback text of every platform."""

from __future__ import annotations

from collections.abc import Sequence

from flows.types import Reply, ReplyKind

_MARKS = {ReplyKind.PROBLEM: "⚠ ", ReplyKind.CONFIRM: "✓ ", ReplyKind.HELP: "ℹ "}


def render_reply(reply: Reply) -> str:
    lines: list[str] = []
    if reply.title:
        lines.append(f"== {reply.title} ==" if reply.kind == ReplyKind.STEP_INTRO else f"[{reply.title}]")
    lines.append(_MARKS.get(reply.kind, "") + reply.text)
    if reply.choices:
        lines.extend(f"  {n}. {c.label}" for n, c in enumerate(reply.choices, start=1))
    if reply.meta.get("menu"):  # command buttons the console can only show as what to type
        numbered = reply.meta.get("kind") == "recap_change"  # the recap's menu also takes a part's number
        lines.extend(f"  {f'{n}.' if numbered else '•'} {c.label}: `{c.value}`"
                     for n, c in enumerate(reply.actions, start=1))
    if reply.image is not None:
        lines.append(f"[image: {reply.image_alt or 'chart'}]")
    if reply.file is not None:  # a text channel can't hand over a file: say what it is (the console saves it)
        lines.append(f"[file: {reply.filename}, {max(1, len(reply.file) // 1024)} KB]")
    return "\n".join(lines)


def render_replies(replies: Sequence[Reply]) -> str:
    return "\n\n".join(render_reply(r) for r in replies)
