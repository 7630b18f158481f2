"""The inbox: every answer Slack delivers is a row before Slack gets its 200, processed exactly once.

Three retry cases (agno PR #10073): a duplicate of a processed delivery is skipped; a retry whose
first delivery never reached us (no row) is processed; a retry that arrives while the first is still
being processed (row exists, not processed, recent) is skipped.

Exactly once without a separate claim: the turn marks its row processed *inside the turn's own
transaction* (`mark_processed`, the service's `in_transaction` hook), with a conditional UPDATE
(`status = 'received'`). Whoever runs the row's turn second (the request's background task, a Slack
retry taken over after `LEASE`, the recovery pass, another process) finds the row processed, raises
`AlreadyProcessed`, and its whole turn rolls back. The same UPDATE stamps `claimed_at`: posting is
then this process's; it renews the stamp while it posts (`posting`, however long Slack makes it
wait), and a row left processed by a process that died is taken over (`claim_posting`) once the stamp
is older than `LEASE` (30 s; the recovery pass looks every 15 s).

All statements are Core, built once at import (as in storage/turns.py): per event the ack path is
one INSERT (in autocommit: no BEGIN or COMMIT around it), the turn adds one UPDATE to its own
transaction, and posting ends in one transaction.
The ack path's INSERT runs on a connection kept for it, straight on the driver (`DriverInsert`): a
pool checkout, a transaction object and SQLAlchemy's execution path per event cost more than the
insert itself (on SQLite, with 10 ms pauses between events: 1.22 ms per insert before, 0.56 ms now).
On SQLite that INSERT waits out another process's write (the turn worker's, well under a millisecond)
by trying again every 50 µs, not with SQLite's busy handler, whose first pause is a whole millisecond.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.slack.translate import Delivery
from storage.driver_insert import DriverInsert
from storage.models import as_utc
from storage.slack_models import SlackInbox
from storage.sqlite_inline import BUSY_TIMEOUT_MS, is_locked

log = logging.getLogger(__name__)

UNDELIVERED = "undelivered"  # a status: Slack did not take the row's replies, tried for the whole retry policy
RETRYING = "retrying: "  # the error of a processed row while its replies are tried again (with the reason)
# Whoever posts a row's replies renews its claim every third of this (`Inbox.posting`), however long Slack makes
# it wait; a claim older than this is a dead process's, and recovery takes the row over.
LEASE = timedelta(seconds=30)
# A received row younger than this is most likely being processed right now (by this or another process);
# the periodic recovery pass leaves it alone. (Taking it anyway would be safe, only wasted: one turn rolls back.)
IN_FLIGHT = timedelta(seconds=30)
# Finished rows are kept this long, then pruned: Slack retries within minutes; the rest is for looking back.
KEEP_DONE = timedelta(days=7)
INSERT_ATTEMPTS = 5  # a locked SQLite or a dropped PostgreSQL connection is tried again, on a fresh connection
KEPT_CONNECTIONS = 2  # ack-path connections kept out of the pool; more at once are checked out and back in
LOCK_POLL_S = 0.00005  # SQLite: how often the ack's INSERT tries again while another process writes
LOCK_WAIT_S = BUSY_TIMEOUT_MS / 1000  # and for how long, as SQLite's busy handler waits everywhere else

T = SlackInbox.__table__
_INSERTED = ("delivery_key", "workspace", "channel", "client_msg_id", "kind", "payload", "status", "received_at",
             "sent")
_BY_KEY = select(T.c.id, T.c.status, T.c.received_at, T.c.claimed_at).where(T.c.delivery_key == bindparam("key"))
_BY_KEY_OR_MESSAGE = select(T.c.id, T.c.status, T.c.received_at, T.c.claimed_at).where(or_(
    T.c.delivery_key == bindparam("key"),
    and_(T.c.workspace == bindparam("workspace"), T.c.channel == bindparam("channel"),
         T.c.client_msg_id == bindparam("client_msg_id")),
))
_PROCESSED = (
    update(T).where(T.c.id == bindparam("row_id"), T.c.status == "received")
    .values(status=bindparam("status"), outgoing=bindparam("outgoing"), sent=0, claimed_at=bindparam("now"))
)
_EARLIER = T.alias("earlier")
# The same, only if no earlier delivery of the channel waits still: a team's turns commit in the order they came.
_PROCESSED_IN_ORDER = _PROCESSED.where(~select(_EARLIER.c.id).where(
    _EARLIER.c.workspace == bindparam("ws"), _EARLIER.c.channel == bindparam("ch"),
    _EARLIER.c.id < bindparam("row_id"), _EARLIER.c.status == "received").exists())
_STATUS = select(T.c.status).where(T.c.id == bindparam("row_id"))
_CLAIM_POSTING = (
    update(T).where(T.c.id == bindparam("row_id"), T.c.status == "processed",
                    or_(T.c.claimed_at.is_(None), T.c.claimed_at < bindparam("expired")))
    .values(claimed_at=bindparam("now"))
)
_RENEW = (update(T).where(T.c.id.in_(bindparam("row_ids", expanding=True)), T.c.status == "processed")
          .values(claimed_at=bindparam("now")))
_ROW = select(T.c.outgoing, T.c.sent).where(T.c.id == bindparam("row_id"))
_DONE = update(T).where(T.c.id == bindparam("row_id")).values(status="done", error=bindparam("error"))
_FAILED_TURN = (update(T).where(T.c.id == bindparam("row_id"), T.c.status == "received")
                .values(status="done", error=bindparam("error")))
_PENDING = (
    select(T.c.id, T.c.status, T.c.payload)
    .where(or_(and_(T.c.status == "received", T.c.received_at <= bindparam("received_before")),
               and_(T.c.status == "processed",
                    or_(T.c.claimed_at.is_(None), T.c.claimed_at < bindparam("expired")))))
    .order_by(T.c.id).limit(bindparam("limit"))
)
_MESSAGE_RECEIVED = select(T.c.id).where(T.c.workspace == bindparam("workspace"), T.c.channel == bindparam("channel"),
                                        T.c.client_msg_id == bindparam("client_msg_id")).limit(1)
_RECEIVED_PAYLOAD = select(T.c.payload).where(T.c.id == bindparam("row_id"), T.c.status == "received")
_PRUNE = delete(T).where(T.c.status == "done", T.c.received_at < bindparam("before"))
# Rows of a channel whose replies Slack did not take: finally (undelivered), or not yet (being tried again).
_NOT_DELIVERED = (
    select(T.c.id, T.c.status, T.c.outgoing, T.c.sent)
    .where(T.c.workspace == bindparam("workspace"), T.c.channel == bindparam("channel"), T.c.id != bindparam("row_id"),
           or_(T.c.status == UNDELIVERED, and_(T.c.status == "processed", T.c.error.like(f"{RETRYING}%"))))
    .order_by(T.c.id.desc()).limit(5)
)
# A team's deliveries are turned in the order they came in, whichever process took each one.
_EARLIER_RECEIVED = (select(T.c.id).where(T.c.workspace == bindparam("workspace"), T.c.channel == bindparam("channel"),
                                          T.c.id < bindparam("row_id"), T.c.status == "received")
                     .order_by(T.c.id).limit(20))
_UNDELIVERED = (update(T).where(T.c.id == bindparam("row_id"))
                .values(status=UNDELIVERED, error=bindparam("error")))
_ASKED_AGAIN = (update(T).where(T.c.id == bindparam("row_id"), T.c.status == UNDELIVERED)
                .values(status="done"))


class AlreadyProcessed(Exception):
    """Another turn of this inbox row committed first; this one must roll back (raised inside the turn)."""


class EarlierWaiting(Exception):
    """An earlier delivery of the same channel has not been turned yet: this turn rolls back, that one goes first."""


@dataclass(frozen=True)
class Recorded:
    row_id: int | None  # the row to process now; None: skip (duplicate, or still being processed)
    reason: str  # new | duplicate | in_progress | taken_over


@dataclass(frozen=True)
class Pending:
    row_id: int
    status: str  # received: the turn never committed | processed: its messages are (partly) unposted
    delivery: Delivery


@dataclass(frozen=True)
class NotDelivered:
    row_id: int
    final: bool  # True: given up (undelivered); False: still being tried again
    unsent: list[dict[str, Any]]  # its messages Slack has not taken, a question among them


class Inbox:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.clock = clock
        # Connections between two acks, out of the pool, each with its driver connection (asking the
        # AsyncConnection for it again is a greenlet hand-off per ack).
        self._kept: list[tuple[AsyncConnection, Any]] = []
        self._insert_row = DriverInsert(T, _INSERTED, engine.dialect)
        self._dbapi = engine.dialect.loaded_dbapi
        self._sqlite = engine.dialect.name == "sqlite"
        self._posting: set[int] = set()  # rows whose replies this process posts now (`posting`)
        self._renewer: asyncio.Task[None] | None = None

    async def record(self, delivery: Delivery) -> Recorded:
        """Insert the delivery (before the ack); on a conflict decide which retry case this is."""
        now = self.clock()
        row_id = await self._insert({
            "delivery_key": delivery.key, "workspace": delivery.workspace, "channel": delivery.channel,
            "client_msg_id": delivery.client_msg_id, "kind": delivery.kind, "payload": delivery.to_json(),
            "status": "received", "received_at": now, "sent": 0,
        })
        if row_id is not None:
            return Recorded(row_id, "new")
        return await self._retry_case(delivery, now)

    async def _insert(self, row: dict[str, Any]) -> int | None:
        """The new row's id, or None if its delivery (or message) is in the inbox already."""
        for attempt in range(INSERT_ATTEMPTS):
            # Concurrent acks each take their own connection: PostgreSQL commits several at once.
            connection, driver = self._kept.pop() if self._kept else await self._connect()
            try:
                row_id: int | None = await self._insert_waiting_out_writers(driver, row)
            except self._dbapi.IntegrityError:
                row_id = None
            except self._dbapi.Error as error:  # locked by another writer, or the connection is gone
                await _drop(connection)
                if attempt == INSERT_ATTEMPTS - 1:
                    raise
                log.info("inbox insert failed (%s); trying again on a fresh connection", error)
                await asyncio.sleep(0.001 * (attempt + 1))
                continue
            except BaseException:  # cancelled mid-insert: the driver rolled back; SQLAlchemy can't know that
                await _drop(connection)
                raise
            await self._keep(connection, driver)
            return row_id
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _insert_waiting_out_writers(self, driver: Any, row: dict[str, Any]) -> int:
        deadline = time.perf_counter() + LOCK_WAIT_S
        while True:
            try:
                return await self._insert_row.run(driver, row)
            except self._dbapi.OperationalError as error:
                if not (self._sqlite and is_locked(error) and time.perf_counter() < deadline):
                    raise
            # Blocking, on purpose: the lock is another process's (this loop's own turns never hold it across
            # an await), and the loop's timers could not wake us sooner than in a millisecond.
            time.sleep(LOCK_POLL_S)

    async def _connect(self) -> tuple[AsyncConnection, Any]:
        connection = await self.engine.connect()
        driver = (await connection.get_raw_connection()).driver_connection
        await driver.set_autocommit(True)  # the INSERT is a transaction of its own (`DriverInsert`)
        if self._sqlite:  # a locked database is reported at once; `_insert_waiting_out_writers` polls
            await driver.execute("PRAGMA busy_timeout=0")
        return connection, driver

    async def _keep(self, connection: AsyncConnection, driver: Any) -> None:
        if len(self._kept) < KEPT_CONNECTIONS:
            self._kept.append((connection, driver))
        else:
            await self._give_back(connection, driver)

    async def _give_back(self, connection: AsyncConnection, driver: Any) -> None:
        try:  # the pool's other users get transactions, and wait for locks, as everywhere else
            await driver.set_autocommit(False)
            if self._sqlite:
                await driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except self._dbapi.Error:  # a connection that broke meanwhile goes, as in `_insert`
            await _drop(connection)
            return
        await connection.close()

    async def close(self) -> None:
        """Give the ack path's connections back to the pool, and stop renewing claims (at shutdown)."""
        if self._renewer is not None:
            self._renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewer
        kept, self._kept = self._kept, []
        for connection, driver in kept:
            await self._give_back(connection, driver)

    async def _retry_case(self, delivery: Delivery, now: datetime) -> Recorded:
        async with self.engine.connect() as conn:
            if delivery.client_msg_id:
                found = await conn.execute(_BY_KEY_OR_MESSAGE, {
                    "key": delivery.key, "workspace": delivery.workspace, "channel": delivery.channel,
                    "client_msg_id": delivery.client_msg_id})
            else:
                found = await conn.execute(_BY_KEY, {"key": delivery.key})
            existing = found.first()
        if existing is None:  # a conflict with a row that is gone again: nothing sensible to do but skip
            return Recorded(None, "duplicate")
        if existing.status != "received":
            return Recorded(None, "duplicate")
        if as_utc(existing.claimed_at or existing.received_at) > now - LEASE:
            return Recorded(None, "in_progress")
        return Recorded(existing.id, "taken_over")

    async def mark_processed(self, conn: AsyncConnection, row_id: int, outgoing: list[dict[str, Any]],
                             workspace: str, channel: str, in_order: bool = True) -> None:
        """Inside the turn's transaction: the row is processed, with what to post; raises `AlreadyProcessed` if
        it already was, and (`in_order`) `EarlierWaiting` while an earlier delivery of its channel is not.

        A turn with nothing to post finishes the row here (done), so it needs no transaction of its own.
        """
        values = {"row_id": row_id, "status": "processed" if outgoing else "done", "outgoing": outgoing,
                  "now": self.clock(), "ws": workspace, "ch": channel}
        result = await conn.execute(_PROCESSED_IN_ORDER if in_order else _PROCESSED, values)
        if result.rowcount != 1:
            if in_order and await conn.scalar(_STATUS, {"row_id": row_id}) == "received":
                raise EarlierWaiting(row_id)
            raise AlreadyProcessed(row_id)

    async def claim_posting(self, row_id: int) -> tuple[list[dict[str, Any]], int] | None:
        """Take over posting a processed row whose processor died: (messages, how many were sent), or None."""
        now = self.clock()
        async with self.engine.begin() as conn:
            result = await conn.execute(_CLAIM_POSTING, {"row_id": row_id, "now": now, "expired": now - LEASE})
            if result.rowcount != 1:
                return None
            row = (await conn.execute(_ROW, {"row_id": row_id})).one()
            return list(row.outgoing or []), row.sent

    def posting(self, row_id: int) -> None:
        """This process posts the row's replies now: its claim is renewed every third of the lease until
        `posted`, however long Slack makes it wait (one UPDATE for all such rows, by one task per process)."""
        self._posting.add(row_id)
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.create_task(self._renew_claims())

    def posted(self, row_id: int) -> None:
        self._posting.discard(row_id)

    async def _renew_claims(self) -> None:
        while True:
            await asyncio.sleep(LEASE.total_seconds() / 3)
            rows = list(self._posting)
            if not rows:
                continue
            try:
                async with self.engine.begin() as conn:
                    await conn.execute(_RENEW, {"row_ids": rows, "now": self.clock()})
            except Exception:  # the next round tries again; the posts go on either way
                log.warning("could not renew the claims on inbox rows %s", rows, exc_info=True)

    async def mark_done(self, row_id: int, error: str | None = None) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(_DONE, {"row_id": row_id, "error": error[:500] if error else None})

    async def mark_turn_failed(self, row_id: int, error: str) -> None:
        """A turn that raised: the row is finished with its error, unless another turn of it committed."""
        async with self.engine.begin() as conn:
            await conn.execute(_FAILED_TURN, {"row_id": row_id, "error": error[:500]})

    async def earlier_received(self, workspace: str, channel: str, row_id: int) -> list[int]:
        """Rows of the same channel that came in before this one and whose turn has not committed yet."""
        async with self.engine.connect() as conn:
            return list(await conn.scalars(_EARLIER_RECEIVED, {"workspace": workspace, "channel": channel,
                                                               "row_id": row_id}))

    async def mark_undelivered(self, row_id: int, reason: str) -> None:
        """Slack never took this row's replies: kept (never pruned while undelivered) and shown as a failure."""
        async with self.engine.begin() as conn:
            await conn.execute(_UNDELIVERED, {"row_id": row_id, "error": f"{UNDELIVERED}: {reason}"[:500]})

    async def undelivered_question(self, workspace: str, channel: str, row_id: int) -> NotDelivered | None:
        """The newest row of the channel whose replies, a question among them, Slack has not taken (yet)."""
        async with self.engine.connect() as conn:
            rows = (await conn.execute(_NOT_DELIVERED, {"workspace": workspace, "channel": channel,
                                                         "row_id": row_id})).all()
        for row in rows:
            unsent = list(row.outgoing or [])[row.sent:]
            if any(message.get("live") for message in unsent):
                return NotDelivered(row.id, row.status == UNDELIVERED, unsent)
        return None

    async def take_undelivered(self, conn: AsyncConnection, row_id: int) -> bool:
        """In the transaction of the row that asks again what this one could not deliver; False if another did."""
        return (await conn.execute(_ASKED_AGAIN, {"row_id": row_id})).rowcount == 1

    async def received(self, workspace: str, channel: str, client_msg_id: str) -> bool:
        """Whether this person's message (by its ts) reached the coach (and is still in the inbox)."""
        async with self.engine.connect() as conn:
            return await conn.scalar(_MESSAGE_RECEIVED, {"workspace": workspace, "channel": channel,
                                                         "client_msg_id": client_msg_id}) is not None

    async def received_delivery(self, row_id: int) -> Delivery | None:
        """The delivery of a row whose turn has not committed yet; None once it has (or the row is gone)."""
        async with self.engine.connect() as conn:
            payload = await conn.scalar(_RECEIVED_PAYLOAD, {"row_id": row_id})
        return None if payload is None else Delivery.from_json(payload)

    async def prune(self) -> int:
        """Delete finished rows received more than `KEEP_DONE` ago; returns how many went."""
        async with self.engine.begin() as conn:
            result = await conn.execute(_PRUNE, {"before": self.clock() - KEEP_DONE})
            return result.rowcount

    async def pending(self, startup: bool = False, limit: int = 100) -> list[Pending]:
        """Rows to recover: turns that never committed (at startup all of them; later those no longer in
        flight), and processed rows not fully posted whose processor died (claim older than LEASE)."""
        now = self.clock()
        received_before = now if startup else now - IN_FLIGHT
        async with self.engine.connect() as conn:
            rows = await conn.execute(_PENDING, {"received_before": received_before, "expired": now - LEASE,
                                                 "limit": limit})
            return [Pending(r.id, r.status, Delivery.from_json(r.payload)) for r in rows]


async def _drop(connection: AsyncConnection) -> None:
    try:  # the pool must not hand out a connection whose state SQLAlchemy does not know
        await connection.invalidate()
        await connection.close()
    except Exception:  # a connection that already broke has nothing left to give back
        log.debug("dropping an inbox connection failed", exc_info=True)
