"""The server is killed right after it acknowledged an answer; after a restart the answer is processed."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.context import AppContext
from bot.slack.inbox import LEASE
from storage.models import Answer
from storage.slack_models import SlackInbox
from tests.slack.fake_slack_api import FakeSlackApi
from tests.slack.signing import SIGNING_SECRET, json_body, signed_headers

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db_url: str, api: FakeSlackApi) -> None:
        self.port = free_port()
        self.env = {**os.environ, "DATABASE_URL": db_url, "SLACK_BOT_TOKEN": "xoxb-test",
                    "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api.url, "PORT": str(self.port),
                    "COACH_SCHEDULER_DISABLED": "1"}
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--no-scheduler", cwd=ROOT, env=self.env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL, start_new_session=True)
        async with aiohttp.ClientSession() as http, asyncio.timeout(30):
            while True:
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    await asyncio.sleep(0.05)

    async def kill(self) -> None:
        """Kill the server and its turn worker at once, as a crash of their machine or container would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        await self.process.wait()


@pytest.fixture
async def server(db_url: str, fake_slack: FakeSlackApi) -> AsyncIterator[Server]:
    server = Server(db_url, fake_slack)
    yield server
    if server.process and server.process.returncode is None:
        await server.kill()


async def send_dm(server: Server, text: str, event_id: str, n: int) -> None:
    """A direct message from Anna, as Slack sends it; asserts the 200."""
    now = int(datetime.now(UTC).timestamp())
    event = {"type": "message", "channel": "D0ANNA", "channel_type": "im", "user": "U0ANNA", "text": text,
             "ts": f"1800000000.{n:06d}", "client_msg_id": f"crash-{n}"}
    body, content_type = json_body({"token": "x", "team_id": "T0001", "api_app_id": "A0001", "event": event,
                                    "type": "event_callback", "event_id": event_id, "event_time": now})
    async with aiohttp.ClientSession() as http, http.post(
            f"http://127.0.0.1:{server.port}/slack/events", data=body.encode(),
            headers=signed_headers(body, now, content_type=content_type)) as response:
        assert response.status == 200


async def test_an_answer_acknowledged_before_a_crash_is_processed_after_the_restart(
        server: Server, fake_slack: FakeSlackApi, db_url: str) -> None:
    await server.start()
    gate = fake_slack.hold("users.info")  # the turn never gets past the user lookup before the kill
    await send_dm(server, "start", "EvCRASH", 1)
    await fake_slack.wait_for("users.info")
    await server.kill()
    assert fake_slack.of("chat.postMessage") == []
    gate.set()

    await server.start()
    await fake_slack.wait_for("chat.postMessage")
    ctx = AppContext.create(Settings(database_url=db_url))
    try:
        async with ctx.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Answer)) == 0  # "start" asks, saves no answer
    finally:
        await ctx.close()
    assert "D0ANNA" in {c.params["channel"] for c in fake_slack.of("chat.postMessage")}


async def test_a_turn_saved_before_a_crash_is_posted_after_the_restart_and_never_run_again(
        server: Server, fake_slack: FakeSlackApi, db_url: str) -> None:
    await server.start()
    ctx = AppContext.create(Settings(database_url=db_url))
    try:
        await send_dm(server, "start", "EvSTART", 1)
        await inbox_row(ctx, "EvSTART", "done")  # the introduction and the first question are posted
        before = len(fake_slack.of("chat.postMessage"))
        gate = fake_slack.hold("chat.postMessage")  # the answer's turn commits; its reply never leaves
        await send_dm(server, "Om mensen te helpen", "EvANSWER", 2)
        held = (await fake_slack.wait_for("chat.postMessage", before + 1))[before]
        await server.kill()

        async with ctx.sessions() as session, session.begin():
            assert await session.scalar(select(func.count()).select_from(Answer)) == 1
            row = await session.scalar(select(SlackInbox).where(SlackInbox.delivery_key == "EvANSWER"))
            # marked processed in the turn's own transaction, with what to post
            assert row.status == "processed" and row.sent == 0 and row.outgoing
            # as if the dead process's lease on posting ran out
            row.claimed_at = datetime.now(UTC) - LEASE - timedelta(seconds=1)
        gate.set()

        await server.start()
        row = await inbox_row(ctx, "EvANSWER", "done")
        posted = fake_slack.of("chat.postMessage")[before + 1:]
        assert [p.params["text"] for p in posted] == [held.params["text"]]  # the saved reply, once
        assert row.error is None and row.sent == len(row.outgoing)
        async with ctx.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Answer)) == 1  # no second version
    finally:
        await ctx.close()


async def inbox_row(ctx: AppContext, key: str, status: str) -> SlackInbox:
    """Wait until the inbox row of `key` has `status` (polling; a safety cap, not a timing check)."""
    async with asyncio.timeout(10):
        while True:
            async with ctx.sessions() as session:
                row = await session.scalar(select(SlackInbox).where(SlackInbox.delivery_key == key))
            if row is not None and row.status == status:
                return row
            await asyncio.sleep(0.05)


async def test_a_message_slack_took_before_a_crash_is_not_posted_again_after_the_restart(
        server: Server, fake_slack: FakeSlackApi, db_url: str) -> None:
    await server.start()
    ctx = AppContext.create(Settings(database_url=db_url))
    try:
        await send_dm(server, "start", "EvSTART", 1)
        await inbox_row(ctx, "EvSTART", "done")
        before = len(fake_slack.of("chat.postMessage"))
        # "overslaan stap" gets two messages: "skipped", then the next step with its question. Slack takes the
        # first; the second is on its way when the server dies.
        gate = fake_slack.hold("chat.postMessage", after=1)
        await send_dm(server, "overslaan stap", "EvSKIP", 2)
        first, held = (await fake_slack.wait_for("chat.postMessage", before + 2))[before:before + 2]
        await server.kill()
        async with ctx.sessions() as session, session.begin():
            row = await session.scalar(select(SlackInbox).where(SlackInbox.delivery_key == "EvSKIP"))
            assert row.status == "processed" and row.sent == 1 and len(row.outgoing) == 2  # the first one's ts is kept
            row.claimed_at = datetime.now(UTC) - LEASE - timedelta(seconds=1)
        gate.set()

        await server.start()
        await inbox_row(ctx, "EvSKIP", "done")
        texts = [c.params["text"] for c in fake_slack.of("chat.postMessage")[before:]]
        assert texts.count(first.params["text"]) == 1  # never again
        assert texts.count(held.params["text"]) == 2  # the one on its way: at most twice (the crash window)
    finally:
        await ctx.close()
