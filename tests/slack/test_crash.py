"""The server is killed right after it acknowledged an answer; after a restart the answer is processed."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.context import AppContext
from storage.models import Answer
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
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        async with aiohttp.ClientSession() as http, asyncio.timeout(30):
            while True:
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    await asyncio.sleep(0.05)

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()


@pytest.fixture
async def server(db_url: str, fake_slack: FakeSlackApi) -> AsyncIterator[Server]:
    server = Server(db_url, fake_slack)
    yield server
    if server.process and server.process.returncode is None:
        await server.kill()


async def test_an_answer_acknowledged_before_a_crash_is_processed_after_the_restart(
        server: Server, fake_slack: FakeSlackApi, db_url: str) -> None:
    await server.start()
    gate = fake_slack.hold("users.info")  # the turn never gets past the user lookup before the kill
    now = int(datetime.now(UTC).timestamp())
    event = {"type": "message", "channel": "D0ANNA", "channel_type": "im", "user": "U0ANNA", "text": "start",
             "ts": "1800000000.000001", "client_msg_id": "crash-1"}
    body, content_type = json_body({"token": "x", "team_id": "T0001", "api_app_id": "A0001", "event": event,
                                    "type": "event_callback", "event_id": "EvCRASH", "event_time": now})
    async with aiohttp.ClientSession() as http, http.post(
            f"http://127.0.0.1:{server.port}/slack/events", data=body.encode(),
            headers=signed_headers(body, now, content_type=content_type)) as response:
        assert response.status == 200
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
