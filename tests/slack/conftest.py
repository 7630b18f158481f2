from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from bot.config import Settings
from bot.context import AppContext
from bot.server import build_app
from bot.slack import SLACK_KEY
from tests.conftest import FIXED_NOW
from tests.slack.fake_slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness
from tests.slack.signing import SIGNING_SECRET


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlackApi]:
    api = await FakeSlackApi().start()
    yield api
    await api.close()


def slack_settings(db_url: str, api: FakeSlackApi, **overrides: object) -> Settings:
    values: dict[str, object] = dict(database_url=db_url, slack_bot_token="xoxb-test",
                                     slack_signing_secret=SIGNING_SECRET, slack_api_url=api.url,
                                     scheduler_enabled=False)
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


async def serve(settings: Settings, api: FakeSlackApi) -> tuple[SlackHarness, web.AppRunner]:
    ctx = AppContext.create(settings, clock=lambda: FIXED_NOW)
    app = build_app(ctx, with_scheduler=False)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    http = aiohttp.ClientSession()
    return SlackHarness(f"http://{host}:{port}", ctx, app[SLACK_KEY], api, http), runner


@pytest.fixture
async def slack(db_url: str, fake_slack: FakeSlackApi) -> AsyncIterator[SlackHarness]:
    harness, runner = await serve(slack_settings(db_url, fake_slack), fake_slack)
    yield harness
    await harness.http.close()
    await runner.cleanup()
