"""The inbox's recovery pass, run forever by whoever runs the turns (the server, or its turn worker)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from bot.slack.inbox import LEASE

if TYPE_CHECKING:
    from bot.slack.app import SlackCoach

log = logging.getLogger(__name__)


async def recover_forever(coach: SlackCoach, stop: asyncio.Event | None = None) -> None:
    """At startup, and then every half lease: inbox rows acknowledged but never finished (a crash, a restart);
    and finished rows older than a week are pruned. Returns between two passes once `stop` is set (a pass
    cancelled halfway could leave a reply posted but not recorded as posted)."""
    stop = stop or asyncio.Event()
    startup = True
    while not stop.is_set():
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
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), LEASE.total_seconds() / 2)
