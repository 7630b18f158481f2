"""Commands in Slack: `/coach <anything>` is always a command, and "@coach status" runs once, as a command."""

from __future__ import annotations

from typing import Any

from tests.slack.harness import CHANNEL, SlackHarness, answers, start


def mention_pair(slack: SlackHarness, text: str, thread: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """What Slack sends for "@coach <text>" typed in a thread: a `message` and an `app_mention`, one ts."""
    message = slack.message(f"<@UBOT> {text}", thread_ts=thread)
    mention = {"type": "app_mention", "channel": CHANNEL, "user": message["user"], "text": message["text"],
               "ts": message["ts"], "thread_ts": thread, "event_ts": message["ts"]}
    return message, mention


def replies_since(slack: SlackHarness, before: int) -> list[str]:
    return [p["text"] for p in slack.posts()[before:]]


async def test_an_unknown_slash_command_is_answered_and_never_stored(slack: SlackHarness) -> None:
    await start(slack)
    before = len(slack.posts())
    await slack.command("foobar")
    await slack.settled()
    [reply, *_] = replies_since(slack, before)
    assert "ken ik niet" in reply and "foobar" in reply
    assert "golden_circle.why" not in await answers(slack)


async def test_a_slash_command_that_reads_like_an_answer_is_still_a_command(slack: SlackHarness) -> None:
    await start(slack)
    await slack.command("Om mensen te helpen")
    await slack.settled()
    assert await answers(slack) == {}


async def test_a_mention_in_the_thread_arriving_as_message_first_runs_once_as_a_command(slack: SlackHarness) -> None:
    thread = await start(slack)
    before = len(slack.posts())
    message, mention = mention_pair(slack, "status", thread)
    await slack.send_event(message)
    await slack.send_event(mention)
    await slack.settled()
    assert await answers(slack) == {}
    shown = replies_since(slack, before)
    assert sum("Discover" in text and "0/" in text for text in shown) == 1  # one status, not two


async def test_a_mention_in_the_thread_arriving_as_app_mention_first_runs_once(slack: SlackHarness) -> None:
    thread = await start(slack)
    before = len(slack.posts())
    message, mention = mention_pair(slack, "status", thread)
    await slack.send_event(mention)
    await slack.send_event(message)
    await slack.settled()
    assert await answers(slack) == {}
    assert sum("0/" in text for text in replies_since(slack, before)) == 1


async def test_a_mention_of_someone_else_in_an_answer_stays_part_of_the_answer(slack: SlackHarness) -> None:
    thread = await start(slack)
    await slack.send_event(slack.message("<@U0BOB> en ik willen mensen helpen", thread_ts=thread))
    await slack.settled()
    assert "<@U0BOB>" in str((await answers(slack))["golden_circle.why"].value)
