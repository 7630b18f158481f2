"""The coach in Microsoft Teams: POST /api/messages on the project's aiohttp server, and scheduled posts.

Built on the Microsoft 365 Agents SDK (`microsoft-agents-hosting-aiohttp`, `-activity`,
`-authentication-msal`): every SDK import of the project lives in this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.context import AppContext

if TYPE_CHECKING:
    from microsoft_agents.hosting.core import Connections

__all__ = ["MESSAGES_PATH", "mount_teams"]

MESSAGES_PATH = "/api/messages"


def mount_teams(app: web.Application, ctx: AppContext, *, connections: Connections | None = None) -> None:
    """Add POST /api/messages, register the Teams deliverer in `ctx.deliverers["teams"]`, and start the reply
    sweeper with the server.

    Raises ConfigError (naming the variables) when neither MICROSOFT_APP_ID nor
    TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV is set. `connections` replaces the SDK's MSAL token provider
    (tests, benches: no login.microsoftonline.com). Settings.extra's TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL
    points the token check at other signing keys (other clouds, a test's local endpoint).
    """
    # Imported here so `python -m bot teams-package` does not load the SDK.
    from bot.teams.adapter import build_adapter
    from bot.teams.agent import TeamsCoach
    from bot.teams.auth import TokenCheck, auth_required, sdk_configuration
    from bot.teams.delivery import TeamsDeliverer
    from bot.teams.files import FileConsent
    from bot.teams.guard import messages_handler
    from bot.teams.keys import SigningKeys
    from bot.teams.references import DeliveredMarks
    from bot.teams.sender import Sender
    from bot.teams.sweeper import ReplySweeper

    settings = ctx.settings
    adapter = build_adapter(settings, connections)
    sender = Sender()
    delivered = DeliveredMarks(ctx.sessions)
    deliverer = TeamsDeliverer(adapter, ctx.sessions, settings.microsoft_app_id, sender, ctx.clock)
    agent = TeamsCoach(ctx.service, ctx.sessions, settings, sender, delivered, deliverer,
                       FileConsent(ctx.sessions, sender, ctx.clock))
    tokens = None
    if auth_required(settings):
        keys = SigningKeys(settings.extra.get("TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL") or None)
        tokens = TokenCheck(sdk_configuration(settings), keys)
    app.router.add_post(MESSAGES_PATH, messages_handler(adapter, agent, tokens))
    ctx.deliverers["teams"] = deliverer
    ReplySweeper(deliverer, ctx.sessions, delivered).mount(app)
