"""The scheduler starts with the one aiohttp app (as `serve` and `scheduler` run it) and stops with it."""

import asyncio

from aiohttp import web

from bot.config import Settings
from bot.context import AppContext
from bot.server import build_app
from scheduler.runtime import SCHEDULER_KEY


async def _until(predicate) -> None:  # type: ignore[no-untyped-def]
    while not predicate():
        await asyncio.sleep(0.01)


async def test_the_app_starts_apscheduler_on_startup_and_stops_it_on_cleanup(db_url):
    ctx = AppContext.create(Settings(database_url=db_url))
    app = build_app(ctx)
    cycle = app[SCHEDULER_KEY]
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await asyncio.wait_for(_until(lambda: cycle.scheduler is not None), timeout=30)
        assert cycle.scheduler.running
    finally:
        await runner.cleanup()
    assert cycle.scheduler is None
