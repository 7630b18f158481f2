"""The inbox: every answer Slack delivers is a row before Slack gets its 200, processed exactly once.

Three retry cases (agno PR #10073): a duplicate of a processed delivery is skipped; a retry whose
first delivery never reached us (no row) is processed; a retry that arrives while the first is still
being processed (row exists, not processed, recent) is skipped. Rows are claimed with a conditional
UPDATE, so the request's own background task, a Slack retry and the recovery pass can never run one
row twice; a row claimed by a process that died is taken over after `LEASE`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.slack.translate import Delivery
from storage.slack_models import SlackInbox

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # far longer than a turn plus its posts take; a claim older than this is dead


@dataclass(frozen=True)
class Recorded:
    row_id: int | None  # the row to process now; None: skip (duplicate, or still being processed)
    reason: str  # new | duplicate | in_progress | taken_over


class Inbox:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]) -> None:
        self.sessions = sessions
        self.clock = clock

    async def record(self, delivery: Delivery) -> Recorded:
        """Insert the delivery (before the ack); on a conflict decide which retry case this is."""
        now = self.clock()
        row = SlackInbox(
            delivery_key=delivery.key, workspace=delivery.workspace, channel=delivery.channel,
            client_msg_id=delivery.client_msg_id, kind=delivery.kind, payload=delivery.to_json(),
            status="received", received_at=now, sent=0,
        )
        try:
            async with self.sessions() as session, session.begin():
                session.add(row)
            return Recorded(row.id, "new")
        except IntegrityError:
            pass
        async with self.sessions() as session:
            existing = await session.scalar(select(SlackInbox).where(or_(
                SlackInbox.delivery_key == delivery.key,
                and_(SlackInbox.workspace == delivery.workspace, SlackInbox.channel == delivery.channel,
                     SlackInbox.client_msg_id == delivery.client_msg_id) if delivery.client_msg_id else False,
            )))
        if existing is None:  # a conflict with a row that is gone again: nothing sensible to do but skip
            return Recorded(None, "duplicate")
        if existing.status != "received":
            return Recorded(None, "duplicate")
        if _aware(existing.claimed_at or existing.received_at) > now - LEASE:
            return Recorded(None, "in_progress")
        return Recorded(existing.id, "taken_over")

    async def claim(self, row_id: int) -> SlackInbox | None:
        """Take the row for processing; None when someone else holds a live claim or it is finished."""
        now = self.clock()
        async with self.sessions() as session, session.begin():
            result = await session.execute(
                update(SlackInbox)
                .where(SlackInbox.id == row_id, SlackInbox.status.in_(("received", "processed")),
                       or_(SlackInbox.claimed_at.is_(None), SlackInbox.claimed_at < now - LEASE))
                .values(claimed_at=now)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                return None
            return await session.get(SlackInbox, row_id)

    async def mark_processed(self, row_id: int, outgoing: list[dict[str, Any]]) -> None:
        async with self.sessions() as session, session.begin():
            await session.execute(update(SlackInbox).where(SlackInbox.id == row_id)
                                  .values(status="processed", outgoing=outgoing, sent=0))

    async def mark_done(self, row_id: int, error: str | None = None) -> None:
        async with self.sessions() as session, session.begin():
            await session.execute(update(SlackInbox).where(SlackInbox.id == row_id)
                                  .values(status="done", error=error[:500] if error else None))

    async def pending(self, limit: int = 100) -> list[int]:
        """Rows to recover: not finished, and unclaimed or claimed by a process that died."""
        now = self.clock()
        async with self.sessions() as session:
            rows = await session.scalars(
                select(SlackInbox.id)
                .where(SlackInbox.status.in_(("received", "processed")),
                       or_(SlackInbox.claimed_at.is_(None), SlackInbox.claimed_at < now - LEASE))
                .order_by(SlackInbox.id).limit(limit)
            )
            return list(rows)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)
