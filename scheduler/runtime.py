"""Running the cycle: leader election, then APScheduler's asyncio scheduler with two persistent jobs.

`mount_scheduler(app, ctx)` hooks this into the one aiohttp app: started on app startup, stopped
on cleanup. Only the leader (see leader.py) starts APScheduler; the others retry leadership every
`retry_seconds`. Jobs live in the project's database (APScheduler's SQLAlchemy job store) under
fixed ids with `replace_existing=True`, misfire grace of hours and coalescing, so a restart across
a due time runs the scan once and late, not never and not twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aiohttp import web
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from scheduler import jobs
from scheduler.delivery import Deliverer
from scheduler.leader import Leadership
from storage.db import database_url, sync_url

if TYPE_CHECKING:
    from bot.context import AppContext

log = logging.getLogger(__name__)

JOB_DEFAULTS = {"misfire_grace_time": 6 * 3600, "coalesce": True, "max_instances": 1}


def scan_trigger(seconds: int) -> CronTrigger | IntervalTrigger:
    """Every minute at second 0 (every `seconds` when that is not a whole minute, as in tests)."""
    if seconds == 60:
        return CronTrigger(second=0, timezone=UTC)
    return IntervalTrigger(seconds=seconds, timezone=UTC)
JOBSTORE_TABLE = "apscheduler_jobs"


class CycleScheduler:
    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession],
                 deliverers: Mapping[str, Deliverer], clock: Callable[[], datetime], url: str | None, *,
                 key: str = "default", scan_seconds: int = 60, send_seconds: int = 15, retry_seconds: float = 30,
                 pace_seconds: float = 1.0) -> None:
        self.leadership = Leadership(engine)
        self.url = url
        self.key = key
        self.scan_seconds, self.send_seconds, self.retry_seconds = scan_seconds, send_seconds, retry_seconds
        self.runtime = jobs.CycleRuntime(sessions, deliverers, clock, pace_seconds=pace_seconds)
        self.scheduler: AsyncIOScheduler | None = None
        self._task: asyncio.Task[None] | None = None

    def _jobstore(self) -> SQLAlchemyJobStore:
        plain = sync_url(database_url(self.url)).render_as_string(hide_password=False)
        return SQLAlchemyJobStore(url=plain, tablename=JOBSTORE_TABLE)

    def _start_apscheduler(self) -> None:
        jobs.register(self.key, self.runtime)
        scheduler = AsyncIOScheduler(jobstores={"default": self._jobstore()}, job_defaults=dict(JOB_DEFAULTS),
                                     timezone=UTC)
        now = datetime.now(UTC)
        # Fixed ids + replace_existing: a restart updates the stored jobs instead of adding copies;
        # next_run_time=now makes the first scan catch up whatever fell due while nothing ran. The scan runs
        # on the minute (due times are whole hours), so a deadline is scanned when it falls, not up to a
        # minute later.
        scheduler.add_job(jobs.SCAN_REF, scan_trigger(self.scan_seconds), id=jobs.SCAN_JOB_ID,
                          args=[self.key], replace_existing=True, next_run_time=now)
        scheduler.add_job(jobs.SEND_REF, "interval", seconds=self.send_seconds, id=jobs.SEND_JOB_ID,
                          args=[self.key], replace_existing=True, next_run_time=now)
        scheduler.start()
        self.scheduler = scheduler

    def _stop_apscheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        jobs.unregister(self.key)

    async def step(self) -> bool:
        """One round of the supervisor: become leader (and start) or check we still are. True if leading."""
        if self.scheduler is None:
            if await self.leadership.try_acquire():
                self._start_apscheduler()
        elif not await self.leadership.check():
            self._stop_apscheduler()
        return self.scheduler is not None

    async def _supervise(self) -> None:
        while True:
            try:
                await self.step()
            except Exception:  # a database hiccup must not end leader election for good
                log.exception("scheduler leader election failed; trying again")
            await asyncio.sleep(self.retry_seconds)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._supervise())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._stop_apscheduler()
        await self.leadership.release()


SCHEDULER_KEY = web.AppKey("cycle_scheduler", CycleScheduler)


def mount_scheduler(app: web.Application, ctx: AppContext) -> None:
    """Start leader election + the scheduler on app startup; stop both on cleanup."""
    # ctx.deliverers is the live dict: adapters mounted before or after us register into it.
    cycle = CycleScheduler(ctx.engine, ctx.sessions, ctx.deliverers, ctx.clock, ctx.settings.database_url)
    app[SCHEDULER_KEY] = cycle

    async def on_startup(_app: web.Application) -> None:
        cycle.start()

    async def on_cleanup(_app: web.Application) -> None:
        await cycle.stop()

    app.on_startup.append(on_startup)
    # Before the context closes the engine (build_app registers that cleanup first; ours runs first).
    app.on_cleanup.insert(0, on_cleanup)
