"""The scan: for every team, what is due now and not yet in the outbox gets written there.

Runs every minute (an APScheduler job) and is safe to run any number of times, from any number of
processes: the outbox's unique key turns repeats into no-ops. Missed minutes (a restart, a
stopped process) are caught up by the next scan, up to each kind's staleness limit.

Teams are scanned in bounded batches of `SCAN_BATCH`: the teams are read, what is due is worked
out outside any transaction, what is already posted is read together with everything the due posts
show (KPI history, check-ins' and summaries' data: scheduler/inputs.py), the payloads are built
with no session open, and the rows go in with one short insert. So a deadline at which 10,000 teams'
reports fall due never holds a long transaction, nor all payloads in memory. Batches keep each
workspace's teams together (only a workspace of more teams than a batch is split), so a person
with KPIs in several teams of one workspace whose reminders fall due together gets one message
listing each team's KPIs; the other teams' rows are written as
`merged`, so their keys exist and nothing is sent twice. Charts travel as data (drawn natively
by the platforms): nothing is rendered here.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler import content, inputs, payload
from scheduler.due import NUDGE_KINDS, Post, due_posts
from scheduler.outbox import enqueue
from scheduler.state import TeamBundle, cycle_team_ids, load_bundles
from scheduler.timing import warm_up
from storage.cycle_models import OutboxMessage
from storage.models import Team

log = logging.getLogger(__name__)

SCAN_BATCH = 150  # teams per batch: its read snapshot and its insert stay well under a second
MERGED_KINDS = ("reminder", *NUDGE_KINDS)


@dataclass
class ScanResult:
    enqueued: int = 0
    posts: list[tuple[int, Post]] = field(default_factory=list)
    batches: int = 0
    longest_transaction: float = 0.0  # seconds
    transactions: list[float] = field(default_factory=list)  # each database transaction's, in seconds


async def _existing_keys(session: AsyncSession, team_ids: Sequence[int],
                         periods: Iterable[str]) -> set[tuple[int, str, str, str]]:
    rows = await session.execute(
        select(OutboxMessage.team_id, OutboxMessage.kind, OutboxMessage.period, OutboxMessage.recipient)
        .where(OutboxMessage.team_id.in_(team_ids), OutboxMessage.period.in_(sorted(set(periods))))
    )
    return {tuple(r) for r in rows}  # type: ignore[misc]


def destination(bundle: TeamBundle, post: Post) -> tuple[str, str] | None:
    """(kind, address) on the team's platform; None when there is nowhere to send it."""
    if post.recipient.startswith("user:"):
        return "user", post.recipient.removeprefix("user:")
    if post.recipient == "leadership":
        channel = bundle.state.schedule.leadership_channel
        return ("channel", channel.lstrip("#")) if channel else None
    return "channel", bundle.external_id


def _row(bundle: TeamBundle, post: Post, where: tuple[str, str], dumped: list[dict[str, Any]], now: datetime,
         status: str = "pending") -> dict[str, Any]:
    return {
        "team_id": bundle.team_id, "kind": post.kind, "period": post.period, "recipient": post.recipient,
        "platform": bundle.platform, "workspace": bundle.workspace, "team_external": bundle.external_id,
        "dest_kind": where[0], "address": where[1], "payload": dumped,
        "due_at": post.due_at, "next_attempt_at": post.due_at, "status": status, "attempts": 0,
        "created_at": now,
    }


def _dump(replies: list[Any], key: str) -> list[dict[str, Any]]:
    dumped = payload.dump(replies)
    # The key travels with the post, so a deliverer (or a fake) can recognise a repeat.
    dumped[0].setdefault("meta", {})["outbox_key"] = key
    return dumped


def _key(bundle: TeamBundle, post: Post) -> str:
    return f"{bundle.team_id}/{post.kind}/{post.period}/{post.recipient}"


def _person_groups(due: list[tuple[TeamBundle, Post]]) -> dict[tuple[Any, ...], list[tuple[TeamBundle, Post]]]:
    """Reminders and nudges to one person (same platform and workspace) for one period, across teams."""
    groups: dict[tuple[Any, ...], list[tuple[TeamBundle, Post]]] = defaultdict(list)
    for bundle, post in due:
        if post.kind in MERGED_KINDS and post.recipient.startswith("user:"):
            groups[(bundle.platform, bundle.workspace, post.recipient, post.kind, post.period)].append((bundle, post))
    return groups


class _Timer:
    """Times each database transaction of a batch (the benchmark's "no transaction over one second")."""

    def __init__(self, result: ScanResult) -> None:
        self.result = result

    def took(self, began: float) -> None:
        self.result.transactions.append(time.perf_counter() - began)
        self.result.longest_transaction = max(self.result.transactions)


async def _not_yet_posted(session: AsyncSession, now: datetime,
                          due: list[tuple[TeamBundle, Post]]) -> list[tuple[TeamBundle, Post]]:
    """The due posts that are not in the outbox yet, with everything they show loaded (`inputs.preload`)."""
    existing = await _existing_keys(session, sorted({b.team_id for b, _ in due}), (p.period for _, p in due))
    due = [(b, p) for b, p in due if (b.team_id, *p.key) not in existing]
    await inputs.preload(session, due, now)
    return due


def _rows(now: datetime, due: list[tuple[TeamBundle, Post]], result: ScanResult) -> list[dict[str, Any]]:
    """The outbox rows of a batch, payloads and all, from the loaded bundles: no database."""
    rows: list[dict[str, Any]] = []
    carried: set[tuple[int, str, str, str]] = set()
    for parts in _person_groups(due).values():
        if len(parts) < 2:
            continue
        first_bundle, first_post = parts[0]
        where = destination(first_bundle, first_post)
        assert where is not None  # a user recipient always has an address
        replies = content.combined_reminder(parts, nudge=first_post.kind != "reminder")
        rows.append(_row(first_bundle, first_post, where, _dump(replies, _key(first_bundle, first_post)), now))
        for bundle, post in parts[1:]:
            rows.append(_row(bundle, post, where, [], now, status="merged"))
        carried.update((b.team_id, *p.key) for b, p in parts)
        result.posts.extend((b.team_id, p) for b, p in parts)
    for bundle, post in due:
        if (bundle.team_id, *post.key) in carried:
            continue
        where = destination(bundle, post)
        replies = content.build(bundle, post, now) if where is not None else []
        if where is None or not replies:
            continue
        rows.append(_row(bundle, post, where, _dump(replies, _key(bundle, post)), now))
        result.posts.append((bundle.team_id, post))
    return rows


async def _scan_batch(sessions: async_sessionmaker[AsyncSession], now: datetime, team_ids: Sequence[int],
                      result: ScanResult) -> int:
    """Three short transactions: read the teams; read what is already posted and everything the due posts
    show; insert. What is due and the payloads are worked out between them, with no session open.

    The insert's ON CONFLICT DO NOTHING on the outbox key keeps this exactly-once even when another
    scan wrote the same post between the read and the write."""
    timer = _Timer(result)
    async with sessions() as session:
        began = time.perf_counter()
        async with session.begin():
            bundles = await load_bundles(session, now, team_ids)
        timer.took(began)
        due = [(b, p) for b in bundles for p in due_posts(now, b.state)]  # pure: outside the snapshot
        if not due:
            return 0
        began = time.perf_counter()
        async with session.begin():
            due = await _not_yet_posted(session, now, due)
        timer.took(began)
    if not due:
        return 0
    rows = _rows(now, due, result)  # the session is closed: building cannot read, nor hold a transaction
    began = time.perf_counter()
    async with sessions() as session, session.begin():
        added = await enqueue(session, rows)
    timer.took(began)
    return added


async def _batches(sessions: async_sessionmaker[AsyncSession], team_ids: Iterable[int] | None,
                   size: int) -> list[list[int]]:
    """The teams in batches of at most `size`, whole workspaces together where they fit: one person's teams
    in a workspace share a batch (and a message); only a workspace larger than a batch is split."""
    async with sessions() as session:
        ids = set(team_ids) if team_ids is not None else await cycle_team_ids(session)
        if not ids:
            return []
        rows = (await session.execute(select(Team.id, Team.workspace_id).order_by(Team.workspace_id, Team.id)))
        workspaces: dict[int, list[int]] = defaultdict(list)
        for team_id, workspace_id in rows:
            if team_id in ids:
                workspaces[workspace_id].append(team_id)
    batches: list[list[int]] = []
    current: list[int] = []
    for teams in workspaces.values():
        if current and len(current) + len(teams) > size:
            batches.append(current)
            current = []
        for start in range(0, len(teams), size):
            part = teams[start:start + size]
            if len(part) == size:
                batches.append(part)
            else:
                current.extend(part)
    if current:
        batches.append(current)
    return batches


async def scan(sessions: async_sessionmaker[AsyncSession], now: datetime,
               team_ids: Iterable[int] | None = None, batch: int = SCAN_BATCH) -> ScanResult:
    """Scan every team (or `team_ids`) at `now`, batch by batch."""
    result = ScanResult()
    now = now.astimezone(UTC)  # SQLite keeps no zone: everything stored is UTC
    warm_up(now.year)  # the holidays tables load once, before any transaction, not inside the first one
    for team_batch in await _batches(sessions, team_ids, batch):
        added = await _scan_batch(sessions, now, team_batch, result)
        result.enqueued += added
        result.batches += 1
        await asyncio.sleep(0)  # chat turns get the event loop between batches
    if result.enqueued:
        log.info("scan at %s enqueued %d posts in %d batches (longest transaction %.2f s)", now.isoformat(),
                 result.enqueued, result.batches, result.longest_transaction)
    return result
