"""The persistent APScheduler jobs: plain module-level functions referenced as "module:function".

APScheduler's job store keeps only the reference and the plain arguments (a runtime key), never
objects; each process registers its live runtime (database sessions, deliverers, clock) under
that key before the scheduler starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler.delivery import Deliverer
from scheduler.scan import ScanResult, scan
from scheduler.sender import Sender, SendResult

log = logging.getLogger(__name__)

SCAN_JOB_ID = "cycle-scan"
SEND_JOB_ID = "cycle-send"
SCAN_REF = "scheduler.jobs:scan_due"
SEND_REF = "scheduler.jobs:send_outbox"


@dataclass
class CycleRuntime:
    sessions: async_sessionmaker[AsyncSession]
    deliverers: Mapping[str, Deliverer]
    clock: Callable[[], datetime]
    pace_seconds: float = 1.0
    sender: Sender = field(init=False)

    def __post_init__(self) -> None:
        self.sender = Sender(self.sessions, self.deliverers, self.clock, pace_seconds=self.pace_seconds)


_RUNTIMES: dict[str, CycleRuntime] = {}


def register(key: str, runtime: CycleRuntime) -> None:
    _RUNTIMES[key] = runtime


def unregister(key: str) -> None:
    _RUNTIMES.pop(key, None)


async def scan_due(key: str = "default") -> ScanResult | None:
    runtime = _RUNTIMES.get(key)
    if runtime is None:  # a job loaded from the store before this process registered: nothing to do yet
        log.warning("no cycle runtime registered under %r", key)
        return None
    result = await scan(runtime.sessions, runtime.clock())
    if result.enqueued:
        # Deliver now rather than at the send job's next turn: at a deadline every second counts. Not beside
        # the scan: sharing the event loop with hundreds of deliveries stretched its transactions past a second.
        await runtime.sender.send_ready()
    return result


async def send_outbox(key: str = "default") -> SendResult | None:
    runtime = _RUNTIMES.get(key)
    if runtime is None:
        log.warning("no cycle runtime registered under %r", key)
        return None
    return await runtime.sender.send_ready()
