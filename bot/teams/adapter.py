"""The Bot Framework adapter: botbuilder's CloudAdapter with its own JWT validation, configured from Settings.

All botbuilder configuration lives here. botbuilder-python 4.17.1 is the last release (support
ended 2025-12-31); the move to the Microsoft 365 Agents SDK (`microsoft-agents-hosting-aiohttp`)
replaces this module, `auth_guard.py`, `bot.py` and `delivery.py`, and nothing outside `bot/teams/`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ServiceClientCredentialsFactory,
)

from bot.config import ConfigError, Settings

log = logging.getLogger(__name__)

# Settings.extra keys (botbuilder's own configuration names) for other clouds, and for tests' fakes.
ENDPOINT_KEYS = (
    "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL",
    "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER",
    "TO_CHANNEL_FROM_BOT_LOGIN_URL",
    "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE",
)


@dataclass(frozen=True)
class TeamsEndpoints:
    """Where the Bot Framework's signing keys and tokens come from; None means Microsoft's public cloud."""

    openid_metadata_url: str | None = None
    token_issuer: str | None = None
    login_url: str | None = None
    oauth_scope: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> TeamsEndpoints:
        extra = settings.extra
        return cls(*(extra.get(key) or None for key in ENDPOINT_KEYS))

    @property
    def is_public_cloud(self) -> bool:
        return not any((self.openid_metadata_url, self.token_issuer, self.login_url, self.oauth_scope))


class _Configuration:
    """The attribute bag botbuilder's Configuration* classes read (its `config.py` convention)."""

    def __init__(self, settings: Settings, endpoints: TeamsEndpoints) -> None:
        self.APP_ID = settings.microsoft_app_id or ""
        self.APP_PASSWORD = settings.microsoft_app_password or ""
        self.APP_TYPE = settings.microsoft_app_type
        self.APP_TENANTID = settings.microsoft_app_tenant_id or ""
        if not endpoints.is_public_cloud:
            # botbuilder switches to its "parameterized" authentication as soon as one of these is set,
            # and then needs all of them: unset ones keep the public cloud's values.
            self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = (
                endpoints.openid_metadata_url or AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL)
            self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = (
                endpoints.token_issuer or AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER)
            self.TO_CHANNEL_FROM_BOT_LOGIN_URL = (
                endpoints.login_url or AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL)
            self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = (
                endpoints.oauth_scope or AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE)
            self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = (
                AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL)


class GuardedAuthentication(ConfigurationBotFrameworkAuthentication):
    """botbuilder's own request authentication, with every token it cannot read turned into a refusal.

    4.17.1 lets a malformed token, an unknown key id or a bad endorsement escape as a plain
    exception (HTTP 500); the adapter only maps PermissionError to 401. Network trouble while
    fetching signing keys stays an error (5xx), so the channel retries rather than gives up.
    """

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        try:
            return await super().authenticate_request(activity, auth_header)
        except (PermissionError, requests.RequestException):
            raise
        except Exception as exc:
            log.info("refused a Teams activity whose token could not be validated: %s", exc)
            raise PermissionError(f"token not accepted: {type(exc).__name__}") from exc


def check_settings(settings: Settings) -> None:
    """Refuse configurations that would run unauthenticated by accident, naming what to set."""
    if settings.microsoft_app_id:
        if not settings.microsoft_app_password:
            raise ConfigError("MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not: add the client secret "
                              "of the bot's Azure app registration (Certificates & secrets).")
        if settings.microsoft_app_type.lower() == "singletenant" and not settings.microsoft_app_tenant_id:
            raise ConfigError("MICROSOFT_APP_TYPE is SingleTenant: set MICROSOFT_APP_TENANT_ID to the directory "
                              "(tenant) id of the app registration.")
        return
    if not settings.teams_local_dev:
        raise ConfigError("Teams needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (Azure Bot registration); "
                          "for local development without them set TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV=1, "
                          "which accepts unsigned requests and must never be used on a public address.")


def auth_required(settings: Settings) -> bool:
    return bool(settings.microsoft_app_id)


def build_adapter(settings: Settings, endpoints: TeamsEndpoints | None = None,
                  credentials_factory: ServiceClientCredentialsFactory | None = None) -> CloudAdapter:
    """A CloudAdapter validating incoming tokens with botbuilder's own JWT code.

    `credentials_factory` replaces how outbound tokens are obtained (tests: no login.microsoftonline.com).
    """
    check_settings(settings)
    endpoints = endpoints or TeamsEndpoints.from_settings(settings)
    if not auth_required(settings):
        log.warning("Teams: TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV is on and no MICROSOFT_APP_ID is set; "
                    "/api/messages accepts UNSIGNED requests. Local development only.")
        # Without an app id botbuilder's parameterized path would still demand a token; keep the public one.
        endpoints = TeamsEndpoints()
    options: dict[str, Any] = {}
    if credentials_factory is not None:
        options["credentials_factory"] = credentials_factory
    authentication = GuardedAuthentication(_Configuration(settings, endpoints), **options)
    return CloudAdapter(authentication)
