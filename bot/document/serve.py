"""`GET /documents/<token>`: the team's current strategy document, rendered when the link is opened.

The PDF by default (shown in the browser), `?format=docx` for Word (downloaded). The token (made by
bot/document/links.py for the leadership summary) says which team; the document is built from the
answers as they are now, so a link from last month's summary opens this month's strategy.

Reading the answers is async like every request; the rendering (a few hundred milliseconds of CPU) runs
in one worker thread of its own, so Slack's acks, Teams' activities and /healthz go on meanwhile and a
burst of clicks queues for that thread instead of filling the loop's shared executor.
"""

from __future__ import annotations

import asyncio
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.context import AppContext
from bot.document import pages
from bot.document.build import FORMATS, filename, render, team_strategy
from bot.document.commands import MIME
from bot.document.links import LIFETIME, PATH, BadToken, link_key, read_token
from storage.models import Team

log = logging.getLogger(__name__)

_TOKEN_IN_PATH = re.compile(re.escape(PATH) + r"[^\s?\"]+")


class _HideTokens(logging.Filter):
    """The access log shows `/documents/…`: a token in a log file is a link anyone reading it could open."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and PATH in record.msg:
            record.msg = _TOKEN_IN_PATH.sub(PATH + "…", record.msg)
        return True


def _local_date(team: Team, now: datetime) -> date:
    try:
        return now.astimezone(ZoneInfo(team.timezone or "Europe/Amsterdam")).date()
    except (KeyError, ValueError):  # an unknown zone in an old row: the UTC date is one day off at most
        return now.date()


class DocumentEndpoint:
    def __init__(self, ctx: AppContext, key: bytes) -> None:
        self.ctx, self.key = ctx, key
        self.renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="document-render")

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        try:
            team_id = read_token(self.key, request.match_info["token"], self.ctx.clock())
        except BadToken as refused:
            return await self._refused(refused)
        fmt = request.query.get("format", "pdf").strip().lower()
        if fmt not in FORMATS:
            return pages.page(400, pages.FORMAT)
        try:
            return await self._document(request, team_id, fmt)
        except Exception:  # the database away, a render that fails: a page saying so, not a stack trace
            log.exception("the %s of team %s could not be made", fmt, team_id)
            return pages.page(503, pages.FAILED)

    async def _document(self, request: web.Request, team_id: int, fmt: str) -> web.Response:
        async with self.ctx.sessions() as session:
            team = await session.get(Team, team_id)
            if team is None:
                log.info("document link of a team no longer here: team %s", team_id)
                return pages.page(404, pages.GONE)
            strategy = await team_strategy(session, team, _local_date(team, self.ctx.clock()), self.ctx.flow)
        if strategy.is_empty:
            log.info("document link of a team without a strategy yet: team %s", team_id)
            return pages.page(404, pages.NO_STRATEGY, team.language, team=team.name or team.external_id)
        name = filename(strategy, fmt)
        headers = {"Content-Disposition": f'{"inline" if fmt == "pdf" else "attachment"}; filename="{name}"',
                   "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"}
        if request.method == "HEAD":  # link previews ask for the type; no need to render for them
            return web.Response(content_type=MIME[fmt], headers=headers)
        log.debug("rendering the %s of team %s", fmt, team_id)
        data = await asyncio.get_running_loop().run_in_executor(self.renderer, render, strategy, fmt)
        log.info("strategy document fetched: team %s, format %s", team_id, fmt)
        return web.Response(body=data, content_type=MIME[fmt], headers=headers)

    async def _refused(self, refused: BadToken) -> web.Response:
        if not refused.expired:
            log.info("document link refused: %s", refused)
            return pages.page(403, pages.INVALID)
        async with self.ctx.sessions() as session:
            team = await session.get(Team, refused.team_id)
        log.info("expired document link: team %s", refused.team_id)
        if team is None:
            return pages.page(403, pages.INVALID)
        return pages.page(403, pages.EXPIRED, team.language, team=team.name or team.external_id, days=LIFETIME.days)

    async def close(self, _app: web.Application) -> None:
        self.renderer.shutdown(wait=False, cancel_futures=True)


def mount_documents(app: web.Application, ctx: AppContext) -> bool:
    """Adds the route when a key signs document links (the links themselves also need PUBLIC_URL)."""
    key = link_key(ctx.settings)
    if key is None:
        return False
    endpoint = DocumentEndpoint(ctx, key)
    app.router.add_get(PATH + "{token}", endpoint)
    app.on_cleanup.append(endpoint.close)
    access = logging.getLogger("aiohttp.access")
    if not any(isinstance(f, _HideTokens) for f in access.filters):
        access.addFilter(_HideTokens())
    return True
