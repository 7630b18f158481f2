"""The sender: drains the outbox through each team's platform deliverer.

Rows are claimed in batches, delivered concurrently (but one at a time per channel or person, at
about one per second, as Slack asks), and their outcomes written back in one transaction per batch.
A deliverer that raises counts as a temporary failure: the row is retried, never dropped.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler import payload
from scheduler.delivery import Deliverer, Destination
from scheduler.outbox import Outcome, claim, record
from storage.cycle_models import OutboxMessage

log = logging.getLogger(__name__)

BATCH = 500  # rows claimed per transaction (production; the fan-out bench runs with these too)
CONCURRENCY = 64  # deliveries in flight at once


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0


class Sender:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], deliverers: Mapping[str, Deliverer],
                 clock: Callable[[], datetime], *, batch: int = BATCH, concurrency: int = CONCURRENCY,
                 pace_seconds: float = 1.0, worker: str | None = None) -> None:
        self.sessions = sessions
        self.deliverers = deliverers
        self.clock = lambda: clock().astimezone(UTC)  # SQLite keeps no zone: everything stored is UTC
        self.batch = batch
        self.concurrency = concurrency
        self.pace_seconds = pace_seconds
        self.worker = worker or f"sender-{uuid.uuid4().hex[:10]}"
        # One drain at a time in this process: the scan's kick and the interval job never claim side by side.
        self._draining = asyncio.Lock()
        self.longest_transaction = 0.0  # seconds, for the benchmark

    async def _deliver(self, row: OutboxMessage) -> Outcome:
        deliverer = self.deliverers.get(row.platform)
        if deliverer is None:  # the adapter is not mounted in this process (yet): try again later
            return Outcome(row.id, ok=False, error=f"no deliverer for platform {row.platform!r}")
        destination = Destination(platform=row.platform, workspace=row.workspace, team=row.team_external,
                                  kind=row.dest_kind, address=row.address)
        try:
            result = await deliverer.deliver(destination, payload.load(row.payload))
        except Exception as exc:  # a crashing adapter must not lose the post
            log.exception("deliverer %s failed for outbox row %s", row.platform, row.id)
            return Outcome(row.id, ok=False, error=f"{type(exc).__name__}: {exc}")
        return Outcome(row.id, ok=result.ok, message_id=result.message_id, error=result.error,
                       retry_after=result.retry_after, permanent=result.permanent)

    async def _deliver_all(self, rows: list[OutboxMessage]) -> list[Outcome]:
        # One queue per destination keeps posts to one channel in order and paced; queues run side by side.
        queues: dict[tuple[str, str, str], list[OutboxMessage]] = defaultdict(list)
        for row in rows:
            queues[(row.platform, row.workspace, row.address)].append(row)
        limit = asyncio.Semaphore(self.concurrency)
        outcomes: list[Outcome] = []

        async def drain(queue: list[OutboxMessage]) -> None:
            for n, row in enumerate(queue):
                if n and self.pace_seconds:
                    await asyncio.sleep(self.pace_seconds)
                async with limit:
                    outcomes.append(await self._deliver(row))

        await asyncio.gather(*(drain(q) for q in queues.values()))
        return outcomes

    async def send_ready(self, max_batches: int = 1000) -> SendResult:
        """Deliver everything due now; returns how many were sent and how many failed this time."""
        async with self._draining:
            return await self._drain(max_batches)

    async def _drain(self, max_batches: int) -> SendResult:
        result = SendResult()
        for _ in range(max_batches):
            began = time.perf_counter()
            async with self.sessions() as session, session.begin():
                rows = await claim(session, self.clock(), self.worker, self.batch)
            self._took(began)
            if not rows:
                break
            outcomes = await self._deliver_all(rows)
            began = time.perf_counter()
            async with self.sessions() as session, session.begin():
                await record(session, {r.id: r for r in rows}, outcomes, self.clock(), self.worker)
            self._took(began)
            result.sent += sum(o.ok for o in outcomes)
            result.failed += sum(not o.ok for o in outcomes)
        return result

    def _took(self, began: float) -> None:
        self.longest_transaction = max(self.longest_transaction, time.perf_counter() - began)
