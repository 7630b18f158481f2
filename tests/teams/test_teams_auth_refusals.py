"""Every token the server cannot accept is a 401 with a WARNING saying why; the signing keys are fetched with a
timeout, off the event loop's critical path, and cached; an endpoint that stalls or is down never freezes the server.
"""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.context import AppContext
from tests.harness import FIXED_NOW
from tests.teams import activities as act
from tests.teams.conftest import APP_ID, TeamsServer, serve_signed, signed_settings
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_openid import FakeOpenId

GUARD_LOG = "bot.teams.guard"


def refusal_reasons(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == GUARD_LOG and r.levelno == logging.WARNING]


@pytest.mark.parametrize(("case", "reason"), [
    ("missing", "missing Authorization header"),
    ("garbage", "Authorization token cannot be read"),
    ("foreign issuer", "token issuer is not accepted"),
    ("expired", "token expired"),
    ("wrong audience", "another app id"),
    ("unverifiable", "is not published"),
])
async def test_each_token_that_cannot_be_accepted_gets_401_and_a_warning_with_its_reason(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId, caplog: pytest.LogCaptureFixture,
        case: str, reason: str) -> None:
    tokens = {
        "missing": None,
        "garbage": "not-a.jwt.at-all",
        "foreign issuer": openid.token(APP_ID, connector.url, issuer="https://sts.windows.net/evil-tenant/"),
        "expired": openid.token(APP_ID, connector.url, lifetime=-3600),
        "wrong audience": openid.token("another-bots-app-id", connector.url),
        "unverifiable": openid.token(APP_ID, connector.url, key_id="a-key-nobody-published"),
    }
    caplog.set_level(logging.WARNING, logger=GUARD_LOG)

    response = await signed_server.post(act.message(connector.url, "start"), token=tokens[case])

    assert response.status == 401
    assert any(reason in line for line in refusal_reasons(caplog)), refusal_reasons(caplog)
    assert connector.calls == []


async def test_the_signing_keys_are_fetched_once_and_then_served_from_the_cache(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    for text in ("start", "status", "help"):
        response = await signed_server.post(act.message(connector.url, text), token=openid.token(APP_ID, connector.url))
        assert 200 <= response.status < 300

    assert openid.requests.count("/keys") == 1


async def test_a_stalled_key_endpoint_leaves_the_server_answering_and_ends_in_a_prompt_refusal(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    openid.stall()
    started = time.monotonic()
    pending = asyncio.create_task(signed_server.post(act.message(connector.url, "start"),
                                                     token=openid.token(APP_ID, connector.url)))
    await asyncio.sleep(0.3)  # the request now waits for the keys

    async with signed_server.http.get(f"{signed_server.url}/healthz") as health:
        answered_after = time.monotonic() - started
        assert health.status == 200
    response = await pending
    openid.release()

    assert not pending.cancelled() and answered_after < 2
    assert response.status == 503 and response.headers.get("Retry-After")
    assert time.monotonic() - started < 8
    assert connector.calls == []


async def test_an_unreachable_key_endpoint_is_a_clean_refusal_within_seconds(
        db_url: str, connector: FakeConnector, openid: FakeOpenId) -> None:
    settings = signed_settings(db_url, openid)
    settings.extra["TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL"] = "http://127.0.0.1:9/.well-known/openidconfiguration"
    ctx = AppContext.create(settings, clock=lambda: FIXED_NOW)
    async for server in serve_signed(ctx):
        started = time.monotonic()

        first = await server.post(act.message(connector.url, "start"), token=openid.token(APP_ID, connector.url))
        again = await server.post(act.message(connector.url, "start"), token=openid.token(APP_ID, connector.url))

        assert (first.status, again.status) == (503, 503)
        assert time.monotonic() - started < 5
    assert connector.calls == []
