"""A reply in an earlier step's thread is never silently dropped: it gets a pointer, and can still be the answer."""

from __future__ import annotations

from tests.slack.harness import SlackHarness, answers, start
from tests.slack.test_conversation import button


async def into_the_second_step(slack: SlackHarness) -> tuple[str, str]:
    """Start, skip Discover: returns (the first step's thread, the second step's)."""
    first = await start(slack)
    await slack.send_event(slack.message("overslaan stap", thread_ts=first))
    await slack.settled()
    second = slack.last_question()["thread_ts"]
    assert second != first
    return first, second


async def test_a_reply_in_an_earlier_steps_thread_gets_a_pointer_there(slack: SlackHarness) -> None:
    first, _second = await into_the_second_step(slack)
    await slack.send_event(slack.message("3", thread_ts=first))
    await slack.settled()
    pointer = slack.last_question()
    assert pointer["thread_ts"] == first
    assert "niet als antwoord bewaard" in pointer["text"] and "https://fake.slack.com/archives/" in pointer["text"]
    assert await answers(slack) == {}


async def test_the_pointers_button_takes_the_reply_as_the_answer_to_the_current_question(slack: SlackHarness) -> None:
    first, second = await into_the_second_step(slack)
    await slack.send_event(slack.message("3", thread_ts=first))
    await slack.settled()
    pointer = slack.last_question()
    await slack.click(pointer, button(pointer, "coach_choice"))
    await slack.settled()
    assert (await answers(slack))["marketing_goals.customers"].value == 3
    assert slack.last_question()["thread_ts"] == second  # the coach goes on in the current thread


async def test_the_pointers_button_is_refused_once_its_question_is_past(slack: SlackHarness) -> None:
    first, second = await into_the_second_step(slack)
    await slack.send_event(slack.message("3", thread_ts=first))
    await slack.settled()
    pointer = slack.last_question()
    await slack.send_event(slack.message("2", thread_ts=second))  # answered meanwhile in the current thread
    await slack.settled()
    await slack.click(pointer, button(pointer, "coach_choice"))
    await slack.settled()
    assert (await answers(slack))["marketing_goals.customers"].value == 2
    assert "eerdere vraag" in slack.last_question()["text"]


async def test_a_reply_in_a_thread_that_is_not_the_coachs_stays_the_teams_own(slack: SlackHarness) -> None:
    await start(slack)
    posts = len(slack.posts())
    await slack.send_event(slack.message("zullen we koffie halen?", thread_ts="1700000000.999999"))
    await slack.settled()
    assert len(slack.posts()) == posts
