"""The coach in Slack: `mount_slack` puts the bolt app on the project's aiohttp server.

Routes: POST /slack/events (events, slash command, interactivity and options on one URL), and with
OAuth configured GET /slack/install and /slack/oauth_redirect. Socket Mode when SLACK_APP_TOKEN is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiohttp import ClientSession, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from bot.context import AppContext
from bot.slack.app import SlackCoach
from bot.slack.delivery import SlackDeliverer
from bot.slack.inbox import LEASE
from bot.slack.oauth import INSTALL_PATH, REDIRECT_PATH

__all__ = ["SLACK_KEY", "SlackCoach", "mount_slack"]

log = logging.getLogger(__name__)

SLACK_KEY = web.AppKey("slack_coach", SlackCoach)


def mount_slack(app: web.Application, ctx: AppContext) -> None:
    """Mount the Slack adapter and register its `Deliverer` for scheduled posts."""
    coach = SlackCoach(ctx)
    app[SLACK_KEY] = coach
    ctx.deliverers["slack"] = SlackDeliverer(coach.tokens, ctx.sessions)

    async def dispatch(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await coach.app.async_dispatch(await to_bolt_request(request)))

    async def install(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await oauth.handle_installation(await to_bolt_request(request)))

    async def callback(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await oauth.handle_callback(await to_bolt_request(request)))

    app.router.add_post("/slack/events", dispatch)
    oauth = coach.app.oauth_flow
    if oauth is not None:  # bolt's own server routes these two GETs to the OAuth flow the same way
        app.router.add_get(INSTALL_PATH, install)
        app.router.add_get(REDIRECT_PATH, callback)
    if ctx.settings.slack_app_token:
        from bot.slack.socket_mode import attach_socket_mode

        attach_socket_mode(app, coach.app, ctx.settings.slack_app_token)

    async def start(_app: web.Application) -> None:
        # One HTTP connection pool for every Web API call (slack_sdk opens a session per call otherwise).
        coach.client.session = ClientSession()
        recovery = asyncio.create_task(_recover_forever(coach))
        coach.tasks.add(recovery)

    async def stop(_app: web.Application) -> None:
        for task in list(coach.tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if coach.client.session is not None:
            await coach.client.session.close()
        await coach.inbox.close()

    app.on_startup.append(start)
    app.on_cleanup.insert(0, stop)


async def _recover_forever(coach: SlackCoach) -> None:
    """At startup, and then every half lease: inbox rows acknowledged but never finished (a crash, a restart);
    and finished rows older than a week are pruned."""
    startup = True
    while True:
        try:
            taken = await coach.recover(startup)
            startup = False
            if taken:
                log.info("slack inbox: recovered %d unprocessed deliveries", taken)
            pruned = await coach.inbox.prune()
            if pruned:
                log.info("slack inbox: pruned %d finished deliveries", pruned)
        except Exception:
            log.exception("slack inbox recovery failed; trying again later")
        await asyncio.sleep(LEASE.total_seconds() / 2)
