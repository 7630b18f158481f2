"""The Agents SDK's CloudAdapter, configured from Settings (see `auth.py` for the settings' mapping).

The adapter runs each turn inside the POST and sends through the Bot Connector; its token provider
(`connections`) is MSAL on the service connection, or what a test or bench puts in its place.
"""

from __future__ import annotations

import logging

from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import Connections, TurnContext

from bot.config import Settings
from bot.teams.auth import auth_required, connection_manager, sdk_configuration

log = logging.getLogger(__name__)


async def _reraise(_context: TurnContext, error: Exception) -> None:
    # The SDK's default handler posts "Exception caught : <error>" into the chat and answers 202: the
    # person would read our internals, and Teams would not send the activity again. The agent already
    # apologised; the request's handler turns the error into the right status.
    raise error


def build_adapter(settings: Settings, connections: Connections | None = None) -> CloudAdapter:
    """A CloudAdapter on the settings' service connection (or on `connections`, for tests and benches)."""
    configuration = sdk_configuration(settings)
    if not auth_required(settings):
        log.warning("Teams: TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV is on and no MICROSOFT_APP_ID is set; "
                    "/api/messages accepts UNSIGNED requests. Local development only.")
    adapter = CloudAdapter(connection_manager=connections or connection_manager(configuration))
    adapter.on_turn_error = _reraise
    return adapter
