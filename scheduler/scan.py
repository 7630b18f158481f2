"""The scan: for every team, what is due now and not yet in the outbox gets written there.

Runs every minute (an APScheduler job) and is safe to run any number of times, from any number of
processes: the outbox's unique key turns repeats into no-ops. Missed minutes (a restart, a
stopped process) are caught up by the next scan, up to each kind's staleness limit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler import content, payload
from scheduler.due import Post, due_posts
from scheduler.outbox import enqueue
from scheduler.state import TeamBundle, load_bundles
from storage.cycle_models import CycleSchedule, OutboxMessage

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    enqueued: int = 0
    posts: list[tuple[int, Post]] = field(default_factory=list)


async def _existing_keys(session: AsyncSession, periods: Iterable[str]) -> set[tuple[int, str, str, str]]:
    rows = await session.execute(
        select(OutboxMessage.team_id, OutboxMessage.kind, OutboxMessage.period, OutboxMessage.recipient)
        .where(OutboxMessage.period.in_(sorted(set(periods))))
    )
    return {tuple(r) for r in rows}  # type: ignore[misc]


async def destination(session: AsyncSession, bundle: TeamBundle, post: Post) -> tuple[str, str] | None:
    """(kind, address) on the team's platform; None when there is nowhere to send it."""
    if post.recipient.startswith("user:"):
        return "user", post.recipient.removeprefix("user:")
    if post.recipient == "leadership":
        row = await session.get(CycleSchedule, bundle.team_id)
        channel = row.leadership_channel if row else None
        return ("channel", channel.lstrip("#")) if channel else None
    return "channel", bundle.external_id


async def scan(sessions: async_sessionmaker[AsyncSession], now: datetime,
               team_ids: Iterable[int] | None = None) -> ScanResult:
    result = ScanResult()
    now = now.astimezone(UTC)  # SQLite keeps no zone: everything stored is UTC
    async with sessions() as session, session.begin():
        bundles = await load_bundles(session, now, team_ids)
        due = [(b, p) for b in bundles for p in due_posts(now, b.state)]
        if not due:
            return result
        existing = await _existing_keys(session, (p.period for _, p in due))
        rows: list[dict[str, Any]] = []
        for bundle, post in due:
            if (bundle.team_id, *post.key) in existing:
                continue
            where = await destination(session, bundle, post)
            replies = await content.build(session, bundle, post, now)
            if where is None or not replies:
                continue
            dumped = payload.dump(replies)
            # The key travels with the post, so a deliverer (or a fake) can recognise a repeat.
            key = f"{bundle.team_id}/{post.kind}/{post.period}/{post.recipient}"
            dumped[0].setdefault("meta", {})["outbox_key"] = key
            rows.append({
                "team_id": bundle.team_id, "kind": post.kind, "period": post.period, "recipient": post.recipient,
                "platform": bundle.platform, "workspace": bundle.workspace, "team_external": bundle.external_id,
                "dest_kind": where[0], "address": where[1], "payload": dumped,
                "due_at": post.due_at, "next_attempt_at": post.due_at, "status": "pending", "attempts": 0,
                "created_at": now,
            })
            result.posts.append((bundle.team_id, post))
        result.enqueued = await enqueue(session, rows)
    if result.enqueued:
        log.info("scan at %s enqueued %d posts", now.isoformat(), result.enqueued)
    return result


