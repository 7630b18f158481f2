"""Who may post to /api/messages when an app id is configured: the Agents SDK's JWT validation, behind our guard.

Tokens are signed with an RSA key the test owns and checked against a fake OpenID metadata + JWKS
server (in its own thread), so the accepted path is the library's real one.
"""

from __future__ import annotations

import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.config import ConfigError, Settings
from bot.context import AppContext
from bot.teams import mount_teams
from tests.harness import FIXED_NOW
from tests.teams import activities as act
from tests.teams.conftest import APP_ID, OUTBOUND_TOKEN, TeamsServer
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_openid import FakeOpenId


async def test_activity_with_a_valid_channel_token_is_answered_with_an_authorised_reply(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    token = openid.token(APP_ID, connector.url)

    response = await signed_server.post(act.message(connector.url, "start"), token=token)

    assert 200 <= response.status < 300
    assert connector.calls, "the bot answered nothing"
    assert {c.authorization for c in connector.calls} == {f"Bearer {OUTBOUND_TOKEN}"}
    assert "/keys" in openid.requests  # the signature was checked against the published key


async def test_activity_without_a_token_is_refused_with_401(signed_server: TeamsServer,
                                                            connector: FakeConnector) -> None:
    response = await signed_server.post(act.message(connector.url, "start"))

    assert response.status == 401
    assert connector.calls == []


@pytest.mark.parametrize("header", ["Bearer garbage", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "Bearer"])
async def test_malformed_token_is_refused_with_401_not_500(signed_server: TeamsServer, connector: FakeConnector,
                                                           header: str) -> None:
    response = await signed_server.post(act.message(connector.url, "start"), headers={"Authorization": header})

    assert response.status == 401
    assert connector.calls == []


async def test_token_signed_by_another_key_is_refused(signed_server: TeamsServer, connector: FakeConnector,
                                                      openid: FakeOpenId) -> None:
    forged = openid.token(APP_ID, connector.url, key=rsa.generate_private_key(public_exponent=65537, key_size=2048))

    response = await signed_server.post(act.message(connector.url, "start"), token=forged)

    assert response.status == 401
    assert connector.calls == []


async def test_token_with_an_unknown_key_id_is_refused(signed_server: TeamsServer, connector: FakeConnector,
                                                       openid: FakeOpenId) -> None:
    token = openid.token(APP_ID, connector.url, key_id="not-published")

    response = await signed_server.post(act.message(connector.url, "start"), token=token)

    assert response.status == 401


async def test_token_for_another_bot_is_refused(signed_server: TeamsServer, connector: FakeConnector,
                                                openid: FakeOpenId) -> None:
    token = openid.token("some-other-app-id", connector.url)

    response = await signed_server.post(act.message(connector.url, "start"), token=token)

    assert response.status == 401


async def test_token_for_another_service_url_is_refused(signed_server: TeamsServer, connector: FakeConnector,
                                                        openid: FakeOpenId) -> None:
    # A token minted for one service URL cannot redirect the bot's replies (and tenant data) elsewhere.
    token = openid.token(APP_ID, "https://smba.trafficmanager.net/emea/")

    response = await signed_server.post(act.message(connector.url, "start"), token=token)

    assert response.status == 401
    assert connector.calls == []


async def test_expired_token_is_refused(signed_server: TeamsServer, connector: FakeConnector,
                                        openid: FakeOpenId) -> None:
    token = openid.token(APP_ID, connector.url, lifetime=-3600)  # expired an hour ago, beyond the 5 min leeway

    response = await signed_server.post(act.message(connector.url, "start"), token=token)

    assert response.status == 401


async def test_body_that_is_not_an_activity_gets_400(signed_server: TeamsServer) -> None:
    async with signed_server.http.post(f"{signed_server.url}/api/messages", data=b"{not json",
                                       headers={"Content-Type": "application/json"}) as response:
        assert response.status == 400


def test_teams_refuses_to_mount_without_an_app_id_or_the_local_development_flag(db_url: str) -> None:
    ctx = AppContext.create(Settings(database_url=db_url), clock=lambda: FIXED_NOW)

    with pytest.raises(ConfigError, match=r"MICROSOFT_APP_ID.*TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV"):
        mount_teams(web.Application(), ctx)


def test_app_id_without_a_password_is_a_configuration_error(db_url: str) -> None:
    ctx = AppContext.create(Settings(database_url=db_url, microsoft_app_id=APP_ID), clock=lambda: FIXED_NOW)

    with pytest.raises(ConfigError, match="MICROSOFT_APP_PASSWORD"):
        mount_teams(web.Application(), ctx)
