"""Two `python -m bot serve` processes on one PostgreSQL database, Slack's events for one team going to both in
turn (as a load balancer would send them): every answer is stored once, in order, with one reply each."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.context import AppContext
from storage import repo
from storage.models import Answer
from storage.slack_models import SlackInbox
from tests.slack.fake_slack_api import FakeSlackApi
from tests.slack.signing import json_body, signed_headers
from tests.slack.test_crash import Server

CHANNEL = "C0TEAM"
ANSWERS = 8


@pytest.fixture
async def servers(pg_url: str, fake_slack: FakeSlackApi) -> AsyncIterator[list[Server]]:
    pair = [Server(pg_url, fake_slack), Server(pg_url, fake_slack)]
    for server in pair:  # one after the other: each brings the schema up to date as it starts
        await server.start()
    yield pair
    for server in pair:
        if server.process and server.process.returncode is None:
            await server.kill()


async def post(server: Server, body: str, content_type: str) -> None:
    now = int(datetime.now(UTC).timestamp())
    async with aiohttp.ClientSession() as http, http.post(
            f"http://127.0.0.1:{server.port}/slack/events", data=body.encode(),
            headers=signed_headers(body, now, content_type=content_type)) as response:
        assert response.status == 200


def answer_event(n: int, thread: str) -> tuple[str, str]:
    event = {"type": "message", "channel": CHANNEL, "channel_type": "channel", "user": f"U0P{n % 3}",
             "text": f"antwoord {n}, en nog een", "ts": f"1800000000.{n:06d}", "thread_ts": thread,
             "client_msg_id": f"two-{n}"}
    return json_body({"token": "x", "team_id": "T0001", "api_app_id": "A0001", "event": event,
                      "type": "event_callback", "event_id": f"EvTWO{n}", "event_time": 0})


async def all_done(ctx: AppContext, count: int) -> list[SlackInbox]:
    async with asyncio.timeout(60):
        while True:
            async with ctx.sessions() as session:
                rows = list(await session.scalars(select(SlackInbox).order_by(SlackInbox.id)))
            if len(rows) >= count and all(r.status == "done" for r in rows):
                return rows
            await asyncio.sleep(0.05)


async def test_two_servers_store_every_answer_once_in_order_with_one_reply_each(
        servers: list[Server], fake_slack: FakeSlackApi, pg_url: str) -> None:
    ctx = AppContext.create(Settings(database_url=pg_url))
    try:
        await post(servers[0], urlencode({
            "team_id": "T0001", "channel_id": CHANNEL, "user_id": "U0P0", "command": "/coach", "text": "start",
            "trigger_id": "trig-two", "response_url": fake_slack.url.replace("/api/", "/hook/two")}),
            "application/x-www-form-urlencoded")
        await all_done(ctx, 1)
        thread = next(c.result["ts"] for c in fake_slack.of("chat.postMessage") if not c.params.get("thread_ts"))
        posted_before = len(fake_slack.of("chat.postMessage"))

        for n in range(ANSWERS):  # in turn, without waiting for the replies: as fast as a team can type
            await post(servers[n % 2], *answer_event(n, thread))
        rows = await all_done(ctx, ANSWERS + 1)

        async with ctx.sessions() as session:
            team = await repo.find_team(session, "slack", "T0001", CHANNEL)
            stored = list(await session.execute(select(Answer.question_id, Answer.raw).where(Answer.team_id == team.id)
                                                .order_by(Answer.id)))
            versions = await session.scalar(select(func.max(Answer.version)).where(Answer.team_id == team.id))
        flow = ctx.flow.questions
        assert [raw for _q, raw in stored] == [f"antwoord {n}, en nog een" for n in range(ANSWERS)]  # once, in order
        assert [q for q, _raw in stored] == [q.id for q in flow[:ANSWERS]]
        assert versions == 1
        replies = [c for c in fake_slack.of("chat.postMessage")[posted_before:] if c.result.get("ok")]
        assert len(replies) == sum(len(r.outgoing or []) for r in rows[1:])  # one reply each, none twice
        assert all(r.error is None and r.sent == len(r.outgoing or []) for r in rows[1:])
    finally:
        await ctx.close()
