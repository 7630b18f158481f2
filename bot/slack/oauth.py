"""Installing the app: one workspace with a bot token, or many through OAuth with slack_sdk's SQLAlchemy stores.

Tokens outside a Slack request (crash recovery, scheduled posts) come from `Tokens.client_for`,
which rotates expiring tokens itself: bolt only rotates while it handles an incoming request.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.authorization.async_multi_teams_authorization import AsyncMultiTeamsAuthorization
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.slack.translate import split_workspace_key, workspace_key
from storage import repo

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
DEFAULT_SCOPES = ("app_mentions:read", "channels:history", "channels:read", "chat:write", "commands",
                  "groups:history", "groups:read", "im:history", "im:write", "users:read", "files:write")
NOT_INSTALLED = {
    "nl": ":wave: De strategiecoach is (nog) niet geïnstalleerd in deze workspace. Vraag een beheerder om hem "
          "toe te voegen; daarna typ je `/coach start` in het kanaal van je team.",
    "en": ":wave: The strategy coach is not installed in this workspace (yet). Ask an admin to add it; then type "
          "`/coach start` in your team's channel.",
}
STATE_SECONDS = 600
ROTATE_MINUTES_BEFORE = 120


def oauth_settings(settings: Settings, engine: AsyncEngine) -> AsyncOAuthSettings:
    assert settings.slack_client_id and settings.slack_client_secret
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(settings.slack_scopes or DEFAULT_SCOPES),
        installation_store=AsyncSQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine),
        state_store=AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE,
    )


class Tokens:
    """A Web API client with the right bot token for a workspace, outside any Slack request."""

    def __init__(self, settings: Settings, client: AsyncWebClient,
                 store: AsyncSQLAlchemyInstallationStore | None) -> None:
        self.settings = settings
        self.client = client
        self.store = store
        self.rotator: AsyncTokenRotator | None = None
        if store is not None and settings.slack_client_id and settings.slack_client_secret:
            self.rotator = AsyncTokenRotator(client_id=settings.slack_client_id,
                                             client_secret=settings.slack_client_secret, client=client)

    async def client_for(self, workspace: str) -> AsyncWebClient | None:
        if self.store is None:
            return self.client
        enterprise_id, team_id = split_workspace_key(workspace)
        bot = await self.store.async_find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                              is_enterprise_install=bool(enterprise_id and not team_id))
        if bot is None:
            return None
        if self.rotator is not None and bot.bot_refresh_token:
            refreshed = await self.rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=ROTATE_MINUTES_BEFORE)
            if refreshed is not None:
                await self.store.async_save_bot(refreshed)
                bot = refreshed
        return AsyncWebClient(token=bot.bot_token, base_url=self.client.base_url, session=self.client.session,
                              retry_handlers=list(self.client.retry_handlers), logger=self.client.logger)


def answer_uninstalled_in_the_teams_language(app: AsyncApp, sessions: Any) -> None:
    """A workspace without an installation gets the coach's own words, in the team's language (Dutch for a team
    the coach never met), instead of bolt's English apology.

    Bolt reads its authorization middleware's message right after `authorize` comes back empty, with no await
    in between: setting the message there, for this request only, cannot race with another request.
    """
    for middleware in app._async_middleware_list:  # bolt offers no public hook for this message
        if isinstance(middleware, AsyncMultiTeamsAuthorization):
            middleware.authorize = _LanguageAware(middleware, sessions)  # type: ignore[assignment]
            middleware.logger = _AtWarning(logging.getLogger(__name__), {})  # an expected case, not an ERROR


class _AtWarning(logging.LoggerAdapter):  # type: ignore[type-arg]
    def error(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.warning(msg, *args, **kwargs)


class _LanguageAware:
    def __init__(self, middleware: AsyncMultiTeamsAuthorization, sessions: Any) -> None:
        self.middleware = middleware
        self.authorize = middleware.authorize
        self.sessions = sessions

    async def __call__(self, *, context: Any, **ids: Any) -> Any:
        result = await self.authorize(context=context, **ids)
        if result is None:
            workspace = workspace_key(ids.get("team_id"), ids.get("enterprise_id"))
            async with self.sessions() as session:
                language = await repo.team_language(session, "slack", workspace, context.channel_id or "")
            self.middleware.user_facing_authorize_error_message = NOT_INSTALLED.get(language, NOT_INSTALLED["nl"])
        return result
