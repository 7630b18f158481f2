"""The documented settings on the Agents SDK's configuration, and the check of each incoming token.

MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TYPE and MICROSOFT_APP_TENANT_ID become the
SDK's service connection (`AgentAuthConfiguration`, the `CONNECTIONS__SERVICE_CONNECTION__SETTINGS__*`
of its own environment loader), with the issuer allow-list switched on. The token itself is checked
by the SDK's `JwtTokenValidator` (signature, expiry, audience, issuer, tenant binding); this module
adds what botbuilder checked and the SDK leaves to the host: the token's `serviceurl` must be the
activity's, and the key must be endorsed for the channel. Every refusal has a reason, logged as a
WARNING, and is a 401; only signing keys that cannot be fetched are a 503 (the channel tries again).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import AgentAuthConfiguration, AuthTypes, ClaimsIdentity
from microsoft_agents.hosting.core.authorization import JwtTokenValidator

from bot.config import ConfigError, Settings
from bot.teams.keys import KeysUnavailable, SigningKeys

log = logging.getLogger(__name__)

SERVICE_CONNECTION = "SERVICE_CONNECTION"
MULTI_TENANT_AUTHORITY_TENANT = "botframework.com"  # where multi-tenant bots get their outbound tokens
_APP_TYPES = {"multitenant": AuthTypes.client_secret, "singletenant": AuthTypes.client_secret,
              "userassignedmsi": AuthTypes.user_managed_identity}


def check_settings(settings: Settings) -> None:
    """Refuse configurations that would run unauthenticated by accident, naming what to set."""
    if not settings.microsoft_app_id:
        if not settings.teams_local_dev:
            raise ConfigError("Teams needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (Azure Bot registration); "
                              "for local development without them set TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV=1, "
                              "which accepts unsigned requests and must never be used on a public address.")
        return
    app_type = settings.microsoft_app_type.lower()
    if app_type not in _APP_TYPES:
        raise ConfigError(f"MICROSOFT_APP_TYPE is {settings.microsoft_app_type!r}: use MultiTenant, SingleTenant "
                          "or UserAssignedMSI (the bot's type in the Azure portal, under Configuration).")
    if app_type != "userassignedmsi" and not settings.microsoft_app_password:
        raise ConfigError("MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not: add the client secret "
                          "of the bot's Azure app registration (Certificates & secrets).")
    if app_type != "multitenant" and not settings.microsoft_app_tenant_id:
        raise ConfigError(f"MICROSOFT_APP_TYPE is {settings.microsoft_app_type}: set MICROSOFT_APP_TENANT_ID to the "
                          "directory (tenant) id of the app registration.")


def auth_required(settings: Settings) -> bool:
    return bool(settings.microsoft_app_id)


def sdk_configuration(settings: Settings) -> AgentAuthConfiguration:
    """The service connection: who the bot is, how it gets outbound tokens, which issuers it accepts."""
    check_settings(settings)
    app_type = settings.microsoft_app_type.lower()
    extra = settings.extra
    issuers = [extra["TO_BOT_FROM_CHANNEL_TOKEN_ISSUER"]] if extra.get("TO_BOT_FROM_CHANNEL_TOKEN_ISSUER") else None
    tenant = settings.microsoft_app_tenant_id if app_type != "multitenant" else MULTI_TENANT_AUTHORITY_TENANT
    configuration = AgentAuthConfiguration(
        auth_type=_APP_TYPES.get(app_type, AuthTypes.client_secret),
        client_id=settings.microsoft_app_id,
        tenant_id=tenant if settings.microsoft_app_id else None,
        client_secret=settings.microsoft_app_password,
        authority=extra.get("TO_CHANNEL_FROM_BOT_LOGIN_URL") or None,
        connection_name=SERVICE_CONNECTION,
        anonymous_allowed=not auth_required(settings),
        validate_issuer=True,  # off by default in the SDK: without it any Entra tenant's token would do
        issuers=None if issuers is None else issuers + _default_issuers(tenant),
    )
    return configuration


def _default_issuers(tenant: str | None) -> list[str]:
    return AgentAuthConfiguration(tenant_id=tenant).ISSUERS


def connection_manager(configuration: AgentAuthConfiguration) -> MsalConnectionManager:
    """MSAL behind the service connection: the outbound tokens for replies and proactive posts."""
    return MsalConnectionManager(connections_configurations={SERVICE_CONNECTION: configuration})


class Refused(Exception):
    """A request whose token is not accepted; `status` is 401, or 503 when no key could be fetched."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass
class TokenCheck:
    """Checks the Authorization header of one activity: the SDK's validator, on our key source."""

    configuration: AgentAuthConfiguration
    keys: SigningKeys

    async def identity(self, header: str | None, activity: Mapping[str, Any]) -> ClaimsIdentity:
        token = _bearer(header)
        validator = JwtTokenValidator(self.configuration)
        validator._jwk_client_manager = self.keys  # type: ignore[assignment]  # the SDK's key source, replaced
        try:
            identity = await validator.validate_token(token)
        except KeysUnavailable as exc:
            raise Refused(503, str(exc)) from exc
        except jwt.ExpiredSignatureError as exc:
            raise Refused(401, "token expired") from exc
        except jwt.ImmatureSignatureError as exc:
            raise Refused(401, "token not valid yet") from exc
        except jwt.InvalidSignatureError as exc:
            raise Refused(401, "token signature does not verify against the published keys") from exc
        except jwt.PyJWKClientError as exc:
            raise Refused(401, f"token cannot be verified: {exc}") from exc
        except jwt.PyJWTError as exc:
            raise Refused(401, f"token cannot be read ({type(exc).__name__})") from exc
        except ValueError as exc:  # the SDK's own refusals: audience, issuer, tenant binding
            raise Refused(401, _sdk_reason(str(exc))) from exc
        self._check_service_url(identity, activity)
        self._check_endorsement(token, activity)
        return identity

    @staticmethod
    def _check_service_url(identity: ClaimsIdentity, activity: Mapping[str, Any]) -> None:
        # A token minted for one service URL must not send the replies (and the tenant's data) elsewhere.
        claimed = str(identity.get_claim_value("serviceurl") or "")
        if claimed and _same_url(claimed, str(activity.get("serviceUrl") or "")):
            return
        if not claimed and identity.get_claim_value("iss") != "https://api.botframework.com":
            return  # tokens of other issuers (agent to agent) carry no service URL
        raise Refused(401, "token was issued for another service URL")

    def _check_endorsement(self, token: str, activity: Mapping[str, Any]) -> None:
        kid = str(jwt.get_unverified_header(token).get("kid") or "")
        endorsed = self.keys.endorsements(kid)
        channel = str(activity.get("channelId") or "")
        if endorsed is not None and channel and channel.split(":", 1)[0] not in endorsed:
            raise Refused(401, f"signing key is not endorsed for channel {channel!r}")


def _bearer(header: str | None) -> str:
    if not header:
        raise Refused(401, "missing Authorization header")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise Refused(401, "Authorization is not a Bearer token")
    try:
        jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Refused(401, "Authorization token cannot be read") from exc
    if not isinstance(claims, dict):
        raise Refused(401, "Authorization token has no claims")
    return token


def _sdk_reason(message: str) -> str:
    lowered = message.lower()
    if "audience" in lowered:
        return "token was issued for another app id (audience)"
    if "issuer" in lowered:
        return "token issuer is not accepted"
    return f"token not accepted: {message}"


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/").casefold() == b.rstrip("/").casefold()
