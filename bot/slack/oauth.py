"""Installing the app: one workspace with a bot token, or many through OAuth with slack_sdk's SQLAlchemy stores.

Tokens outside a Slack request (crash recovery, scheduled posts) come from `Tokens.client_for`,
which rotates expiring tokens itself: bolt only rotates while it handles an incoming request.
"""

from __future__ import annotations

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.slack.translate import split_workspace_key

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
DEFAULT_SCOPES = ("app_mentions:read", "channels:history", "chat:write", "commands", "groups:history",
                  "im:history", "im:write", "users:read", "files:write")
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
