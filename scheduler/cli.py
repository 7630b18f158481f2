"""`python -m bot scheduler` (the scheduler as its own process) and `python -m bot simulate`."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

from aiohttp import web

from bot.config import Settings


async def _run_headless(settings: Settings) -> None:
    from bot.context import AppContext
    from bot.server import build_app

    ctx = AppContext.create(settings)
    # The same app as `serve`, so the platform adapters register their deliverers; set up (which
    # runs the startup hooks: leader election, APScheduler) but never bound to a port.
    app = build_app(ctx, with_scheduler=True)
    runner = web.AppRunner(app)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def run_scheduler_only(settings: Settings) -> int:
    if not settings.scheduler_enabled:
        print("the scheduler is disabled (COACH_SCHEDULER_DISABLED is set)", file=sys.stderr)
        return 2
    asyncio.run(_run_headless(settings))
    return 0


def run_simulation(settings: Settings, months: int, team: str | None, start: str | None = None,
                   language: str = "nl", out: str | None = None, full: bool = False) -> int:
    from datetime import date, datetime, time
    from pathlib import Path

    from scheduler.simulate import simulate, temporary_database
    from scheduler.timing import zone

    if not 1 <= months <= 36:
        print("--months must be between 1 and 36", file=sys.stderr)
        return 2
    begin = None
    if start:
        try:
            begin = datetime.combine(date.fromisoformat(start), time(0), tzinfo=zone("Europe/Amsterdam"))
        except ValueError:
            print(f"--start must be a date like 2027-01-01, not {start!r}", file=sys.stderr)
            return 2
    url = temporary_database()  # never the real database: the demo team and its posts are made up
    asyncio.run(simulate(months, team or "demo", sys.stdout, url, start=begin, language=language,
                         out_dir=Path(out) if out else None, full=full))
    return 0
