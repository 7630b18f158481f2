"""The reply sweeper: replies that a turn saved but could not deliver are sent later, never dropped.

A turn's claim keeps its replies until Teams accepted them all. When the turn's own sending failed
and Teams did not send the activity again, or the process died on the way, the row stays `replying`
with its lease run out: every few seconds this task sends the rest where the turn's own replies went (in a
channel thread, into that thread as replies to the person's message; when Teams says the thread is gone, into
the channel as new posts; elsewhere, new messages in the conversation), with backoff as the outbox does, and
gives up only when Teams says the conversation is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.teams import references, translate
from bot.teams.delivery import TeamsDeliverer
from scheduler.delivery import DeliveryResult
from storage.models import utcnow

log = logging.getLogger(__name__)

INTERVAL = 15.0
MAX_ATTEMPTS = 12
_TASK_KEY = web.AppKey("teams_reply_sweeper", asyncio.Task)


def backoff(attempts: int) -> timedelta:
    """30 s, 1, 2, 4 ... minutes, at most an hour."""
    return min(timedelta(seconds=30 * 2 ** max(0, attempts - 1)), timedelta(hours=1))


class ReplySweeper:
    def __init__(self, deliverer: TeamsDeliverer, sessions: async_sessionmaker[AsyncSession],
                 delivered: references.DeliveredMarks, interval: float = INTERVAL,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.deliverer = deliverer
        self.sessions = sessions
        self.delivered = delivered
        self.interval = interval
        self.clock = clock

    async def sweep_once(self) -> int:
        """Send what is owed and due now; how many activities' replies went out."""
        await self.delivered.flush()  # what was sent but not marked yet is not owed
        now = self.clock()
        owed = await references.retrying(self.sessions, lambda s: references.claim_stale_replies(s, now))
        delivered = 0
        for row in owed:
            channel = translate.channel_of(row.conversation_id)
            async with self.sessions() as session:
                stored = await references.find_reference(session, row.tenant_id, channel)
            if stored is None:
                log.warning("Teams: replies of activity row %d dropped: the bot is no longer in %s", row.row_id,
                            channel)
                await references.retrying(self.sessions, lambda s, r=row: references.replies_failed(
                    s, r.row_id, r.sent, None, give_up=True))
                continue
            result, sent = await self._send(row, stored)
            if result.ok:
                delivered += 1
                self.delivered.mark(row.row_id)
                continue
            give_up = result.permanent or row.attempts + 1 >= MAX_ATTEMPTS
            log.warning("Teams: owed replies of activity row %d still not delivered (%s)%s", row.row_id,
                        result.error, "; giving up" if give_up else "")
            await references.retrying(self.sessions, lambda s, r=row, n=sent, g=give_up: references.replies_failed(
                s, r.row_id, n, None if g else now + backoff(r.attempts + 1), give_up=g))
        return delivered

    async def _send(self, row: references.OwedReplies, stored: dict[str, Any]) -> tuple[DeliveryResult, int]:
        """Send the rest of the row's replies where the turn's own went: into the channel thread the person
        wrote in (as replies to their message), or else the conversation; when Teams says the thread is gone
        (403/404), into the channel as new posts. The outcome, and how many replies are sent by now."""
        if not translate.is_thread(row.conversation_id):
            result, count = await self.deliverer.send_counted(stored, row.replies[row.sent:], row.tenant_id)
            return result, row.sent + count
        result, count = await self.deliverer.send_counted(stored, row.replies[row.sent:], row.tenant_id,
                                                          thread=row.conversation_id, reply_to=row.activity_id)
        sent = row.sent + count
        if result.ok or not result.permanent:
            return result, sent
        log.info("Teams: the thread of activity row %d is gone (%s); its %d owed replies go to the channel",
                 row.row_id, result.error, len(row.replies) - sent)
        result, count = await self.deliverer.send_counted(stored, row.replies[sent:], row.tenant_id)
        return result, sent + count

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.sweep_once()
            except Exception:  # a sweep that failed is tried again at the next interval
                log.exception("Teams: the reply sweep failed")

    def mount(self, app: web.Application) -> None:
        async def start(app: web.Application) -> None:
            app[_TASK_KEY] = asyncio.create_task(self.run(), name="teams-reply-sweeper")

        async def stop(app: web.Application) -> None:
            task = app.get(_TASK_KEY)
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await self.delivered.close()

        app.on_startup.append(start)
        app.on_cleanup.append(stop)
