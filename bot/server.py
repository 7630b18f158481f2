"""The project's one aiohttp server: Slack at /slack/*, Teams at /api/messages, /healthz, the strategy documents
the leadership summary links to (/documents/<token>), the scheduler.

Adapters are mounted, not started (bolt's own server only chains translate -> dispatch -> translate).
"""

from __future__ import annotations

import gc
import logging

from aiohttp import web

from bot.context import AppContext
from bot.document.serve import mount_documents

log = logging.getLogger(__name__)

CONTEXT_KEY = web.AppKey("coach_context", AppContext)


async def healthz(request: web.Request) -> web.Response:
    ctx = request.app[CONTEXT_KEY]
    from sqlalchemy import text

    try:
        async with ctx.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # a health check reports, it does not crash
        return web.json_response({"ok": False, "database": str(exc)[:200]}, status=503)
    return web.json_response({"ok": True, "slack": ctx.settings.slack_enabled, "teams": ctx.settings.teams_enabled})


def build_app(ctx: AppContext, with_scheduler: bool = True) -> web.Application:
    app = web.Application()
    app[CONTEXT_KEY] = ctx
    app.router.add_get("/healthz", healthz)
    mount_documents(app, ctx)
    if ctx.settings.slack_enabled:
        from bot.slack import mount_slack

        mount_slack(app, ctx)
    if ctx.settings.teams_enabled:
        from bot.teams import mount_teams

        mount_teams(app, ctx)
    from bot.console_delivery import ConsoleDeliverer

    ctx.deliverers.setdefault("console", ConsoleDeliverer())
    if with_scheduler and ctx.settings.scheduler_enabled:
        try:
            from scheduler.runtime import mount_scheduler
        except ImportError:  # the scheduler is built in its own issue; serve works without it
            log.warning("scheduler not available in this build; scheduled messages are off")
        else:
            mount_scheduler(app, ctx)

    async def freeze_startup_objects(_app: web.Application) -> None:
        # Everything built at start-up (flow, machine, libraries) lives as long as the process: keeping it
        # out of the collector's generations keeps later full collections short, and with them the acks.
        gc.collect()
        gc.freeze()

    async def close_context(_app: web.Application) -> None:
        await ctx.close()

    app.on_startup.append(freeze_startup_objects)
    app.on_cleanup.append(close_context)
    return app
