"""The coach in Slack: `mount_slack` puts the bolt app on the project's aiohttp server.

Routes: POST /slack/events (events, slash command, interactivity and options on one URL), and with
OAuth configured GET /slack/install and /slack/oauth_redirect. Socket Mode when SLACK_APP_TOKEN is set.
The turns run in a worker process of their own (`bot/slack/turn_worker.py`) unless settings say
otherwise; then on this server's event loop, after the ack.
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
from bot.slack.oauth import INSTALL_PATH, REDIRECT_PATH
from bot.slack.recovery import recover_forever
from bot.slack.turn_worker import TurnWorker

__all__ = ["SLACK_KEY", "TURN_WORKER_KEY", "SlackCoach", "mount_slack"]

log = logging.getLogger(__name__)

SLACK_KEY = web.AppKey("slack_coach", SlackCoach)
TURN_WORKER_KEY = web.AppKey("slack_turn_worker", TurnWorker)  # only when the turns run in a worker


def mount_slack(app: web.Application, ctx: AppContext) -> None:
    """Mount the Slack adapter and register its `Deliverer` for scheduled posts."""
    coach = SlackCoach(ctx)
    app[SLACK_KEY] = coach
    ctx.deliverers["slack"] = SlackDeliverer(coach.tokens, ctx.sessions)

    async def dispatch(request: web.Request) -> web.Response:
        checked = await coach.check.bolt_request(request)  # the signature before the body is parsed
        if isinstance(checked, web.Response):
            return checked
        return await to_aiohttp_response(await coach.app.async_dispatch(checked))

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

    worker = TurnWorker(ctx.settings) if ctx.settings.slack_turn_worker else None
    if worker is not None:
        app[TURN_WORKER_KEY] = worker
        coach.hand_off = worker.hand_off

    async def start(_app: web.Application) -> None:
        # One HTTP connection pool for every Web API call (slack_sdk opens a session per call otherwise).
        coach.client.session = ClientSession()
        if worker is not None:
            await worker.start()  # the worker runs the recovery pass, with the turns
        else:
            coach.tasks.add(asyncio.create_task(recover_forever(coach)))

    async def stop(_app: web.Application) -> None:
        if worker is not None:
            await worker.stop()
        for task in list(coach.tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if coach.client.session is not None:
            await coach.client.session.close()
        await coach.inbox.close()

    app.on_startup.append(start)
    app.on_cleanup.insert(0, stop)
