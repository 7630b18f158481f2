"""Socket Mode (SLACK_APP_TOKEN set): Slack's events arrive over a WebSocket the app opens itself,
for local use behind a firewall. The same bolt app, middleware and inbox handle them; only the
transport differs, and it runs inside the project's aiohttp server's lifetime.
"""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp


def attach_socket_mode(app: web.Application, bolt_app: AsyncApp, app_token: str) -> AsyncSocketModeHandler:
    handler = AsyncSocketModeHandler(bolt_app, app_token)

    async def connect(_app: web.Application) -> None:
        await handler.connect_async()

    async def close(_app: web.Application) -> None:
        await handler.close_async()

    app.on_startup.append(connect)
    app.on_shutdown.append(close)
    return handler
