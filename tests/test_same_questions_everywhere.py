"""The same flow content gives the same questions in the console, Slack and Teams.

One walk through the whole model (Dutch and English) collects every question the engine asks;
each is rendered three ways, and every platform must show the question's title, its text and its
answer buttons in the same words. Formatting may differ (Markdown, mrkdwn, Adaptive Card), so
texts are compared as word sequences.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from bot.render_text import render_reply
from bot.teams import cards
from flows.types import Reply, ReplyKind
from tests.harness import Coach, context_for
from tests.scripts import DUTCH, ENGLISH


def words(text: str) -> str:
    """Lower-case words separated by single spaces: markup, emoji and punctuation drop out."""
    return " ".join(re.findall(r"\w+", unescape(text).lower()))


def console_view(reply: Reply) -> tuple[str, list[str]]:
    return render_reply(reply), [c.label for c in reply.choices]


def teams_view(reply: Reply) -> tuple[str, list[str]]:
    activity = cards.reply_to_activity(reply)
    card = activity["attachments"][0]["content"]
    texts = [b["text"] for b in card["body"] if b["type"] == "TextBlock"]
    buttons = [a["title"] for b in card["body"] if b["type"] == "ActionSet" for a in b["actions"]]
    choice_sets = [c["title"] for b in card["body"] if b["type"] == "Input.ChoiceSet" and b["id"] == "choice"
                   for c in b["choices"]]
    return "\n".join(texts), buttons + choice_sets


def slack_view(reply: Reply, language: str) -> tuple[str, list[str]]:
    from bot.slack.blocks import CHOICE_ACTION, reply_blocks

    blocks, _views = reply_blocks(reply, 0, language)
    texts = [b["text"]["text"] for b in blocks if b["type"] in ("section", "header")]
    buttons = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]
               if e["action_id"].startswith(CHOICE_ACTION)]
    return "\n".join(texts), buttons


async def questions_asked(url: str, language: str, lines: list[str]) -> list[Reply]:
    ctx = await context_for(url)
    coach = Coach(ctx, team=f"same-{language}")
    asked: list[Reply] = []
    try:
        for line in ["start", *lines]:
            replies = await coach.say(line, language=language if line == "start" else None)
            asked.extend(r for r in replies if r.kind in (ReplyKind.QUESTION, ReplyKind.STEP_INTRO))
    finally:
        await ctx.close()
    return asked


def _slack_available() -> bool:
    try:
        from bot.slack.blocks import reply_blocks  # noqa: F401
    except ImportError:
        return False
    return True


RENDERERS: list[Any] = [
    pytest.param("console", id="console"),
    pytest.param("teams", id="teams"),
    pytest.param("slack", id="slack", marks=pytest.mark.xfail(
        not _slack_available(), reason="bot/slack/blocks.py (the Slack issue) is not in this build yet", strict=True)),
]


@pytest.mark.parametrize("platform", RENDERERS)
@pytest.mark.parametrize(("language", "lines"), [("nl", DUTCH), ("en", ENGLISH)], ids=["nl", "en"])
async def test_every_question_reads_the_same_on_every_platform(db_url: str, platform: str, language: str,
                                                               lines: list[str]) -> None:
    asked = await questions_asked(db_url, language, lines)
    assert len({r.question_id for r in asked if r.question_id}) >= 40, "the walk did not reach most questions"

    for reply in asked:
        if platform == "console":
            shown, buttons = console_view(reply)
        elif platform == "teams":
            shown, buttons = teams_view(reply)
        else:
            shown, buttons = slack_view(reply, language)
        for part in filter(None, (reply.title, reply.text)):
            assert f" {words(part)} " in f" {words(shown)} ", f"{platform} lost {part!r} of {reply.question_id}"
        assert [words(b) for b in buttons] == [words(c.label) for c in reply.choices], reply.question_id
