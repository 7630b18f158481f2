"""The outbox: each scheduled post written once under (team, kind, period, recipient), then claimed,
sent and marked — or retried with backoff and, when the platform keeps refusing, reported.

Claiming uses `FOR UPDATE SKIP LOCKED` on PostgreSQL (two senders never take the same row) and a
lease column everywhere (SQLite, which serialises writers, and crash recovery: a row whose sender
died is claimable again once its lease runs out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.cycle_models import OutboxMessage, UnreachableRecipient

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 12
MAX_BACKOFF = timedelta(hours=6)
PERMANENT_RETRY = timedelta(hours=6)  # "not installed" may be fixed by a person; try again now and then


def _insert(session: AsyncSession, model: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


async def enqueue(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Insert posts that are not there yet (ON CONFLICT DO NOTHING on the unique key); returns how many."""
    inserted = 0
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        statement = _insert(session, OutboxMessage).on_conflict_do_nothing(
            index_elements=["team_id", "kind", "period", "recipient"]).returning(OutboxMessage.id)
        result = await session.execute(statement, list(chunk))
        inserted += len(result.all())
    return inserted


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes, at most six hours."""
    return min(timedelta(minutes=2 ** max(0, attempts - 1)), MAX_BACKOFF)


async def claim(session: AsyncSession, now: datetime, worker: str, limit: int) -> list[OutboxMessage]:
    ready = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
               or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(await session.scalars(ready))
    if not ids:
        return []
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(ids))
        .values(claimed_until=now + LEASE, claimed_by=worker).execution_options(synchronize_session=False)
    )
    rows = await session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id))
    return list(rows)


@dataclass(frozen=True)
class Outcome:
    id: int
    ok: bool
    message_id: str | None = None
    error: str | None = None
    retry_after: float | None = None
    permanent: bool = False


_SENT = (update(OutboxMessage.__table__)
         .where(OutboxMessage.__table__.c.id == bindparam("row_id"),
                OutboxMessage.__table__.c.claimed_by == bindparam("worker"))
         .values(status="sent", sent_at=bindparam("now"), message_id=bindparam("message_id"), claimed_until=None,
                 attempts=OutboxMessage.__table__.c.attempts + 1, last_error=None))


async def record(session: AsyncSession, rows: dict[int, OutboxMessage], outcomes: Sequence[Outcome],
                 now: datetime, worker: str) -> None:
    """Mark sent only what the platform accepted; schedule retries; report who could not be reached.

    The accepted ones (nearly all, at a deadline) are one executemany and one UPDATE, so a batch of
    hundreds stays a short transaction."""
    sent = [o for o in outcomes if o.ok]
    if sent:
        await session.execute(_SENT, [{"row_id": o.id, "worker": worker, "now": now, "message_id": o.message_id}
                                      for o in sent])
        await session.execute(
            update(UnreachableRecipient).where(UnreachableRecipient.outbox_id.in_([o.id for o in sent]),
                                               UnreachableRecipient.resolved_at.is_(None))
            .values(resolved_at=now).execution_options(synchronize_session=False))
    for outcome in outcomes:
        if outcome.ok:
            continue
        row = rows[outcome.id]
        attempts = row.attempts + 1
        if outcome.retry_after is not None:
            delay = timedelta(seconds=max(1.0, outcome.retry_after))
        else:
            delay = PERMANENT_RETRY if outcome.permanent else backoff(attempts)
        given_up = attempts >= MAX_ATTEMPTS
        await session.execute(
            update(OutboxMessage).where(OutboxMessage.id == row.id, OutboxMessage.claimed_by == worker)
            .values(attempts=attempts, last_error=(outcome.error or "")[:2000], claimed_until=None,
                    next_attempt_at=now + delay, status="failed" if given_up else "pending")
            .execution_options(synchronize_session=False))
        if outcome.permanent or given_up:
            await session.execute(
                _insert(session, UnreachableRecipient).on_conflict_do_nothing(index_elements=["outbox_id"]),
                {"team_id": row.team_id, "outbox_id": row.id, "recipient": row.recipient, "address": row.address,
                 "kind": row.kind, "error": (outcome.error or "")[:2000], "created_at": now})
