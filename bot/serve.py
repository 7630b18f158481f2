"""`python -m bot serve`: the aiohttp server (and Socket Mode, when SLACK_APP_TOKEN is set)."""

from __future__ import annotations

from aiohttp import web

from bot.config import Settings
from bot.context import AppContext
from bot.server import build_app


def run_serve(settings: Settings, host: str | None = None, port: int | None = None,
              with_scheduler: bool = True) -> int:
    async def make() -> web.Application:
        ctx = AppContext.create(settings)
        return build_app(ctx, with_scheduler=with_scheduler)

    web.run_app(make(), host=host or settings.host, port=port or settings.port)
    return 0
