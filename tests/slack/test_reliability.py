"""Slack's delivery guarantees: signatures, retries and duplicates, rate limits and refusals."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select, update

from bot.slack.translate import Delivery
from storage.models import Answer
from storage.slack_models import SlackInbox
from tests.slack.harness import SlackHarness
from tests.slack.signing import json_body


async def answer_count(slack: SlackHarness) -> int:
    async with slack.ctx.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Answer)) or 0


async def started(slack: SlackHarness) -> str:
    await slack.command("start")
    await slack.settled()
    return slack.last_question()["thread_ts"]


async def test_unsigned_requests_get_401_and_reach_no_listener(slack: SlackHarness) -> None:
    body, content_type = json_body(slack.event_body(slack.message("start", channel="D0ANNA")))
    status, _ = await slack.post(body, content_type, signed=False)
    assert status == 401
    assert slack.api.calls == []


async def test_stale_signatures_get_401(slack: SlackHarness) -> None:
    body, content_type = json_body(slack.event_body(slack.message("start", channel="D0ANNA")))
    six_minutes_ago = slack.now() - 6 * 60
    status, _ = await slack.post(body, content_type, timestamp=six_minutes_ago)
    assert status == 401


async def test_a_forged_signature_gets_401(slack: SlackHarness) -> None:
    body, content_type = json_body(slack.event_body(slack.message("start", channel="D0ANNA")))
    status, _ = await slack.post(body, content_type, extra={"X-Slack-Signature": "v0=" + "0" * 64})
    assert status == 401


async def test_an_event_replayed_three_times_gives_one_answer(slack: SlackHarness) -> None:
    thread = await started(slack)
    event = slack.message("Om mensen te helpen", thread_ts=thread)
    for retry in (None, 1, 2):
        status, _ = await slack.send_event(event, event_id="EvSAME", retry=retry)
        assert status == 200
        await slack.settled()
    assert await answer_count(slack) == 1


async def test_one_message_delivered_under_two_event_ids_gives_one_answer(slack: SlackHarness) -> None:
    thread = await started(slack)
    event = slack.message("Om mensen te helpen", thread_ts=thread, client_msg_id="same-client-msg")
    await slack.send_event(event, event_id="EvFIRST")
    await slack.send_event(event, event_id="EvSECOND")
    await slack.settled()
    assert await answer_count(slack) == 1


async def test_retry_of_a_processed_event_is_skipped(slack: SlackHarness) -> None:
    thread = await started(slack)
    event = slack.message("Om mensen te helpen", thread_ts=thread)
    await slack.send_event(event, event_id="EvDONE")
    await slack.settled()
    posts = len(slack.posts())
    status, _ = await slack.send_event(event, event_id="EvDONE", retry=1)
    await slack.settled()
    assert status == 200
    assert len(slack.posts()) == posts
    assert await answer_count(slack) == 1


async def test_retry_whose_first_delivery_was_lost_is_processed(slack: SlackHarness) -> None:
    thread = await started(slack)
    status, _ = await slack.send_event(slack.message("Om mensen te helpen", thread_ts=thread), event_id="EvLOST",
                                       retry=1)
    await slack.settled()
    assert status == 200
    assert await answer_count(slack) == 1


async def test_retry_arriving_while_the_first_is_still_running_is_skipped(slack: SlackHarness) -> None:
    thread = await started(slack)
    gate = slack.api.hold("users.info")  # the first delivery stops before its turn
    event = slack.message("Om mensen te helpen", thread_ts=thread, user="U0NEW")
    await slack.send_event(event, event_id="EvBUSY")
    status, _ = await slack.send_event(event, event_id="EvBUSY", retry=1)
    assert status == 200
    gate.set()
    await slack.settled()
    assert await answer_count(slack) == 1
    assert [c.params["user"] for c in slack.api.of("users.info")].count("U0NEW") == 1


async def test_rate_limited_posts_are_retried_after_retry_after(slack: SlackHarness) -> None:
    slack.api.rate_limit("chat.postMessage", retry_after=1)
    await slack.send_event(slack.message("start", channel="D0ANNA"))
    await slack.settled()
    attempts = slack.api.of("chat.postMessage")
    assert attempts[0].result["error"] == "ratelimited"
    assert slack.posts("D0ANNA")  # the same message went through on the retry


async def test_a_refused_post_is_recorded_and_told_through_the_response_url(slack: SlackHarness) -> None:
    slack.api.fail("chat.postMessage", "not_in_channel")
    await slack.command("start", channel="C0OTHER")
    await slack.settled()
    hook = await slack.api.wait_for("response_url")
    assert "invite" in hook[0].params["text"]
    async with slack.ctx.sessions() as session:
        row = await session.scalar(select(SlackInbox).where(SlackInbox.channel == "C0OTHER"))
    assert row.error == "not_in_channel"


async def test_rows_claimed_by_a_process_that_died_are_recovered_after_the_lease(slack: SlackHarness) -> None:
    thread = await started(slack)
    posted = len(slack.api.of("chat.postMessage"))
    gate = slack.api.hold("chat.postMessage")  # the turn is saved; its reply never leaves (the process "dies")
    await slack.send_event(slack.message("Om mensen te helpen", thread_ts=thread))
    await slack.api.wait_for("chat.postMessage", posted + 1)
    async with slack.ctx.sessions() as session, session.begin():  # as if the claim is an hour old
        await session.execute(update(SlackInbox).where(SlackInbox.status != "done")
                              .values(claimed_at=slack.ctx.clock() - timedelta(hours=1)))
    gate.set()
    await slack.coach.recover()
    await slack.settled()
    assert await answer_count(slack) == 1


async def test_two_processors_of_one_row_save_one_answer_and_post_its_reply_once(slack: SlackHarness) -> None:
    # The request's own task and a second processor (a recovery pass, another process) run one row at once:
    # the turn that commits second finds the row processed inside its transaction and rolls back.
    thread = await started(slack)
    gate = slack.api.hold("users.info")  # both stop just before their turn
    await slack.send_event(slack.message("Om mensen te helpen", thread_ts=thread, user="U0NEW"), event_id="EvTWICE")
    await slack.api.wait_for("users.info")
    async with slack.ctx.sessions() as session:
        row = await session.scalar(select(SlackInbox).where(SlackInbox.delivery_key == "EvTWICE"))
    posted = len(slack.posts())
    slack.coach.names.forget_people()
    second = slack.coach.process(row.id, slack.coach.client, Delivery.from_json(row.payload))
    task = asyncio.ensure_future(second)
    await slack.api.wait_for("users.info", 2)
    gate.set()
    await task
    await slack.settled()
    assert await answer_count(slack) == 1
    async with slack.ctx.sessions() as session:
        row = await session.scalar(select(SlackInbox).where(SlackInbox.delivery_key == "EvTWICE"))
    assert row.error is None
    assert len(slack.posts()) - posted == len(row.outgoing) == row.sent


async def test_a_revoked_token_event_is_acknowledged_in_single_workspace_mode(slack: SlackHarness) -> None:
    status, _body = await slack.send_event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}})
    assert status == 200
