"""Fixtures of the Teams tests: the fake Bot Connector, the fake OpenID server, and the coach's server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from microsoft_agents.hosting.core import AgentAuthConfiguration, ConnectionManager
from microsoft_agents.hosting.core.authorization import AnonymousTokenProvider

from bot.config import Settings
from bot.context import AppContext
from bot.server import CONTEXT_KEY, build_app, healthz
from bot.teams import mount_teams
from bot.teams.auth import SERVICE_CONNECTION, sdk_configuration
from bot.teams.delivery import TeamsDeliverer
from tests.harness import FIXED_NOW
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_openid import ISSUER, FakeOpenId
from tests.teams.fake_time import FakeTime

APP_ID = "0e3f5c7a-1b2d-4e6f-8a9b-c0d1e2f3a4b5"
OUTBOUND_TOKEN = "outbound-token-from-fake-login"


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.stop()


@pytest.fixture
def openid() -> Iterator[FakeOpenId]:
    fake = FakeOpenId().start()
    yield fake
    fake.stop()


class FixedTokenProvider(AnonymousTokenProvider):
    """Outbound tokens from the test, not from login.microsoftonline.com (MSAL's place in the SDK)."""

    def __init__(self, configuration: AgentAuthConfiguration) -> None:
        self._configuration = configuration

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._configuration

    async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
        return OUTBOUND_TOKEN


def fake_login(settings: Settings) -> ConnectionManager:
    """The SDK's own connection routing on the settings' service connection; only the token fetch is ours."""
    return ConnectionManager(provider_factory=FixedTokenProvider,
                             connections_configurations={SERVICE_CONNECTION: sdk_configuration(settings)})


@dataclass
class TeamsServer:
    """The coach's aiohttp server on 127.0.0.1 (port 0), with a client that posts activities to it."""

    ctx: AppContext
    url: str
    http: aiohttp.ClientSession

    async def post(self, activity: dict[str, Any], token: str | None = None,
                   headers: dict[str, str] | None = None) -> aiohttp.ClientResponse:
        all_headers = {"Authorization": f"Bearer {token}"} if token else {}
        all_headers.update(headers or {})
        async with self.http.post(f"{self.url}/api/messages", json=activity, headers=all_headers) as response:
            await response.read()
            return response


def _pace_on_fake_time(ctx: AppContext) -> None:
    """The server's sender keeps Teams' limits, counted on a clock that moves when it waits: a walk posts
    more than eight messages in two seconds, and the tests should not sit out the real pause (the limits
    themselves are tested in test_teams_rate_limits.py)."""
    deliverer = ctx.deliverers.get("teams")
    if isinstance(deliverer, TeamsDeliverer):
        time = FakeTime()
        deliverer.sender.limits.clock = time.now
        deliverer.sender.limits.sleep = time.sleep


async def _serve(app: web.Application, ctx: AppContext, shutdown_timeout: float = 60.0) -> AsyncIterator[TeamsServer]:
    _pace_on_fake_time(ctx)
    runner = web.AppRunner(app, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with aiohttp.ClientSession() as http:
        yield TeamsServer(ctx, f"http://127.0.0.1:{port}", http)
    await runner.cleanup()  # closes the context (build_app's on_cleanup) too


@pytest.fixture
async def local_server(db_url: str) -> AsyncIterator[TeamsServer]:
    """The real server (`build_app`) in unauthenticated local-development mode."""
    ctx = AppContext.create(Settings(database_url=db_url, teams_local_dev=True), clock=lambda: FIXED_NOW)
    async for server in _serve(build_app(ctx, with_scheduler=False), ctx):
        yield server


def signed_settings(db_url: str, openid: FakeOpenId, **overrides: Any) -> Settings:
    extra = {"TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": openid.metadata_url,
             "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": ISSUER}
    values: dict[str, Any] = {"database_url": db_url, "microsoft_app_id": APP_ID,
                              "microsoft_app_password": "s3cret", "extra": extra}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
async def signed_server(db_url: str, openid: FakeOpenId) -> AsyncIterator[TeamsServer]:
    """The server with an app id: tokens checked by the Agents SDK against the fake OpenID metadata."""
    ctx = AppContext.create(signed_settings(db_url, openid), clock=lambda: FIXED_NOW)
    async for server in serve_signed(ctx):
        yield server


async def serve_signed(ctx: AppContext) -> AsyncIterator[TeamsServer]:
    app = web.Application()
    app[CONTEXT_KEY] = ctx
    app.router.add_get("/healthz", healthz)
    mount_teams(app, ctx, connections=fake_login(ctx.settings))

    async def close(_app: web.Application) -> None:
        await ctx.close()

    app.on_cleanup.append(close)
    async for server in _serve(app, ctx):
        yield server
