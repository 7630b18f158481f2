"""The coach in Microsoft Teams: POST /api/messages on the project's aiohttp server, and scheduled posts.

Every botbuilder import of the project lives in this package (botbuilder-python 4.17.1 is out of
support; the move to the Microsoft 365 Agents SDK should touch nothing else).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.context import AppContext

if TYPE_CHECKING:
    from botframework.connector.auth import ServiceClientCredentialsFactory

    from bot.teams.adapter import TeamsEndpoints

__all__ = ["MESSAGES_PATH", "mount_teams"]

MESSAGES_PATH = "/api/messages"


def mount_teams(app: web.Application, ctx: AppContext, *, endpoints: TeamsEndpoints | None = None,
                credentials_factory: ServiceClientCredentialsFactory | None = None) -> None:
    """Add POST /api/messages and register the Teams deliverer in `ctx.deliverers["teams"]`.

    Raises ConfigError (naming the variables) when neither MICROSOFT_APP_ID nor
    TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV is set. `endpoints` (a `TeamsEndpoints`) and
    `credentials_factory` (a botframework `ServiceClientCredentialsFactory`) point the Bot Framework's
    token endpoints elsewhere: other clouds, or a test's fakes.
    """
    # Imported here so `python -m bot teams-package` does not load botbuilder.
    from bot.teams.adapter import auth_required, build_adapter
    from bot.teams.auth_guard import guarded
    from bot.teams.bot import TeamsCoachBot
    from bot.teams.delivery import TeamsDeliverer

    settings = ctx.settings
    adapter = build_adapter(settings, endpoints, credentials_factory)
    bot = TeamsCoachBot(ctx.service, ctx.sessions, settings)
    app.router.add_post(MESSAGES_PATH, guarded(adapter, bot, require_token=auth_required(settings)))
    ctx.deliverers["teams"] = TeamsDeliverer(adapter, ctx.sessions, settings.microsoft_app_id)
