"""A reply Slack cannot take right now goes out later; one it never takes is recorded, shown, and asked again
before the coach takes the team's next message as an answer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.slack.retrying import RetryPolicy
from storage.slack_models import SlackInbox
from tests.slack.harness import SlackHarness, answers, start

QUICK = RetryPolicy(first_wait_s=0.02, longest_wait_s=0.1, give_up_after_s=30)
GIVE_UP_SOON = RetryPolicy(first_wait_s=0.02, longest_wait_s=0.05, give_up_after_s=0.3)


@pytest.fixture(autouse=True)
def quick_retries(slack: SlackHarness) -> None:
    slack.coach.poster.retry = QUICK


async def row_of(slack: SlackHarness, text: str) -> SlackInbox:
    async with slack.ctx.sessions() as session:
        rows = (await session.scalars(select(SlackInbox).order_by(SlackInbox.id))).all()
    return next(r for r in rows if r.payload["inbound"]["text"] == text)


async def answer(slack: SlackHarness, thread: str, text: str) -> None:
    await slack.send_event(slack.message(text, thread_ts=thread))
    await slack.settled()


async def test_a_reply_rate_limited_five_times_in_a_row_still_goes_out(slack: SlackHarness) -> None:
    thread = await start(slack)
    slack.api.rate_limit("chat.postMessage", retry_after=0, times=5)  # beyond slack_sdk's own three retries
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")
    attempts = [c for c in slack.api.of("chat.postMessage") if c.result.get("error") == "ratelimited"]
    assert len(attempts) == 5
    assert "Hoe doen jullie" in slack.last_question()["text"]
    row = await row_of(slack, "Om zorgverleners tijd voor patiënten te geven")
    assert (row.status, row.error) == ("done", None)


async def test_a_reply_met_by_server_errors_goes_out_when_slack_recovers(slack: SlackHarness) -> None:
    thread = await start(slack)
    slack.api.server_error("chat.postMessage", status=503, times=3)
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")
    assert "Hoe doen jullie" in slack.last_question()["text"]


async def test_a_reply_whose_answer_times_out_is_sent_again(slack: SlackHarness) -> None:
    thread = await start(slack)
    slack.coach.client.timeout = 0.3
    slack.api.slow("chat.postMessage", 1.0)
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")
    # Slack may have posted the slow one too: an ambiguous timeout can show a message twice, never lose it.
    assert sum("Hoe doen jullie" in p["text"] for p in slack.posts()) >= 1
    assert (await row_of(slack, "Om zorgverleners tijd voor patiënten te geven")).status == "done"


async def test_a_reply_slack_never_takes_is_recorded_as_undelivered(slack: SlackHarness) -> None:
    thread = await start(slack)
    slack.coach.poster.retry = GIVE_UP_SOON
    slack.api.server_error("chat.postMessage", times=100)
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")
    row = await row_of(slack, "Om zorgverleners tijd voor patiënten te geven")
    assert row.status == "undelivered" and row.error == "undelivered: service_unavailable"


async def test_the_next_message_after_an_undelivered_question_is_not_filed_and_the_question_comes_first(
        slack: SlackHarness) -> None:
    thread = await start(slack)
    slack.coach.poster.retry = GIVE_UP_SOON
    slack.api.server_error("chat.postMessage", times=100)
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")  # the next question never shows
    slack.api.failures.clear()  # Slack takes messages again
    await answer(slack, thread, "Is daar iemand?")
    stored = await answers(slack)
    assert "golden_circle.how" not in stored  # not the answer to a question nobody saw
    note, question = slack.posts()[-2:]
    assert "niet bij jullie aangekomen" in note["text"] and "Hoe doen jullie" in question["text"]
    assert (await row_of(slack, "Om zorgverleners tijd voor patiënten te geven")).status == "done"
    await answer(slack, thread, "Met wijkteams die zelf plannen")  # now it is an answer
    assert (await answers(slack))["golden_circle.how"].value == "Met wijkteams die zelf plannen"


async def test_a_message_while_the_question_is_still_being_tried_is_not_filed(slack: SlackHarness) -> None:
    thread = await start(slack)
    posted = len(slack.api.of("chat.postMessage"))
    slack.api.server_error("chat.postMessage", times=1)
    gate = slack.api.hold("chat.postMessage")  # after the 503, the next try waits
    await slack.send_event(slack.message("Om zorgverleners tijd voor patiënten te geven", thread_ts=thread))
    await slack.api.wait_for("chat.postMessage", posted + 2)
    await slack.send_event(slack.message("Is daar iemand?", thread_ts=thread))  # the team writes meanwhile
    await slack.api.wait_for("chat.postMessage", posted + 3)  # the coach's note, held too
    gate.set()
    await slack.settled()
    assert "golden_circle.how" not in await answers(slack)
    assert any("nog niet bij jullie" in c.params["text"] for c in slack.api.of("chat.postMessage"))


async def test_an_undelivered_reply_is_shown_on_the_home_tab_and_to_the_check_in(slack: SlackHarness) -> None:
    from storage import repo
    from storage.slack_failures import team_delivery_failures
    from tests.slack.harness import ANNA, CHANNEL

    thread = await start(slack)
    slack.coach.poster.retry = GIVE_UP_SOON
    slack.api.server_error("chat.postMessage", times=100)
    await answer(slack, thread, "Om zorgverleners tijd voor patiënten te geven")
    slack.api.failures.clear()
    async with slack.ctx.sessions() as session:
        team = await repo.find_team(session, "slack", slack.team, CHANNEL)
        [failure] = await team_delivery_failures(session, team, slack.ctx.clock().replace(year=2000))
    assert failure.reason == "service_unavailable" and "Hoe doen jullie" in failure.text and not failure.made_good
    await slack.send_event({"type": "app_home_opened", "user": ANNA, "channel": "D0ANNA", "tab": "home",
                            "event_ts": "1800000000.1"})
    home = str((await slack.api.wait_for("views.publish"))[-1].params["view"])
    assert "Niet aangekomen" in home and "service_unavailable" in home
